"""Changes to the image library: uploads, replacements, renditions and deletions.

Views, admin actions and commands call these. Stories that show an image follow its changes
through the articles app's change tracking (articles/changes.py), not through calls from here.
"""

from __future__ import annotations

from django.db import transaction

from images import imaging
from images.models import Image
from images.tasks import generate_image_renditions


def _delete_files(names: list[tuple[object, str]]) -> None:
    for storage, name in names:
        storage.delete(name)


@transaction.atomic
def save_image(image: Image, user=None) -> Image:
    """Save a library image; on a new upload or focal point, (re)generate its renditions.

    The master is derived from the upload in Image.save(); renditions are made by a task once
    the transaction commits (at once with the immediate backend, by db_worker in production).
    """
    previous = (
        Image.objects.filter(pk=image.pk).values("focal_point_x", "focal_point_y").first()
        if image.pk
        else None
    )
    new_upload = image.has_new_upload()
    if image.pk is None and user is not None:
        image.uploaded_by = user
    replaced = []
    if previous is not None and new_upload:
        # A replaced photo: its old original and master go once the new ones are committed.
        old = Image.objects.only("file", "master").get(pk=image.pk)
        replaced = [(f.storage, f.name) for f in (old.file, old.master) if f]
    image.save()
    if replaced:
        transaction.on_commit(lambda: _delete_files(replaced))
    stale = image.renditions.none()
    if previous is not None and new_upload:
        stale = image.renditions.all()
    elif previous is not None and (previous["focal_point_x"], previous["focal_point_y"]) != (
        image.focal_point_x,
        image.focal_point_y,
    ):
        stale = image.renditions.filter(
            spec__in=[s.name for s in imaging.SIZES.values() if s.mode == "crop"]
        )
    old_files = [(r.file.storage, r.file.name) for r in stale]
    if old_files:
        stale.delete()
        transaction.on_commit(lambda: _delete_files(old_files))
    transaction.on_commit(lambda: generate_image_renditions.enqueue(image.pk))
    return image


@transaction.atomic
def upload_images(files, *, user=None, **fields) -> list[Image]:
    """Save several uploads as library images sharing caption, credit and alt text."""
    return [save_image(Image(file=f, **fields), user=user) for f in files]


@transaction.atomic
def delete_image(image: Image) -> None:
    """Delete a library image and its files; stories using it lose the photo.

    The lead image link is cleared by the database (SET_NULL); a body figure of a deleted image
    is left out when the page renders.
    """
    files = [(image.file.storage, image.file.name)] if image.file else []
    if image.master:
        files.append((image.master.storage, image.master.name))
    files += [(r.file.storage, r.file.name) for r in image.renditions.all()]
    image.delete()
    transaction.on_commit(lambda: _delete_files(files))
