"""Whole-page cache for readers that a newsroom can trust.

Every cached page is stored with the site-wide content *generation* it was rendered in, and
is served only while that generation is current. Any committed change to what readers may see
(``articles.signals.content_committed``: a story, its bylines, people, organisations, topics,
photos, wherever the change was made) starts a new generation, so every cached page goes stale at once: no list of dependent URLs to
get wrong. A page rendered during a change is stored under the old generation and never served.

Scheduled stories (published, publish time in the future) must appear on time: the generation
remembers the earliest future publish time, pages are cached no longer than until then, and the
first request after it starts a new generation.

Only anonymous GET/HEAD requests are served from or stored in the cache; staff (and therefore
previews) always get a fresh page. Production needs a cache shared by all workers (Redis via
CACHE_URL); with the per-process local-memory cache, page caching is off unless
PAGE_CACHE_SECONDS is set explicitly, because one worker could not tell the others.
"""

from __future__ import annotations

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from articles.models import Article

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
UNSTORED_HEADERS = {"set-cookie", "x-page-cache"}


def _new_state() -> tuple[int, float | None]:
    """Return a never-used generation token and the next scheduled publish time (epoch)."""
    next_at = (
        Article.objects.becoming_visible()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return time.time_ns(), next_at.timestamp() if next_at else None


def current_state() -> tuple[int, float | None]:
    """Return (generation, next scheduled publish time), starting a generation if needed."""
    state = cache.get(STATE_KEY)
    if state is None:
        state = _new_state()
        # add() loses to a concurrent bump; then use what it stored.
        if not cache.add(STATE_KEY, state, None):
            state = cache.get(STATE_KEY) or state
    _generation, next_at = state
    if next_at is not None and next_at <= time.time():
        # A scheduled story has just gone live: every list may have changed.
        state = _new_state()
        cache.set(STATE_KEY, state, None)
    return state


def start_new_generation() -> None:
    """Make every cached page stale now."""
    try:
        cache.set(STATE_KEY, _new_state(), None)
    except Exception:
        # The change itself is saved; only the cache could not be told. Pages then expire
        # within PAGE_CACHE_SECONDS. Say so loudly instead of failing the editor's request.
        logger.exception("Could not start a new page cache generation")


def page_cache_seconds() -> int:
    return settings.PAGE_CACHE_SECONDS


def cache_for_readers(view):
    """Mark the view's successful responses as fit for the readers' page cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Belt and braces: staff carry a session cookie and bypass the cache anyway.
        if not request.user.is_authenticated:
            response.cache_for_readers = True
        return response

    return wrapper


class PageCacheMiddleware:
    """Serve anonymous readers' GETs from the page cache; store the views marked for it.

    It sits right after SecurityMiddleware and WhiteNoise, so a hit skips sessions, CSRF, auth
    and URL resolving, in one cache round trip (state and page read together). Requests with
    a session cookie (staff, previews) always reach the view. The headers the inner
    middleware added are stored with the page; SecurityMiddleware adds its own on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        key = self.key_for(request)
        try:
            found = cache.get_many([STATE_KEY, key])
            state = found.get(STATE_KEY)
            page = found.get(key)
            if state is None or (state[1] is not None and state[1] <= time.time()):
                state = current_state()
        except Exception:
            # Readers still get pages (uncached) while the cache server is away.
            logger.exception("Page cache unavailable")
            return self.get_response(request)
        generation, next_at = state
        if page is not None and page[0] == generation:
            return self.replay(page)
        response = self.get_response(request)
        timeout = page_cache_seconds()
        if next_at is not None:
            timeout = min(timeout, int(next_at - time.time()))
        if self.storable(response) and timeout > 0:
            headers = {k: v for k, v in response.items() if k.lower() not in UNSTORED_HEADERS}
            try:
                cache.set(
                    key, (generation, response.content, response.status_code, headers), timeout
                )
            except Exception:
                logger.exception("Page cache unavailable")
        if getattr(response, "cache_for_readers", False):
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def applies_to(request) -> bool:
        return (
            page_cache_seconds() > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def key_for(request) -> str:
        url = f"{request.get_host()}{request.get_full_path()}"
        return "pagecache:" + hashlib.sha1(url.encode(), usedforsecurity=False).hexdigest()

    @staticmethod
    def storable(response) -> bool:
        return (
            getattr(response, "cache_for_readers", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    @staticmethod
    def replay(page) -> HttpResponse:
        _generation, content, status, headers = page
        response = HttpResponse(content, status=status, headers=headers)
        response["X-Page-Cache"] = "hit"
        return response
