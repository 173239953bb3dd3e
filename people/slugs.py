"""Pinyin slugs for Chinese names: readable URLs instead of percent-encoding."""

import functools
from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

MAX_SLUG_LENGTH = 80


def pinyin_slug(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return a lowercase ASCII slug: Han characters as toneless pinyin, words joined by '-'."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    slug = slugify(" ".join(syllables))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def unique_slug(base: str, exists: Callable[[str], bool], fallback: str = "item") -> str:
    """Return base, or base-2, base-3 ... the first that `exists` says is free."""
    base = base or fallback
    candidate, n = base, 1
    while exists(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


SLUG_MARKER = "slug-marker-0"


def slug_url(view_name: str, slug: str) -> str:
    """Return ``reverse(view_name, kwargs={"slug": slug})``, quickly.

    Readers' pages link dozens of courts, people and topics each; reverse() per link cost a
    good part of a court page. The URL is reversed once with a marker and filled in.
    """
    return _slug_url_format(view_name, get_urlconf(), get_script_prefix()).format(slug=slug)


@functools.cache
def _slug_url_format(view_name: str, urlconf, prefix: str) -> str:
    url = reverse(view_name, kwargs={"slug": SLUG_MARKER}, urlconf=urlconf)
    return url.replace("{", "{{").replace("}", "}}").replace(SLUG_MARKER, "{slug}")
