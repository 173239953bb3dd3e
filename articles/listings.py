"""Readers' lists as one index: ``ArticleListing`` rows, kept in step with the stories.

A court's page lists the published stories about the court or anything under it; the question
"which stories, newest first" would otherwise walk the tree, the story-organisation links and
the stories' visibility on every request, and take longer the more stories there are. Each
published or scheduled story instead has one row per list it belongs to (every organisation it
is about and every one above it, each topic, each byline person) carrying its publish time, so
a page, its count and the article page's neighbours are short ranges of one index.

The rows are derived and rebuilt, inside the changing transaction, whenever a story, its
organisations, topics or bylines change (model signals below) and when an organisation moves
in the tree. Only published and scheduled stories have rows; ``visible()`` adds "their time
has come", so together they are the same rule as ``Article.objects.published()``. Bulk
writers that send no signals (the generator) call ``rebuild()`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    VISIBLE_STATUSES,
    Article,
    ArticleByline,
    ArticleListing,
    ListingKind,
    TaggedArticle,
    story_url,
)
from people.models import Organization

RELATED_PER_LIST = 6


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> dict[str, str]:
    return {
        "L": _q(ArticleListing._meta.db_table),
        "A": _q(Article._meta.db_table),
        "AO": _q(Article.organizations.through._meta.db_table),
        "O": _q(Organization._meta.db_table),
        "T": _q(TaggedArticle._meta.db_table),
        "B": _q(ArticleByline._meta.db_table),
        "key": _q("key"),
    }


def _article_filter(articles, column: str) -> tuple[str, list]:
    """Return an SQL condition restricting ``column`` to these stories (None: all)."""
    if articles is None:
        return "", []
    if isinstance(articles, QuerySet):
        sql, params = articles.order_by().values("pk").query.sql_with_params()
        return f" AND {column} IN ({sql})", list(params)
    ids = list(dict.fromkeys(pk for pk in articles if pk is not None))
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def rebuild(articles: QuerySet | Iterable[int] | None = None) -> None:
    """Rebuild the list entries of these stories (a queryset, ids, or None for every story)."""
    t = _tables()
    where, params = _article_filter(articles, "a.id")
    delete_where, delete_params = _article_filter(articles, "article_id")
    depth = Organization.objects.aggregate(depth=Max("depth"))["depth"] or 1
    steplen = Organization.steplen
    lengths = " UNION ALL ".join(f"SELECT {steplen * d} AS n" for d in range(1, depth + 1))
    visible = ", ".join(["%s"] * len(VISIBLE_STATUSES))
    statuses = [str(s) for s in VISIBLE_STATUSES]
    insert = f"""
        INSERT INTO {t["L"]} (kind, {t["key"]}, article_id, published_at)
        SELECT '{ListingKind.ORGANIZATION}', anc.id, a.id, a.published_at
          FROM {t["A"]} a
          JOIN {t["AO"]} ao ON ao.article_id = a.id
          JOIN {t["O"]} o ON o.id = ao.organization_id
          JOIN ({lengths}) lens ON lens.n <= LENGTH(o.path)
          JOIN {t["O"]} anc ON anc.path = SUBSTR(o.path, 1, lens.n)
         WHERE a.status IN ({visible}){where}
        UNION
        SELECT '{ListingKind.TOPIC}', tg.tag_id, a.id, a.published_at
          FROM {t["A"]} a JOIN {t["T"]} tg ON tg.content_object_id = a.id
         WHERE a.status IN ({visible}){where}
        UNION
        SELECT '{ListingKind.PERSON}', b.person_id, a.id, a.published_at
          FROM {t["A"]} a JOIN {t["B"]} b ON b.article_id = a.id
         WHERE a.status IN ({visible}){where}
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {t['L']} WHERE 1 = 1{delete_where}", delete_params)
        cursor.execute(insert, (statuses + params) * 3)


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


def teaser_list_html(stories: Iterable[Teaser | Article]) -> SafeString:
    """Render a list of headline links with their dates (as includes/teaser_list.html did).

    Built in Python: it is on every article page and the home page, and the template version
    cost as much as the rest of the article page.
    """
    items = []
    for story in stories:
        local = timezone.localtime(story.published_at)
        items.append(
            format_html(
                '<li><a href="{}">{}</a> <time datetime="{}">{}月{}日</time></li>',
                story.get_absolute_url(),
                story.headline,
                local.isoformat(),
                local.month,
                local.day,
            )
        )
    return mark_safe(f'<ul class="teasers">{"".join(items)}</ul>')


def aware(value) -> datetime:
    """Return a datetime column read with a raw cursor as an aware datetime.

    SQLite hands back text or naive UTC for columns read through a subquery or join.
    """
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value is None or timezone.is_aware(value) else value.replace(tzinfo=UTC)


def around(article: Article, court_id: int | None, topic_ids: list[int]) -> dict:
    """Return ``previous_in_court``, ``next_in_court`` and ``related`` in one query.

    Related stories are the newest others in the story's topics and court, newest first.
    """
    t = _tables()
    now = timezone.now()
    branches, params = [], []

    def branch(part: str, kind: str, key: int, extra: str, extra_params, order: str, limit: int):
        branches.append(
            f"SELECT * FROM (SELECT '{part}' AS part, l.article_id AS story, l.published_at AS at"
            f" FROM {t['L']} l WHERE l.kind = %s AND l.{t['key']} = %s"
            f" AND l.published_at <= %s AND l.article_id <> %s{extra}"
            f" ORDER BY l.published_at {order}, l.article_id {order} LIMIT {int(limit)})"
            f" b{len(branches)}"
        )
        params.extend([str(kind), key, now, article.pk, *extra_params])

    if court_id is not None:
        at = article.published_at
        branch("p", ListingKind.ORGANIZATION, court_id, " AND l.published_at < %s", [at], "DESC", 1)
        branch("n", ListingKind.ORGANIZATION, court_id, " AND l.published_at > %s", [at], "ASC", 1)
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
    related = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, pk, headline, slug, at in cursor.fetchall():
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
