"""Pinyin slugs for Chinese names: readable URLs instead of percent-encoding."""

from collections.abc import Callable

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
