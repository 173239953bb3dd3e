from django.apps import AppConfig
from django.core.signals import setting_changed


def apply_pixel_limit(**kwargs) -> None:
    """Make Pillow's decompression-bomb guard use our pixel limit, everywhere images open."""
    from django.conf import settings
    from PIL import Image

    if kwargs.get("setting") in (None, "IMAGE_MAX_PIXELS"):
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


def reset_originals_storage(**kwargs) -> None:
    """Forget the cached originals storage when a test overrides STORAGES."""
    if kwargs.get("setting") == "STORAGES":
        from django.utils.functional import empty

        from articles.storage import originals_storage

        originals_storage._wrapped = empty


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        apply_pixel_limit()
        setting_changed.connect(apply_pixel_limit)
        setting_changed.connect(reset_originals_storage)

        from articles import cache, listings, rendering, signals

        signals.article_changed.connect(cache.on_article_changed, dispatch_uid="page_cache")
        rendering.connect_signals()
        listings.connect_signals()
