"""Stored reader HTML: each story rendered once when it changes, not on every request.

A story's page or teaser card shows a dozen related rows (bylines and their people, the
court, organisations, topics, photos and their renditions, corrections) through a few hundred
template nodes: ~20 ms a page. Readers' pages instead read one ``ArticleRender`` row per story
holding its card, home-page lead block, <head> tags and <article> element, rendered from the
same templates a preview uses, and add only what depends on other stories (related stories,
previous/next in the court, lists).

Freshness does not depend on timing. Every change to anything a story's HTML shows gives the
story a new random ``render_stamp`` inside the same transaction (model signals below), and a
stored render is served only while it carries the story's current stamp and was made by the
current templates and settings (``render_version``). A render made from data that changed
while it was being made carries the old stamp and is never served; it is simply made again.
Missing or outdated renders are made by the request that needs them (and stored), after each
commit for the stories it touched, and in bulk by ``manage.py render_articles``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from html import escape
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from articles import listings
from articles.listings import teaser_list_html
from articles.models import (
    Article,
    ArticleByline,
    ArticleImage,
    ArticleRender,
    Correction,
    Image,
    Rendition,
    TaggedArticle,
    Topic,
    story_url_maker,
)
from newsroom.sql import aware, db_datetime, fetch
from people.models import Organization, OrganizationLink, Person

# Edits within this time of publishing are not announced as "更新于".
UPDATE_NOTICE_AFTER = timedelta(minutes=30)
# Stories re-rendered right after a commit; a larger change (a renamed court with thousands of
# stories) leaves the rest to the requests that show them and to `render_articles`.
REFRESH_AFTER_COMMIT_MAX = 50
BATCH = 200
PARTS = ("card", "lead", "head", "main")


def _sources_digest() -> str:
    """Hash the templates and the code renders are made from (a deploy that changes them
    makes every stored render outdated). Read once per process, except with DEBUG on, where
    templates are edited while the server runs."""
    return _read_sources() if settings.DEBUG else _read_sources_once()


@cache
def _read_sources_once() -> str:
    return _read_sources()


def _read_sources() -> str:
    from articles import bylines, imaging, sanitize
    from articles.templatetags import article_tags

    digest = hashlib.sha256()
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.read_bytes())
    for module in (article_tags, bylines, imaging, sanitize):
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


def new_stamp() -> int:
    return secrets.randbits(62) + 1


# Rendering


def courts_of(articles: list[Article]) -> dict[int, Organization | None]:
    """Return each story's court: the nearest court at or above its first organisation.

    One query for any number of stories (their organisations must be prefetched).
    """
    first = {a.pk: orgs[0] for a in articles if (orgs := list(a.organizations.all()))}
    prefixes = {
        org.path[:i]
        for org in first.values()
        for i in range(org.steplen, len(org.path) + 1, org.steplen)
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
        "card": render_to_string("includes/article_card.html", context).strip(),
        "lead": render_to_string("includes/lead_story.html", {**context, "lead": article}).strip(),
        "head": render_to_string("includes/article_head.html", context).strip(),
        "main": render_to_string("includes/article_main.html", context).strip(),
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


def stored(article: Article) -> ArticleRender | None:
    """Return the story's stored render if it may be served (fetched with the story)."""
    render = getattr(article, "render", None)
    if render is None or render.stamp != article.render_stamp:
        return None
    if render.version != render_version():
        return None
    return render


@dataclass(frozen=True, slots=True)
class StoredPage:
    """What the article page takes from a story's render."""

    head: SafeString
    main: SafeString
    court: Organization | OrganizationLink | None
    topic_ids: list[int]

    @classmethod
    def of(cls, render: ArticleRender) -> StoredPage:
        return cls(
            head=mark_safe(render.head),
            main=mark_safe(render.main),
            court=render.court,
            topic_ids=[int(pk) for pk in render.topic_ids.split(",") if pk],
        )


def live_page(article: Article) -> StoredPage:
    """Render a story's page parts now, not stored (previews; article from ``for_detail()``)."""
    court = courts_of([article])[article.pk]
    parts = render_parts(article, court, preview=not article.is_public)
    return StoredPage(
        head=mark_safe(parts["head"]),
        main=mark_safe(parts["main"]),
        court=court,
        topic_ids=[topic.pk for topic in article.tags.all()],
    )


def page_of(article: Article) -> StoredPage | None:
    """Return a public story's page parts: stored ones if current, else rendered and stored."""
    page = getattr(article, "stored_page", None)
    if page is None and article.is_public:
        render = refresh([article.pk]).get(article.pk)
        page = StoredPage.of(render) if render is not None else None
    return page


@cache
def _story_sql(vendor: str, *, with_around: bool) -> str:
    """The article page's statement for readers, built once per process and database."""
    if with_around:
        return listings.story_with_around_sql(_story_sql(vendor, with_around=False))
    q = connection.ops.quote_name
    return (
        "SELECT a.id AS id, a.slug AS slug, a.headline AS headline, a.status AS status,"
        " a.published_at AS published_at, a.created_at AS created_at,"
        " a.render_stamp AS render_stamp, r.stamp AS r_stamp, r.version AS r_version,"
        " r.head AS r_head, r.main AS r_main, r.topic_ids AS r_topic_ids, c.id AS c_id,"
        " c.name AS c_name, c.short_name AS c_short, c.slug AS c_slug"
        f" FROM {q(Article._meta.db_table)} a"
        f" LEFT JOIN {q(ArticleRender._meta.db_table)} r ON r.article_id = a.id"
        f" LEFT JOIN {q(Organization._meta.db_table)} c ON c.id = r.court_id"
        f" WHERE a.slug = %(slug)s AND {listings.VISIBLE_SQL} AND a.published_at <= %(now)s"
    )


def public_story(slug: str) -> Article | None:
    """Find the public story with this (current) slug and its stored page, in one query.

    The article page's lookup for readers: the story (the fields the page needs) comes with
    ``stored_page`` set when its stored render is current (see ``page_of`` otherwise). On
    PostgreSQL the same query also brings the stories around it (``around``, as
    ``listings.around()`` returns them), so a stored article page is one round trip.
    """
    params = {"slug": slug, "now": db_datetime(timezone.now())}
    with_around = connection.vendor == "postgresql"
    if with_around:
        rows = fetch(_story_sql(connection.vendor, with_around=True), params)
        story = next((row[1:] for row in rows if row[0] == "s"), None)
    else:
        rows, story = [], fetch(_story_sql(connection.vendor, with_around=False), params, one=True)
    if story is None:
        return None
    (pk, slug, headline, status, published_at, created_at, stamp) = story[:7]
    (r_stamp, r_version, r_head, r_main, r_topics, c_id, c_name, c_short, c_slug) = story[7:]
    article = Article(
        id=pk,
        slug=slug,
        headline=headline,
        status=status,
        published_at=aware(published_at),
        created_at=aware(created_at),
        render_stamp=stamp,
    )
    article._stored_slug = slug
    article.stored_page = article.around = None
    if r_stamp == stamp and r_version == render_version():
        court = None
        if c_id is not None:
            court = OrganizationLink(c_id, c_name, c_short, c_slug)
        article.stored_page = StoredPage(
            head=mark_safe(r_head),
            main=mark_safe(r_main),
            court=court,
            topic_ids=[int(pk) for pk in r_topics.split(",") if pk],
        )
        if with_around:
            # Neighbours found through the stored court: valid only with a current render.
            article.around = listings.around_from_rows(
                (part, pk, headline, slug, at) for part, pk, slug, headline, _, at, *_ in rows
            )
    return article


# Page frames: a page template rendered once per process around slots, then filled in.

SLOT = re.compile("\x00([a-z_]+)\x00")
# Frames kept per process: one per court, person and topic page readers visit (10-30 kB each).
FRAMES_KEPT = 1024
_frames: dict[tuple, Frame] = {}
_frames_lock = threading.Lock()


def slot(name: str) -> SafeString:
    """Return the marker of a frame's slot: where a page's per-request HTML goes."""
    return mark_safe(f"\x00{name}\x00")


@dataclass(frozen=True, slots=True)
class Frame:
    """A rendered page template cut at its slots: static text and slot names, alternating."""

    pieces: tuple[str, ...]

    def fill(self, **html: str) -> str:
        pieces = list(self.pieces)
        for i in range(1, len(pieces), 2):
            pieces[i] = html[pieces[i]]
        return "".join(pieces)


def frame(template_name: str, key: Hashable, build: Callable[[], dict], request=None) -> Frame:
    """Return the page template rendered around slots, rendered once per process for each key.

    Most of a reader's page (the base template, a court's breadcrumb and branches, a person's
    details) is the same from one request to the next; only the stories change. ``build()``
    returns the template's context: slots (``slot()``) for the per-request parts and values
    that must all be derived from ``key``, so that a frame is never older than what it shows.
    The request's path (canonical URL) is part of the key; frames must show nothing else of
    the request or its user. Not kept with DEBUG on (templates change).
    """
    full_key = (
        template_name,
        key,
        request.path if request is not None else None,
        get_language(),
        settings.PUBLICATION_NAME,
        settings.SITE_URL,
        get_script_prefix(),
    )
    found = _frames.get(full_key)
    if found is None:
        html = render_to_string(template_name, build(), request)
        found = Frame(tuple(SLOT.split(html)))
        if not settings.DEBUG:
            with _frames_lock:  # threaded servers
                while len(_frames) >= FRAMES_KEPT:
                    del _frames[next(iter(_frames))]  # the oldest
                _frames[full_key] = found
    return found


def article_frame() -> Frame:
    """The article page around a story (base template: head links, header, footer)."""
    return frame(
        "articles/article_detail.html",
        None,
        lambda: {"page_head": slot("head"), "page_content": slot("content")},
    )


def article_page_html(article: Article, page: StoredPage, around: dict, preview: bool) -> str:
    """Return the whole article page: shell, stored head and <article>, and what is around."""
    parts = []
    if preview:
        parts.append(
            render_to_string(
                "includes/preview_banner.html", {"article": article, "is_preview": True}
            )
        )
    parts.append(page.main)
    url_of = story_url_maker()
    previous, following = around.get("previous_in_court"), around.get("next_in_court")
    if previous or following:
        links = "".join(
            f'<a rel="{rel}" href="{escape(url_of(story.published_at, story.slug))}">'
            f"<span>{label}</span>{escape(story.headline)}</a>"
            for rel, label, story in (("prev", "上一篇", previous), ("next", "下一篇", following))
            if story is not None
        )
        parts.append(
            f'<nav class="court-nav" aria-label="{escape(page.court.display_name)}的上一篇和下一篇">'
            f"{links}</nav>"
        )
    if around.get("related"):
        parts.append(
            '<section class="related" aria-labelledby="related-title">'
            '<h2 id="related-title">相关报道</h2>'
            f"{teaser_list_html(around['related'], url_of)}</section>"
        )
    return article_frame().fill(head=page.head, content="\n".join(parts))


# Readers' lists of teaser cards.


@dataclass(slots=True)
class Card:
    """A story in a list: its stored teaser card (and home-page lead block)."""

    pk: int
    lead_image_id: int | None
    card: SafeString
    lead_html: SafeString | None = None


class Cards:
    """A list of published stories, newest first, as stored cards: what listing pages page.

    Sliced (by the paginator) it runs one query for the slice, joining each story's stored
    render, and renders the few outdated ones; ``count_upto`` counts with a limit. Built with
    ``Cards.of()`` (a court with everything under it, a topic, a person: one index range) or
    ``Cards.latest()`` (every published story).
    """

    def __init__(self, source: str, where: str, params: list, *, lead: bool = False):
        self.source, self.where, self.params, self.lead = source, where, params, lead
        self.expected: tuple[int, int] | None = None  # the window a page will ask for
        self._fetched: tuple[int, list] | None = None  # (start, rows) fetched with the count

    def expect(self, start: int, stop: int) -> None:
        """Say which window will be asked for: the count then fetches it too, one query."""
        self.expected = (start, stop)

    @classmethod
    def of(cls, kind: str, key: int, *, lead: bool = False) -> Cards:
        where = f"l.kind = %s AND l.{listings.tables()['key']} = %s AND l.published_at <= %s"
        return cls("listing", where, [str(kind), key, db_datetime(timezone.now())], lead=lead)

    @classmethod
    def latest(cls, *, lead: bool = False) -> Cards:
        where = f"{listings.VISIBLE_SQL} AND a.published_at <= %s"
        return cls("article", where, [db_datetime(timezone.now())], lead=lead)

    def _from(self) -> tuple[str, str]:
        """Return the FROM clause (with the story as ``a``) and the ordering columns."""
        t = listings.tables()
        if self.source == "listing":
            return (
                f"{t['L']} l JOIN {t['A']} a ON a.id = l.article_id",
                "l.published_at DESC, l.article_id DESC",
            )
        return f"{t['A']} a", "a.published_at DESC, a.id DESC"

    def _count_sql(self) -> str:
        t = listings.tables()
        source = f"{t['L']} l" if self.source == "listing" else f"{t['A']} a"
        return f"SELECT COUNT(*) FROM (SELECT 1 AS x FROM {source} WHERE {self.where} LIMIT %s) c"

    def _rows(self, start: int, stop: int, count_limit: int | None = None) -> list:
        """Fetch a window of stories with their stored cards (and the count as last column)."""
        source, order = self._from()
        count = f", ({self._count_sql()}) AS total" if count_limit is not None else ""
        sql = (
            "SELECT a.id, a.lead_image_id, a.render_stamp, r.stamp, r.version, r.card"
            f"{', r.lead' if self.lead else ', NULL'}{count} FROM {source}"
            f" LEFT JOIN {listings.tables()['R']} r ON r.article_id = a.id"
            f" WHERE {self.where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        counting = [*self.params, count_limit] if count_limit is not None else []
        return fetch(sql, [*counting, *self.params, stop - start, start])

    def count_upto(self, limit: int) -> int:
        """Count the stories, stopping at ``limit`` (with the expected window, one query)."""
        if self.expected is not None and self._fetched is None:
            start, stop = self.expected
            rows = self._rows(start, stop, count_limit=limit)
            if rows:
                self._fetched = (start, rows)
                return rows[0][7]
        return fetch(self._count_sql(), [*self.params, limit], one=True)[0]

    def __getitem__(self, window: slice) -> list[Card]:
        start, stop = window.start or 0, window.stop
        if self._fetched is not None and self._fetched[0] == start and self.expected[1] >= stop:
            rows = self._fetched[1][: stop - start]
        else:
            rows = self._rows(start, stop)
        version = render_version()
        fresh = {row[0] for row in rows if row[3] == row[2] and row[4] == version}
        made = (
            refresh([row[0] for row in rows if row[0] not in fresh])
            if len(fresh) < len(rows)
            else {}
        )
        cards = []
        for row in rows:
            pk, lead_image_id = row[0], row[1]
            if pk in fresh:
                card, lead = row[5], row[6]
            elif pk in made:
                card, lead = made[pk].card, made[pk].lead
            else:
                continue  # deleted meanwhile
            cards.append(
                Card(pk, lead_image_id, mark_safe(card), mark_safe(lead) if lead else None)
            )
        return cards


def attach_cards(articles: Iterable[Article], *, lead: bool = False) -> list[Article]:
    """Give each story of a list (from ``for_cards()``) its ``card`` (and ``lead_html``),
    rendering outdated ones.

    Stories deleted meanwhile are dropped from the list.
    """
    articles = list(articles)
    renders = {a.pk: r for a in articles if (r := stored(a)) is not None}
    missing = [a.pk for a in articles if a.pk not in renders]
    if missing:
        renders.update(refresh(missing))
    shown = []
    for article in articles:
        render = renders.get(article.pk)
        if render is not None:
            article.card = mark_safe(render.card)
            if lead:
                article.lead_html = mark_safe(render.lead)
            shown.append(article)
    return shown


def eager(card: str) -> SafeString:
    """Return a card whose thumbnail loads at once (cards are stored lazy-loading)."""
    return mark_safe(card.replace(' loading="lazy"', "", 1))


# Invalidation: in the changing transaction, re-rendered after the commit.


def invalidate(articles: QuerySet | Iterable[int]) -> None:
    """Give these stories a new render stamp now; re-render them once the change commits."""
    if isinstance(articles, QuerySet):
        ids_query = articles.values("pk")
        Article.objects.filter(pk__in=ids_query).update(render_stamp=new_stamp())
        ids = list(
            ids_query.order_by()[: REFRESH_AFTER_COMMIT_MAX + 1].values_list("pk", flat=True)
        )
    else:
        ids = list(dict.fromkeys(pk for pk in articles if pk is not None))
        if not ids:
            return
        Article.objects.filter(pk__in=ids).update(render_stamp=new_stamp())
    if ids and len(ids) <= REFRESH_AFTER_COMMIT_MAX:
        transaction.on_commit(lambda: _enqueue_refresh(ids))


def _enqueue_refresh(ids: list[int]) -> None:
    from articles.tasks import refresh_article_renders

    refresh_article_renders.enqueue(ids)


def stories_showing_image(image_id: int) -> QuerySet:
    return Article.objects.filter(
        Q(pk__in=ArticleImage.objects.filter(image_id=image_id).values("article_id"))
        | Q(lead_image_id=image_id)
    )


def stories_showing_person(person_id: int) -> QuerySet:
    images = Image.objects.filter(credit_person_id=person_id).values("pk")
    return Article.objects.filter(
        Q(pk__in=ArticleByline.objects.filter(person_id=person_id).values("article_id"))
        | Q(pk__in=ArticleImage.objects.filter(image_id__in=images).values("article_id"))
    )


def stories_showing_organization(organization: Organization) -> QuerySet:
    """Stories about the organisation or anything under it (their court may be it)."""
    subtree = Organization.objects.filter(path__startswith=organization.path).values("pk")
    through = Article.organizations.through
    return Article.objects.filter(
        pk__in=through.objects.filter(organization_id__in=subtree).values("article_id")
    )


def stories_with_topic(topic_id: int) -> QuerySet:
    return Article.objects.filter(
        pk__in=TaggedArticle.objects.filter(tag_id=topic_id).values("content_object_id")
    )


def _on_article_saved(sender, instance, **kwargs):
    invalidate([instance.pk])


def _on_part_changed(sender, instance, **kwargs):
    # ArticleByline, Correction, ArticleImage: rows that belong to one story.
    invalidate([instance.article_id])


def _on_tagging_changed(sender, instance, **kwargs):
    invalidate([instance.content_object_id])


def _on_article_m2m_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:
        invalidate([instance.pk])
    elif action == "pre_clear":
        # Clearing from the other side (an organisation's stories): pk_set is not given.
        invalidate(instance.articles.all() if hasattr(instance, "articles") else [])
    else:
        invalidate(pk_set or [])


def _on_image_changed(sender, instance, **kwargs):
    invalidate(stories_showing_image(instance.pk))


def _on_rendition_changed(sender, instance, **kwargs):
    invalidate(stories_showing_image(instance.image_id))


# What pages show of the people, organisations and topics stories link to: saving one of them
# without changing these (a person's bio, a court's description) leaves every render valid.
SHOWN_FIELDS = {
    Person: ("name", "slug"),
    Organization: ("name", "short_name", "slug", "kind", "path"),
    Topic: ("name", "slug"),
}
STORIES_SHOWING = {
    Person: lambda person: stories_showing_person(person.pk),
    Organization: stories_showing_organization,
    Topic: lambda topic: stories_with_topic(topic.pk),
}


def _note_shown_values(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        fields = SHOWN_FIELDS[sender]
        instance._render_shown = (
            sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
        )


def _on_linked_saved(sender, instance, created, raw=False, **kwargs):
    old = instance.__dict__.pop("_render_shown", None)
    if raw or created or old is None:
        return  # a new person, court or topic is not on any story yet
    if old != tuple(getattr(instance, f) for f in SHOWN_FIELDS[sender]):
        invalidate(STORIES_SHOWING[sender](instance))


def _on_linked_deleted(sender, instance, **kwargs):
    invalidate(STORIES_SHOWING[sender](instance))


def organization_moved(organization: Organization) -> None:
    """Call after moving an organisation in the tree: its stories' court may have changed."""
    invalidate(stories_showing_organization(organization))


def connect_signals() -> None:
    """Connect the invalidation receivers (articles.apps)."""
    from django.db.models import signals

    def both(receiver, model, uid, deletion=signals.post_delete):
        signals.post_save.connect(receiver, sender=model, dispatch_uid=f"render-{uid}-save")
        deletion.connect(receiver, sender=model, dispatch_uid=f"render-{uid}-delete")

    signals.post_save.connect(_on_article_saved, sender=Article, dispatch_uid="render-article")
    for model in (ArticleByline, Correction, ArticleImage):
        both(_on_part_changed, model, model.__name__)
    both(_on_tagging_changed, TaggedArticle, "tagging")
    signals.m2m_changed.connect(
        _on_article_m2m_changed, sender=Article.organizations.through, dispatch_uid="render-orgs"
    )
    signals.m2m_changed.connect(
        _on_article_m2m_changed, sender=TaggedArticle, dispatch_uid="render-tags"
    )
    # Before a deletion, while the rows that lead to the stories still exist.
    both(_on_image_changed, Image, "image", signals.pre_delete)
    both(_on_rendition_changed, Rendition, "rendition")
    for model in SHOWN_FIELDS:
        uid = model.__name__
        signals.pre_save.connect(_note_shown_values, sender=model, dispatch_uid=f"render-{uid}-pre")
        signals.post_save.connect(_on_linked_saved, sender=model, dispatch_uid=f"render-{uid}")
        signals.pre_delete.connect(
            _on_linked_deleted, sender=model, dispatch_uid=f"render-{uid}-del"
        )
