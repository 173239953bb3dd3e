"""Signed preview links: show a draft to someone outside the newsroom, until it goes public.

The admin hands out the link (``token_for``); the readers' website checks it
(``article_id_for``) and renders the story as readers will see it.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "articles.preview"


class PreviewLinkExpired(Exception):
    """The link was genuine but is older than PREVIEW_LINK_MAX_AGE."""


class PreviewLinkInvalid(Exception):
    """The link was not made by this site (or was altered)."""


def token_for(article) -> str:
    """Return a signed, timestamped token naming the story."""
    return signing.dumps({"article": article.pk}, salt=SALT, compress=True)


def article_id_for(token: str) -> int | None:
    """Return the story a token names; raise PreviewLinkExpired or PreviewLinkInvalid."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewLinkExpired from error
    except signing.BadSignature as error:
        raise PreviewLinkInvalid from error
    article_id = data.get("article") if isinstance(data, dict) else None
    if not isinstance(article_id, int):
        raise PreviewLinkInvalid
    return article_id
