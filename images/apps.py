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

        from images.storage import originals_storage

        originals_storage._wrapped = empty


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = "图片库"

    def ready(self):
        apply_pixel_limit()
        setting_changed.connect(apply_pixel_limit)
        setting_changed.connect(reset_originals_storage)
