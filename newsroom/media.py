"""Public media (image masters and renditions) served by the app itself, for a site on one
machine with no front web server (README, "Serving media").

Django's own ``static.serve`` is for development only; this view is what a front server would
do for ``MEDIA_ROOT``, and no more: GET and HEAD of image files under ``MEDIA_ROOT`` only
(resolved through symlinks, so nothing outside it and nothing in ``PRIVATE_MEDIA_ROOT``, where
the uploaded originals keep their GPS), cache headers, conditional requests answered 304, and
the file streamed by the WSGI server (gunicorn uses sendfile).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# Only what the image library writes (masters and renditions); anything else is not ours.
MEDIA_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def public_file(name: str) -> Path:
    """Return the file under MEDIA_ROOT that a media URL names, or raise Http404.

    Refused: any empty, ".", ".." or hidden (dot) part, a backslash or NUL, a type the image
    library does not write, and anything that resolves (symlinks followed) outside MEDIA_ROOT
    or inside PRIVATE_MEDIA_ROOT.
    """
    parts = name.split("/")
    if any(not part or part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        raise Http404("没有这个文件。")
    if Path(name).suffix.lower() not in MEDIA_TYPES:
        raise Http404("没有这个文件。")
    root = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = root.joinpath(*parts).resolve()
    if not _inside(path, root) or _inside(path, private) or not path.is_file():
        raise Http404("没有这个文件。")
    return path


@require_safe
def serve_media(request, name: str):
    """Serve a public image file with cache headers (settings.MEDIA_CACHE_SECONDS)."""
    path = public_file(name)
    stat = path.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    last_modified = int(stat.st_mtime)
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        response = not_modified
    else:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Length"] = str(stat.st_size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    return response


@checks.register(checks.Tags.security)
def check_private_media_apart(app_configs=None, **kwargs):
    """The originals' folder must not lie inside the public media folder, nor contain it."""
    if not settings.MEDIA_SERVE:
        return []
    public = Path(settings.MEDIA_ROOT).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if _inside(private, public) or _inside(public, private):
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT must not lie inside MEDIA_ROOT (or contain it): uploaded "
                "originals keep their EXIF and GPS and must never be public.",
                id="newsroom.E001",
            )
        ]
    return []


def media_url_prefix() -> str | None:
    """Return the URL prefix the app serves media under ("media/"), or None when it does not
    (MEDIA_SERVE off, object storage, or MEDIA_URL on another host)."""
    url = settings.MEDIA_URL
    if not settings.MEDIA_SERVE or settings.MEDIA_STORAGE != "local" or "://" in url:
        return None
    return url.strip("/") + "/"
