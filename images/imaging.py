"""Image processing: the public master and the named renditions readers' pages use.

An upload is kept as it came (EXIF and GPS intact) in the private "originals" storage. From it
we make one *master*: EXIF orientation applied, every metadata block dropped, scaled to fit
IMAGE_MASTER_MAX_EDGE. Renditions are made from the master only, so nothing a reader can fetch
ever carries the original's metadata.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

SRGB_PROFILE = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Size:
    """A named rendition size: crop to a ratio or fit the width, at several widths (srcset)."""

    name: str
    label: str
    mode: str  # "crop" (fill the ratio, around the focal point) or "fit" (keep the whole photo)
    widths: tuple[int, ...]
    sizes: str  # the <img sizes> attribute: how wide the picture shows on phones and desktops
    ratio: float | None = None  # width / height, for crops

    @property
    def display_width(self) -> int:
        """The width the picture shows at on a desktop (1x); the <img> fallback uses it."""
        return self.widths[0] if self.mode == "crop" else self.widths[len(self.widths) // 2]


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("thumbnail", "缩略图", "crop", (160, 320), "160px", ratio=1.0),
        Size("teaser", "列表图", "crop", (400, 800), "(max-width: 600px) 100vw, 400px", ratio=1.5),
        Size("article", "正文图", "fit", (480, 800, 1200), "(max-width: 840px) 100vw, 800px"),
        Size("full", "大图", "fit", (1600, 2400), "100vw"),
    )
}


@dataclass(frozen=True)
class OutputFormat:
    name: str
    pil_format: str
    mime_type: str
    extension: str
    options: dict


FORMATS: dict[str, OutputFormat] = {
    "webp": OutputFormat("webp", "WEBP", "image/webp", "webp", {"quality": 80, "method": 4}),
    "jpeg": OutputFormat(
        "jpeg", "JPEG", "image/jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}
    ),
}


# --- opening images safely ---------------------------------------------------------------


def open_image(fileobj) -> PILImage.Image:
    """Open an image, treating Pillow's decompression-bomb *warning* as an error too."""
    fileobj.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        return PILImage.open(fileobj)


def flatten(image: PILImage.Image) -> PILImage.Image:
    """Return an RGB image (or RGBA when the photo has transparency) of the first frame."""
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # animated GIF/WebP: the site shows the first frame
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    return image if image.mode == mode else image.convert(mode)  # convert() always copies


def _to_srgb(image: PILImage.Image, icc_profile: bytes | None) -> PILImage.Image:
    """Convert from the photo's embedded colour profile (Display P3, Adobe RGB …) to sRGB.

    The master carries no profile (nothing from the original is copied), so its pixels must
    already be sRGB, what browsers assume; a damaged profile is ignored rather than refused.
    """
    if not icc_profile or image.mode != "RGB":
        return image
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source_profile, SRGB_PROFILE, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


# --- the public master ---------------------------------------------------------------------


def build_master(fileobj) -> tuple[ContentFile, int, int]:
    """Return the stripped, right-way-up master of an upload, with its width and height."""
    max_edge = settings.IMAGE_MASTER_MAX_EDGE
    with open_image(fileobj) as source:
        width, height = source.size
        if source.format == "JPEG":
            # Decode at a reduced scale straight from the JPEG when the master is much smaller:
            # a 24-megapixel photo then never sits in memory at full size.
            scale = min(1.0, max_edge / max(width, height))
            source.draft("RGB", (int(width * scale), int(height * scale)))
        icc_profile = source.info.get("icc_profile")
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            ImageOps.exif_transpose(source, in_place=True)  # loads the pixels; no extra copy
        image = _to_srgb(flatten(source), icc_profile)
    image.thumbnail((max_edge, max_edge), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    # No exif=, no pnginfo: Pillow writes no metadata unless asked, so EXIF and GPS stay behind.
    if image.mode == "RGBA":
        image.save(buffer, "PNG", optimize=True)
        extension = "png"
    else:
        image.save(buffer, "JPEG", quality=90, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"master.{extension}"), image.width, image.height


# --- renditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    spec: str
    width: int
    height: int


def rendition_targets(image) -> list[Target]:
    """Return the (size, width, height) renditions an image gets, never upscaled, deduplicated."""
    source_w, source_h = image.width, image.height
    if not (source_w and source_h):
        return []
    targets = []
    for size in SIZES.values():
        seen = set()
        for wanted in size.widths:
            if size.mode == "crop":
                # The largest crop of the ratio that fits the source, then scaled to the width.
                crop_w = min(source_w, round(source_h * size.ratio))
                width = min(wanted, crop_w)
                height = max(1, round(width / size.ratio))
            else:
                width = min(wanted, source_w)
                height = max(1, round(source_h * width / source_w))
            if width not in seen:
                seen.add(width)
                targets.append(Target(size.name, width, height))
    return targets


def crop_box(
    source_w: int, source_h: int, ratio: float, focal: tuple[float, float] | None
) -> tuple[int, int, int, int]:
    """Return the largest box of the ratio inside the source, centred on the focal point."""
    crop_w = min(source_w, round(source_h * ratio))
    crop_h = min(source_h, round(crop_w / ratio))
    fx, fy = focal or (0.5, 0.5)
    left = min(max(0, round(fx * source_w - crop_w / 2)), source_w - crop_w)
    top = min(max(0, round(fy * source_h - crop_h / 2)), source_h - crop_h)
    return left, top, left + crop_w, top + crop_h


def resize_to_target(
    source: PILImage.Image, target: Target, focal: tuple[float, float] | None = None
) -> PILImage.Image:
    """Resize (and for crops, crop around the focal point) the loaded master to the target."""
    size = SIZES[target.spec]
    box = (
        crop_box(source.width, source.height, size.ratio, focal)
        if size.mode == "crop"
        else (0, 0, source.width, source.height)
    )
    return source.resize(
        (target.width, target.height), PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0
    )


def encode_rendition(resized: PILImage.Image, output: OutputFormat) -> bytes:
    """Encode one rendition file; no metadata is written (no exif=, no icc_profile=)."""
    if output.pil_format == "JPEG" and resized.mode != "RGB":
        # JPEG has no transparency: lay the picture on white, as a page would show it.
        background = PILImage.new("RGB", resized.size, (255, 255, 255))
        background.paste(resized, mask=resized.getchannel("A") if "A" in resized.mode else None)
        resized = background
    buffer = io.BytesIO()
    resized.save(buffer, output.pil_format, **output.options)
    return buffer.getvalue()


# --- choosing renditions for a page ---------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """What a <picture> needs: the fallback image, the srcsets per format and the dimensions."""

    src: str
    width: int
    height: int
    sizes: str
    webp_srcset: str
    jpeg_srcset: str


def picture_for(image, size_name: str) -> Picture | None:
    """Return the picture of an image at a named size from its (prefetched) renditions.

    Reads image.renditions.all(), so list and detail pages prefetch them: no query per image,
    and nothing is ever generated here. Before the task has run, the master stands in.
    """
    if image is None:
        return None
    size = SIZES[size_name]
    renditions = [r for r in image.renditions.all() if r.spec == size_name]
    by_format: dict[str, list] = {}
    for r in sorted(renditions, key=lambda r: r.width):
        by_format.setdefault(r.format, []).append(r)
    jpeg, webp = by_format.get("jpeg", []), by_format.get("webp", [])
    if not jpeg:
        if not image.master:
            return None
        return Picture(image.master.url, image.width, image.height, size.sizes, "", "")
    # The fallback <img> (and its width/height) is the one that fits the desktop layout at 1x.
    fitting = [r for r in jpeg if r.width <= size.display_width]
    fallback = fitting[-1] if fitting else jpeg[0]
    return Picture(
        src=fallback.file.url,
        width=fallback.width,
        height=fallback.height,
        sizes=size.sizes,
        webp_srcset=", ".join(f"{r.file.url} {r.width}w" for r in webp),
        jpeg_srcset=", ".join(f"{r.file.url} {r.width}w" for r in jpeg),
    )
