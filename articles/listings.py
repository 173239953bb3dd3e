"""Readers' lists as one index: ``ArticleListing`` rows, kept in step with the stories.

A court's page lists the published stories about the court or anything under it; the question
"which stories, newest first" would otherwise walk the tree, the story-organisation links and
the stories' visibility on every request, and take longer the more stories there are. Each
published or scheduled story instead has one row per list it belongs to (every organisation it
is about and every one above it, each topic, each byline person) carrying its publish time, so
a page, its count and the article page's neighbours are short ranges of one index.

The rows are derived and rebuilt, inside the changing transaction, whenever a story, its
organisations, topics or bylines change (model signals below) and when an organisation moves
in the tree. Only published and scheduled stories have rows; the readers' queries add "their
time has come" (``published_at <= now``), so together they are the same rule as
``Article.objects.published()``. Bulk
writers that send no signals (the generator) call ``rebuild()`` themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape

from django.db import connection
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    VISIBLE_STATUSES,
    Article,
    ArticleByline,
    ArticleListing,
    ArticleRender,
    ListingKind,
    TaggedArticle,
    Topic,
    story_url,
    story_url_maker,
)
from newsroom.sql import aware, db_datetime, fetch
from people.models import Organization, OrganizationLink
from people.slugs import slug_url

# Related stories the article page shows: the newest of its court's and topics' lists (each
# list's newest this many are enough).
RELATED_PER_LIST = 5


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def tables() -> dict[str, str]:
    """Return the quoted table names the readers' raw SQL uses (and the quoted "key")."""
    return _quoted_tables(connection.vendor)


@functools.cache
def _quoted_tables(vendor: str) -> dict[str, str]:
    return {
        "L": _q(ArticleListing._meta.db_table),
        "A": _q(Article._meta.db_table),
        "R": _q(ArticleRender._meta.db_table),
        "AO": _q(Article.organizations.through._meta.db_table),
        "O": _q(Organization._meta.db_table),
        "T": _q(TaggedArticle._meta.db_table),
        "B": _q(ArticleByline._meta.db_table),
        "key": _q("key"),
    }


# "Visible status" for the readers' raw SQL, the statuses as literals rather than parameters:
# a prepared statement's generic plan can then use the partial index of visible stories
# (article_visible_newest_idx).
assert all(str(status).isidentifier() for status in VISIBLE_STATUSES)
VISIBLE_SQL = "a.status IN ({})".format(", ".join(f"'{status}'" for status in VISIBLE_STATUSES))


REBUILD_BATCH = 500


def rebuild(articles: QuerySet | Iterable[int] | None = None) -> None:
    """Rebuild the list entries of these stories (a queryset, ids, or None for every story)."""
    if articles is None:
        _rebuild("", [])
        return
    if isinstance(articles, QuerySet):
        # Read the ids first: the queryset may select stories through the very rows that the
        # rebuild deletes (an organisation's stories).
        articles = articles.order_by().values_list("pk", flat=True)
    ids = list(dict.fromkeys(pk for pk in articles if pk is not None))
    for start in range(0, len(ids), REBUILD_BATCH):
        batch = ids[start : start + REBUILD_BATCH]
        _rebuild(f" IN ({', '.join(['%s'] * len(batch))})", batch)


def _rebuild(ids_in: str, ids: list[int]) -> None:
    t = tables()
    where = f" AND a.id{ids_in}" if ids_in else ""
    depth = Organization.objects.aggregate(depth=Max("depth"))["depth"] or 1
    steplen = Organization.steplen
    lengths = " UNION ALL ".join(f"SELECT {steplen * d} AS n" for d in range(1, depth + 1))
    insert = f"""
        INSERT INTO {t["L"]} (kind, {t["key"]}, article_id, published_at)
        SELECT '{ListingKind.ORGANIZATION}', anc.id, a.id, a.published_at
          FROM {t["A"]} a
          JOIN {t["AO"]} ao ON ao.article_id = a.id
          JOIN {t["O"]} o ON o.id = ao.organization_id
          JOIN ({lengths}) lens ON lens.n <= LENGTH(o.path)
          JOIN {t["O"]} anc ON anc.path = SUBSTR(o.path, 1, lens.n)
         WHERE {VISIBLE_SQL}{where}
        UNION
        SELECT '{ListingKind.TOPIC}', tg.tag_id, a.id, a.published_at
          FROM {t["A"]} a JOIN {t["T"]} tg ON tg.content_object_id = a.id
         WHERE {VISIBLE_SQL}{where}
        UNION
        SELECT '{ListingKind.PERSON}', b.person_id, a.id, a.published_at
          FROM {t["A"]} a JOIN {t["B"]} b ON b.article_id = a.id
         WHERE {VISIBLE_SQL}{where}
    """
    with connection.cursor() as cursor:
        delete_where = f" WHERE article_id{ids_in}" if ids_in else ""
        cursor.execute(f"DELETE FROM {t['L']}{delete_where}", ids)
        cursor.execute(insert, ids * 3)


# What the article page shows around a story: previous/next in its court, related stories.


@dataclass(frozen=True, slots=True)
class Teaser:
    """A headline link to a story (related stories, previous/next)."""

    pk: int
    headline: str
    slug: str
    published_at: datetime

    def get_absolute_url(self) -> str:
        return story_url(self.published_at, self.slug)


def teaser_list_html(stories: Iterable[Teaser | Article], url_of=None, tz=None) -> SafeString:
    """Render a list of headline links with their dates (as includes/teaser_list.html did).

    Built in Python: it is on every article page and the home page, and the template version
    cost as much as the rest of the article page. Callers rendering several lists may pass
    ``story_url_maker()`` and the current time zone, looked up once.
    """
    items = []
    url_of = url_of or story_url_maker()
    tz = tz or timezone.get_current_timezone()
    for story in stories:
        local = story.published_at.astimezone(tz)
        items.append(
            f'<li><a href="{escape(url_of(story.published_at, story.slug))}">'
            f"{escape(story.headline)}</a>"
            f' <time datetime="{local.isoformat()}">{local.month}月{local.day}日</time></li>'
        )
    return mark_safe(f'<ul class="teasers">{"".join(items)}</ul>')


def around(article: Article, court_id: int | None, topic_ids: list[int]) -> dict:
    """Return ``previous_in_court``, ``next_in_court`` and ``related`` in one query.

    Related stories are the newest others in the story's topics and court, newest first.
    """
    t = tables()
    now = db_datetime(timezone.now())
    branches, params = [], []

    def branch(part: str, kind: str, key: int, extra: str, extra_params, order: str, limit: int):
        # Datetimes as the database stores them (SQLite compares text).
        branches.append(
            f"SELECT * FROM (SELECT '{part}' AS part, l.article_id AS story, l.published_at AS at"
            f" FROM {t['L']} l WHERE l.kind = %s AND l.{t['key']} = %s"
            f" AND l.published_at <= %s AND l.article_id <> %s{extra}"
            f" ORDER BY l.published_at {order}, l.article_id {order} LIMIT {int(limit)})"
            f" b{len(branches)}"
        )
        params.extend([str(kind), key, now, article.pk, *extra_params])

    if court_id is not None:
        # The court list's order is (publish time, id): stories of the same minute (several
        # scheduled for 08:00) are each other's neighbours too.
        at, pk = db_datetime(article.published_at), article.pk
        # The plain bound first: it keeps the index scan to the story's side of the list.
        before = (
            " AND l.published_at <= %s"
            " AND (l.published_at < %s OR (l.published_at = %s AND l.article_id < %s))"
        )
        after = (
            " AND l.published_at >= %s"
            " AND (l.published_at > %s OR (l.published_at = %s AND l.article_id > %s))"
        )
        branch("p", ListingKind.ORGANIZATION, court_id, before, [at, at, at, pk], "DESC", 1)
        branch("n", ListingKind.ORGANIZATION, court_id, after, [at, at, at, pk], "ASC", 1)
        branch("r", ListingKind.ORGANIZATION, court_id, "", [], "DESC", RELATED_PER_LIST)
    for topic_id in topic_ids:
        branch("r", ListingKind.TOPIC, topic_id, "", [], "DESC", RELATED_PER_LIST)
    context = {"previous_in_court": None, "next_in_court": None, "related": []}
    if not branches:
        return context
    sql = (
        f"SELECT u.part, a.id, a.headline, a.slug, u.at"
        f" FROM ({' UNION ALL '.join(branches)}) u JOIN {t['A']} a ON a.id = u.story"
    )
    return around_from_rows(fetch(sql, params))


def around_from_rows(rows) -> dict:
    """Return the article page's neighbours from (part, id, headline, slug, time) rows."""
    context = {"previous_in_court": None, "next_in_court": None, "related": []}
    related = {}
    for part, pk, headline, slug, at in rows:
        if part == "s":
            continue  # the story itself (story_with_around_sql)
        story = Teaser(pk, headline, slug, aware(at))
        if part == "p":
            context["previous_in_court"] = story
        elif part == "n":
            context["next_in_court"] = story
        else:
            related[pk] = story
    context["related"] = sorted(
        related.values(), key=lambda s: (s.published_at, s.pk), reverse=True
    )
    return context


def story_with_around_sql(story_sql: str) -> str:
    """Return SQL (PostgreSQL) for a story and its neighbours in one statement.

    ``story_sql`` selects the story with its stored render (columns ``id``, ``slug``,
    ``headline``, ``published_at`` … ``c_id``, its court); the result has the story as part
    's' and then, padded to the same columns, the rows ``around()`` would return.
    """
    t = tables()
    now = "%(now)s"

    def lateral(part: str, kind: str, key: str, extra: str, order: str, limit: int, join=""):
        return (
            f"SELECT '{part}' AS part, x.article_id AS story, x.published_at AS at FROM s{join},"
            f" LATERAL (SELECT l.article_id, l.published_at FROM {t['L']} l"
            f" WHERE l.kind = '{kind}' AND l.{t['key']} = {key} AND l.published_at <= {now}"
            f" AND l.article_id <> s.id{extra}"
            f" ORDER BY l.published_at {order}, l.article_id {order} LIMIT {limit}) x"
        )

    court, topic = ListingKind.ORGANIZATION, ListingKind.TOPIC
    # The plain bound first: it keeps the index scan to the story's side of the list (without
    # it, the newest story of a big court scanned the whole court for a "next" it has not).
    before = (
        " AND l.published_at <= s.published_at AND (l.published_at < s.published_at"
        " OR (l.published_at = s.published_at AND l.article_id < s.id))"
    )
    after = (
        " AND l.published_at >= s.published_at AND (l.published_at > s.published_at"
        " OR (l.published_at = s.published_at AND l.article_id > s.id))"
    )
    branches = " UNION ALL ".join(
        [
            lateral("p", court, "s.c_id", before, "DESC", 1),
            lateral("n", court, "s.c_id", after, "ASC", 1),
            lateral("r", court, "s.c_id", "", "DESC", RELATED_PER_LIST),
            lateral(
                "r",
                topic,
                "tg.tag_id",
                "",
                "DESC",
                RELATED_PER_LIST,
                join=f" JOIN {t['T']} tg ON tg.content_object_id = s.id",
            ),
        ]
    )
    padding = ", ".join(["NULL"] * 11)
    return (
        f"WITH s AS ({story_sql})"
        " SELECT 's' AS part, s.* FROM s"
        f" UNION ALL SELECT n.part, a.id, a.slug, a.headline, NULL, n.at, {padding}"
        f" FROM ({branches}) n JOIN {t['A']} a ON a.id = n.story"
    )


def court_blocks(
    kind: str, courts: int, per_court: int
) -> list[tuple[OrganizationLink, list[Teaser]]]:
    """Return the first ``courts`` courts of a kind (in tree order) that have published
    stories, each with its newest ``per_court`` (about it or anything under it).

    One statement on PostgreSQL (a LATERAL range of the listing index per court); elsewhere
    one for the courts and one for their stories.
    """
    t, now = tables(), db_datetime(timezone.now())
    if connection.vendor != "postgresql":
        found = [
            OrganizationLink(pk, name, short_name, slug)
            for pk, name, short_name, slug in Organization.objects.filter(kind=kind).values_list(
                "pk", "name", "short_name", "slug"
            )[:courts]
        ]
        stories = newest_in([court.pk for court in found], per_court)
        return [(court, stories[court.pk]) for court in found if stories[court.pk]]
    sql = (
        f"SELECT c.id, c.name, c.short_name, c.slug, a.id, a.headline, a.slug, x.published_at"
        f" FROM (SELECT o.id, o.name, o.short_name, o.slug, o.path FROM {t['O']} o"
        f" WHERE o.kind = %s ORDER BY o.path LIMIT {int(courts)}) c"
        f" CROSS JOIN LATERAL (SELECT l.article_id, l.published_at FROM {t['L']} l"
        f" WHERE l.kind = '{ListingKind.ORGANIZATION}' AND l.{t['key']} = c.id"
        f" AND l.published_at <= %s ORDER BY l.published_at DESC, l.article_id DESC"
        f" LIMIT {int(per_court)}) x"
        f" JOIN {t['A']} a ON a.id = x.article_id"
        f" ORDER BY c.path, x.published_at DESC, x.article_id DESC"
    )
    blocks: dict[int, tuple[OrganizationLink, list[Teaser]]] = {}
    for pk, name, short_name, slug, story, headline, story_slug, at in fetch(sql, [kind, now]):
        if pk not in blocks:
            blocks[pk] = (OrganizationLink(pk, name, short_name, slug), [])
        blocks[pk][1].append(Teaser(story, headline, story_slug, aware(at)))
    return list(blocks.values())


def newest_in(organization_ids: list[int], limit: int) -> dict[int, list[Teaser]]:
    """Return the newest published stories about each organisation (or under it), one query."""
    found = {pk: [] for pk in organization_ids}
    if not organization_ids:
        return found
    t, now = tables(), db_datetime(timezone.now())
    branch = (
        f"SELECT * FROM (SELECT l.{t['key']} AS org, l.article_id AS story,"
        f" l.published_at AS at FROM {t['L']} l WHERE l.kind = %s AND l.{t['key']} = %s"
        f" AND l.published_at <= %s ORDER BY l.published_at DESC, l.article_id DESC"
        f" LIMIT {int(limit)}) b"
    )
    branches = [branch + str(i) for i in range(len(organization_ids))]
    sql = (
        f"SELECT u.org, a.id, a.headline, a.slug, u.at FROM ({' UNION ALL '.join(branches)}) u"
        f" JOIN {t['A']} a ON a.id = u.story"
    )
    params = [p for pk in organization_ids for p in (str(ListingKind.ORGANIZATION), pk, now)]
    for org, pk, headline, slug, at in fetch(sql, params):
        found[org].append(Teaser(pk, headline, slug, aware(at)))
    for stories in found.values():
        stories.sort(key=lambda s: (s.published_at, s.pk), reverse=True)
    return found


@dataclass(frozen=True, slots=True)
class TopicLink:
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return slug_url("articles:topic_detail", self.slug)


POPULAR_AMONG = 200
EVER = datetime(1, 1, 2, tzinfo=UTC)


def popular_topics(limit: int) -> list[TopicLink]:
    """Return the topics of most of the newest published stories (home page), one query.

    Counted on the listing index's topic entries published since the POPULAR_AMONG-th newest
    story (two short index-only ranges), not story by story; stories published at the same
    moment as that one count too.
    """
    t = tables()
    sql = (
        f"SELECT tp.name, tp.slug FROM {t['L']} l"
        f" JOIN {_q(Topic._meta.db_table)} tp ON tp.id = l.{t['key']}"
        f" WHERE l.kind = '{ListingKind.TOPIC}' AND l.published_at <= %s"
        f" AND l.published_at >= COALESCE((SELECT a.published_at FROM {t['A']} a"
        f" WHERE {VISIBLE_SQL} AND a.published_at <= %s"
        f" ORDER BY a.published_at DESC, a.id DESC LIMIT 1 OFFSET {POPULAR_AMONG - 1}), %s)"
        f" GROUP BY tp.id, tp.name, tp.slug ORDER BY COUNT(*) DESC, tp.name LIMIT {int(limit)}"
    )
    now = db_datetime(timezone.now())
    rows = fetch(sql, [now, now, db_datetime(EVER)])  # fewer stories than that: all of them
    return [TopicLink(name, slug) for name, slug in rows]


# Keeping the rows in step: receivers run inside the changing transaction.


def _on_article_saved(sender, instance, raw=False, **kwargs):
    rebuild([instance.pk])


def _on_part_changed(sender, instance, **kwargs):
    rebuild([instance.article_id])


def _on_tagging_changed(sender, instance, **kwargs):
    rebuild([instance.content_object_id])


def _on_organizations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        rebuild([instance.pk])
    elif pk_set:
        rebuild(pk_set)
    else:  # an organisation's stories cleared: rebuild what listed it
        rebuild(
            Article.objects.filter(
                listings__kind=ListingKind.ORGANIZATION, listings__key=instance.pk
            )
        )


def _note_organization_stories(sender, instance, **kwargs):
    # Before the deletion removes the links that lead to them.
    instance._listing_stories = list(
        ArticleListing.objects.filter(kind=ListingKind.ORGANIZATION, key=instance.pk).values_list(
            "article_id", flat=True
        )
    )


def _on_organization_deleted(sender, instance, **kwargs):
    rebuild(getattr(instance, "_listing_stories", []))


def organization_moved(organization: Organization) -> None:
    """Call after moving an organisation: its stories now sit under other ancestors."""
    subtree = Organization.objects.filter(path__startswith=organization.path).values("pk")
    through = Article.organizations.through
    rebuild(
        Article.objects.filter(
            pk__in=through.objects.filter(organization_id__in=subtree).values("article_id")
        )
    )


def connect_signals() -> None:
    from django.db.models import signals

    signals.post_save.connect(_on_article_saved, sender=Article, dispatch_uid="listing-article")
    signals.post_save.connect(_on_part_changed, sender=ArticleByline, dispatch_uid="listing-bl")
    signals.post_delete.connect(_on_part_changed, sender=ArticleByline, dispatch_uid="listing-bl-d")
    signals.post_save.connect(_on_tagging_changed, sender=TaggedArticle, dispatch_uid="listing-t")
    signals.post_delete.connect(
        _on_tagging_changed, sender=TaggedArticle, dispatch_uid="listing-t-d"
    )
    signals.m2m_changed.connect(
        _on_organizations_changed,
        sender=Article.organizations.through,
        dispatch_uid="listing-orgs",
    )
    signals.pre_delete.connect(
        _note_organization_stories, sender=Organization, dispatch_uid="listing-org-pre"
    )
    signals.post_delete.connect(
        _on_organization_deleted, sender=Organization, dispatch_uid="listing-org-del"
    )
