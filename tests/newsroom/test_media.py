"""Public images are served by the app (no front server needed on one machine), safely: only
image files under MEDIA_ROOT, never the private originals, with cache headers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.files.base import ContentFile

from images.renditions import generate_renditions
from tests.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def test_a_photo_on_a_page_is_served_with_cache_headers(client):
    image = ImageFactory()
    response = client.get(image.master.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == image.master.read()
    assert f"max-age={settings.MEDIA_CACHE_SECONDS}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    again = client.get(image.master.url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_renditions_are_served(client):
    image = ImageFactory(file=ContentFile(jpeg_bytes(600, 400), name="scene.jpg"))
    renditions = generate_renditions(image)
    assert len(renditions) > 4
    for rendition in renditions:
        response = client.get(rendition.file.url)
        assert response.status_code == 200
        assert response["Content-Type"] == f"image/{rendition.format}"


def test_the_uploaded_original_is_never_served(client):
    """The original keeps its EXIF and GPS: no media URL reaches it, not even through a link
    planted in MEDIA_ROOT."""
    image = ImageFactory()
    original = Path(image.file.path)
    assert original.is_file()
    media = Path(settings.MEDIA_ROOT)
    (media / "images").mkdir(parents=True, exist_ok=True)
    (media / "images" / "linked.jpg").symlink_to(original)
    relative = os.path.relpath(original, media)
    for url in (
        "/media/images/linked.jpg",
        f"/media/{relative}",
        f"/media/{relative.replace('..', '%2e%2e')}",
        f"/media/{relative.replace('/', '%2f')}",
        f"/media/images/..%5c..%5c{original.name}",
        f"/media/{original.relative_to(original.parents[3])}",  # /media/originals/…
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "name",
    [
        "../newsroom/settings.py",
        "images/../../newsroom/settings.py",
        ".hidden.jpg",
        "images//x.jpg",
        "page.html",
        "images/x.svg",
        "no-such-file.jpg",
    ],
)
def test_anything_else_under_media_is_refused(client, name):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    for planted in ("page.html", ".hidden.jpg", "images/x.svg"):
        (media / planted).parent.mkdir(parents=True, exist_ok=True)
        (media / planted).write_text("<script>alert(1)</script>")
    assert client.get(f"/media/{name}").status_code == 404


def test_only_get_and_head(client):
    image = ImageFactory()
    assert client.head(image.master.url).status_code == 200
    assert client.post(image.master.url).status_code == 405


def test_originals_inside_the_public_folder_fail_the_system_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "originals"
    errors = [e for e in run_checks() if e.id == "newsroom.E001"]
    assert errors and "PRIVATE_MEDIA_ROOT" in errors[0].msg
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    assert not [e for e in run_checks() if e.id == "newsroom.E001"]
