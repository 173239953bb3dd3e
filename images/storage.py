"""Storages for images: the private store of uploaded originals (EXIF and GPS intact)."""

from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject


class PrivateFileSystemStorage(FileSystemStorage):
    """Local files with no public URL: staff fetch them through the admin, readers never."""

    def url(self, name):
        raise ValueError("Originals are private; serve them through the admin's download view.")


class OriginalsStorage(LazyObject):
    """The "originals" entry of settings.STORAGES, looked up on use (so tests can swap it)."""

    def _setup(self):
        self._wrapped = storages["originals"]


originals_storage = OriginalsStorage()


def get_originals_storage():
    """Return the originals storage (a callable, so migrations record a reference, not a path)."""
    return originals_storage
