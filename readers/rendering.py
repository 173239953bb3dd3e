"""Stored reader HTML: each story rendered once when it changes, not on every request.

A story's page or teaser card shows a dozen related rows (bylines and their people, the
court, organisations, topics, photos and their renditions, corrections) through a few hundred
template nodes. Readers' pages instead read one ``ArticleRender`` row per story holding its
card, home-page lead block, <head> tags and <article> element, rendered from the same
templates a preview uses, and add only what depends on other stories (related stories,
previous/next in the court, lists).

Freshness does not depend on timing. Every change to anything a story's HTML shows gives the
story a new content stamp (``Article.render_stamp``) in the changing transaction
(articles/changes.py), and a stored render is served only while it carries the story's current
stamp and was made by the current templates and settings (``render_version``). A render made
from data that changed while it was being made carries the old stamp and is never served; it
is simply made again: by the request that needs it, after each commit for the stories it
touched (readers/receivers.py), and in bulk by ``manage.py render_articles``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from people.models import Organization
from readers.models import ArticleRender

# Edits within this time of publishing are not announced as "更新于".
UPDATE_NOTICE_AFTER = timedelta(minutes=30)
BATCH = 200
PARTS = ("card", "lead", "head", "main")
# What a list of cards reads of each story (with select_related("render")).
CARD_FIELDS = (
    "slug",
    "headline",
    "published_at",
    "created_at",
    "lead_image",
    "render_stamp",
    "render__stamp",
    "render__version",
    "render__card",
    "render__lead",
)


def _sources_digest() -> str:
    """Hash the templates and the code renders are made from (a deploy that changes them
    makes every stored render outdated). Read once per process, except with DEBUG on, where
    templates are edited while the server runs."""
    return _read_sources() if settings.DEBUG else _read_sources_once()


@cache
def _read_sources_once() -> str:
    return _read_sources()


def _read_sources() -> str:
    from articles import bylines, sanitize
    from images import figures, imaging
    from readers.templatetags import readers_tags

    digest = hashlib.sha256()
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.read_bytes())
    for module in (readers_tags, bylines, figures, imaging, sanitize):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def render_version() -> str:
    """Return the version stored renders must carry: templates, code and the settings they show."""
    parts = (
        _sources_digest(),
        settings.SITE_URL,
        settings.PUBLICATION_NAME,
        settings.MEDIA_URL,
        repr(settings.STORAGES.get("default")),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def courts_of(articles: list[Article]) -> dict[int, Organization | None]:
    """Return each story's court: the nearest court at or above its first organisation.

    One query for any number of stories (their organisations must be prefetched).
    """
    first = {a.pk: orgs[0] for a in articles if (orgs := list(a.organizations.all()))}
    prefixes = {
        org.path[:end]
        for org in first.values()
        for end in range(org.steplen, len(org.path) + 1, org.steplen)
    }
    courts = {}
    if prefixes:
        courts = {c.path: c for c in Organization.objects.filter(path__in=prefixes).courts()}
    result = {}
    for article in articles:
        org = first.get(article.pk)
        result[article.pk] = None
        if org is not None:
            for end in range(len(org.path), 0, -org.steplen):
                if org.path[:end] in courts:
                    result[article.pk] = courts[org.path[:end]]
                    break
    return result


def was_updated(article: Article) -> bool:
    """Whether the page says "更新于": edited well after it was published."""
    return (
        article.published_at is not None
        and article.updated_at - article.published_at > UPDATE_NOTICE_AFTER
    )


def render_parts(article: Article, court: Organization | None, *, preview: bool = False) -> dict:
    """Render a story's stored parts (article from ``for_detail()``)."""
    context = {
        "article": article,
        "court": court,
        "is_preview": preview,
        "was_updated": was_updated(article),
        "PUBLICATION_NAME": settings.PUBLICATION_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    return {
        part: render_to_string(f"readers/includes/article_{part}.html", context).strip()
        for part in PARTS
    }


def refresh(article_ids: Iterable[int]) -> dict[int, ArticleRender]:
    """Render these stories from the database as it is now and store the renders."""
    ids = list(dict.fromkeys(article_ids))
    version = render_version()
    made = {}
    for start in range(0, len(ids), BATCH):
        articles = list(Article.objects.for_detail().filter(pk__in=ids[start : start + BATCH]))
        courts = courts_of(articles)
        renders = [
            ArticleRender(
                article=article,
                stamp=article.render_stamp,
                version=version,
                court=courts[article.pk],
                topic_ids=",".join(str(topic.pk) for topic in article.tags.all()),
                **render_parts(article, courts[article.pk]),
            )
            for article in articles
        ]
        # Last writer wins: a render from older data carries an older stamp and is not served.
        ArticleRender.objects.bulk_create(
            renders,
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["stamp", "version", "court", "topic_ids", *PARTS, "rendered_at"],
        )
        made.update((r.article_id, r) for r in renders)
    return made


def current(article: Article) -> ArticleRender | None:
    """Return the story's stored render if it may be served (fetched with the story)."""
    try:
        render = article.render
    except ArticleRender.DoesNotExist:
        return None
    if render.stamp != article.render_stamp or render.version != render_version():
        return None
    return render


def render_of(article: Article) -> ArticleRender | None:
    """Return a story's stored render: the current one, or one made (and stored) now."""
    return current(article) or refresh([article.pk]).get(article.pk)


def with_cards(articles: Iterable[Article]) -> list[Article]:
    """Give each story of a list (fetched with ``CARD_FIELDS``) a current ``render``.

    Outdated or missing renders are made in one batch; stories deleted meanwhile are dropped.
    """
    articles = list(articles)
    outdated = [a.pk for a in articles if current(a) is None]
    made = refresh(outdated) if outdated else {}
    shown = []
    for article in articles:
        if article.pk in made:
            article.render = made[article.pk]
        elif article.pk in outdated:
            continue
        shown.append(article)
    return shown


def live_parts(article: Article) -> tuple[dict[str, SafeString], Organization | None]:
    """Render a story's parts now, without storing them (previews; from ``for_detail()``)."""
    court = courts_of([article])[article.pk]
    parts = render_parts(article, court, preview=not article.is_public)
    return {name: mark_safe(html) for name, html in parts.items()}, court
