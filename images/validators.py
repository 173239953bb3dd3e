"""Upload checks that look at the file's content, never its name."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image as PILImage

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_file(file) -> None:
    """Refuse anything that is not a whole JPEG, PNG, WebP or GIF within the size limits."""
    max_bytes = settings.IMAGE_MAX_UPLOAD_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            "文件太大（%(size)s），上限为 %(limit)s。",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(file)
        with probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "不支持的图片格式 %(format)s，请上传 JPEG、PNG、WebP 或 GIF。",
                    code="bad_format",
                    params={"format": image_format or "未知"},
                )
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    "图片像素过多（%(w)s×%(h)s），请缩小后再上传。",
                    code="too_many_pixels",
                    params={"w": width, "h": height},
                )
            if image_format == "JPEG":
                # Decoding at 1/8 scale still reads every byte of the scan (so truncation is
                # caught) without a 24-megapixel bitmap in memory.
                probe.draft(probe.mode, (max(1, width // 8), max(1, height // 8)))
            probe.load()  # decode every byte: a truncated file fails here, not on the site
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise ValidationError(
            "图片像素过多（超过 %(limit)s 像素），可能是恶意构造的文件，请缩小后再上传。",
            code="too_many_pixels",
            params={"limit": f"{settings.IMAGE_MAX_PIXELS:,}"},
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            "文件不是完整有效的图片（可能已损坏或不是图片），请重新上传。", code="invalid_image"
        ) from exc
    finally:
        file.seek(position)
