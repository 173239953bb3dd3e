from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from articles import changes, receivers
        from images.signals import image_validating

        changes.connect()
        image_validating.connect(
            receivers.keep_alt_text_of_public_photos, dispatch_uid="articles-alt-text"
        )
