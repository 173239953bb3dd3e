from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app, so that its admin module (the site's titles) loads."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import media  # noqa: F401  (registers its system check)
