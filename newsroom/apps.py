from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: project-wide signal receivers."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import sql

        sql.connect_signals()
