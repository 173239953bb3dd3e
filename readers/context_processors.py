"""Template context for every readers' page: the addresses of the site's sections."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

# The sections every page links from its header and footer.
SECTIONS = ("home", "latest", "organization_list", "topic_list", "feed", "feed_atom")


def site_urls(request) -> dict:
    """``urls.home``, ``urls.latest`` …: reversed once per URLconf and script prefix (they
    depend on nothing else), not a dozen times on every page."""
    return {"urls": _site_urls(get_urlconf(), get_script_prefix())}


@functools.cache
def _site_urls(urlconf, prefix: str) -> dict[str, str]:
    return {name: reverse(f"readers:{name}", urlconf=urlconf) for name in SECTIONS}
