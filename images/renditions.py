"""Making an image's renditions from its master (run by the rendition task, never by pages)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from images import imaging
from images.models import Rendition


def generate_renditions(image) -> list:
    """Create the image's missing renditions (each at most once) and return all of them."""
    existing = {(r.spec, r.format, r.width): r for r in image.renditions.all()}
    wanted = [
        (target, output)
        for target in imaging.rendition_targets(image)
        for output in imaging.FORMATS.values()
        if (target.spec, output.name, target.width) not in existing
    ]
    if wanted and image.master:
        focal = image.focal_point
        with image.master.open("rb") as master, imaging.open_image(master) as source:
            source.load()
            source = imaging.flatten(source)
            resized, resized_for = None, None
            for target, output in wanted:  # grouped by target: one resize serves both formats
                if resized_for != target:
                    resized, resized_for = imaging.resize_to_target(source, target, focal), target
                data = imaging.encode_rendition(resized, output)
                rendition = Rendition(
                    image=image,
                    spec=target.spec,
                    format=output.name,
                    width=target.width,
                    height=target.height,
                )
                rendition.file.save(
                    f"{target.spec}-{target.width}x{target.height}.{output.extension}",
                    ContentFile(data),
                    save=False,
                )
                try:
                    with transaction.atomic():
                        rendition.save()
                except IntegrityError:
                    # Another worker made it first: keep theirs, drop our copy of the file.
                    rendition.file.delete(save=False)
                    continue
                existing[(target.spec, output.name, target.width)] = rendition
    return list(existing.values())
