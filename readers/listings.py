"""Readers' lists as one index: ``ArticleListing`` rows, kept in step with the stories.

A court's page lists the published stories about the court or anything under it; the question
"which stories, newest first" would otherwise walk the tree, the story-organisation links and
the stories' visibility on every request, and take longer the more stories there are. Each
published or scheduled story instead has one row per list it belongs to (every organisation it
is about and every one above it, each topic, each byline person) carrying its publish time, so
a page, its count and the article page's neighbours are short ranges of one index.

The rows are derived: ``rebuild()`` makes a story's rows again from the story as it is, in the
transaction that changed it (readers/receivers.py follows ``articles.signals.content_changed``
for changes that move a story between lists). Reads still go through
``Article.objects.published()``: the index only says which lists, in which order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import VISIBLE_STATUSES, Article, ArticleByline, TaggedArticle, Topic
from articles.models.stories import story_url
from people.models import Organization
from readers.models import ArticleListing, ListingKind

REBUILD_BATCH = 500
# Related stories the article page shows: the newest of its court's and topics' lists (each
# list's newest this many are enough), from its first few topics.
RELATED_PER_LIST = 5
RELATED_TOPICS = 3
POPULAR_AMONG = 200
EVER = datetime(1, 1, 2, tzinfo=UTC)


# Keeping the rows in step.


def rebuild(article_ids: Iterable[int] | QuerySet | None = None) -> None:
    """Make the list rows of these stories (ids, a queryset, or None for every story) again
    from the stories as they are."""
    if isinstance(article_ids, QuerySet):
        # Read the ids first: the queryset may select stories through the rows rebuilt.
        article_ids = list(article_ids.order_by().values_list("pk", flat=True))
    if article_ids is None:
        ArticleListing.objects.all().delete()
        ids = Article.objects.filter(status__in=VISIBLE_STATUSES).values_list("pk", flat=True)
        article_ids = ids.order_by("pk").iterator(chunk_size=REBUILD_BATCH)
        batch = []
        for pk in article_ids:
            batch.append(pk)
            if len(batch) == REBUILD_BATCH:
                _rebuild(batch, delete=False)
                batch = []
        if batch:
            _rebuild(batch, delete=False)
        return
    ids = list(dict.fromkeys(pk for pk in article_ids if pk is not None))
    for start in range(0, len(ids), REBUILD_BATCH):
        _rebuild(ids[start : start + REBUILD_BATCH])


def _rebuild(ids: list[int], *, delete: bool = True) -> None:
    if delete:
        ArticleListing.objects.filter(article_id__in=ids).delete()
    times = dict(
        Article.objects.filter(pk__in=ids, status__in=VISIBLE_STATUSES).values_list(
            "pk", "published_at"
        )
    )
    if not times:
        return
    rows: dict[tuple[str, int, int], ArticleListing] = {}

    def add(kind: str, key: int, article_id: int) -> None:
        rows[(kind, key, article_id)] = ArticleListing(
            kind=kind, key=key, article_id=article_id, published_at=times[article_id]
        )

    # A story is on the list of each organisation it is about and of every one above it.
    links = list(
        Article.organizations.through.objects.filter(article_id__in=times).values_list(
            "article_id", "organization__path"
        )
    )
    step = Organization.steplen
    paths = {path[:end] for _, path in links for end in range(step, len(path) + 1, step)}
    organization_ids = dict(
        Organization.objects.filter(path__in=paths).values_list("path", "pk").order_by()
    )
    for article_id, path in links:
        for end in range(step, len(path) + 1, step):
            if path[:end] in organization_ids:
                add(ListingKind.ORGANIZATION, organization_ids[path[:end]], article_id)
    taggings = TaggedArticle.objects.filter(content_object_id__in=times)
    for article_id, topic_id in taggings.values_list("content_object_id", "tag_id"):
        add(ListingKind.TOPIC, topic_id, article_id)
    bylines = ArticleByline.objects.filter(article_id__in=times)
    for article_id, person_id in bylines.values_list("article_id", "person_id"):
        add(ListingKind.PERSON, person_id, article_id)
    ArticleListing.objects.bulk_create(rows.values(), batch_size=2000)


# Reading lists.


def listed(kind: str, key: int) -> QuerySet:
    """Return one list's published stories, newest first (a range of the index)."""
    return (
        Article.objects.published()
        .filter(listings__kind=kind, listings__key=key)
        .order_by("-listings__published_at", "-listings__article_id")
    )


def newest() -> QuerySet:
    """Return every published story, newest first."""
    return Article.objects.published().order_by("-published_at", "-pk")


@dataclass(frozen=True, slots=True)
class Teaser:
    """A headline link to a story (related stories, previous/next, court blocks)."""

    pk: int
    headline: str
    slug: str
    published_at: datetime

    def get_absolute_url(self) -> str:
        return story_url(self.published_at, self.slug)


def _range(kind: str, key: int, *, before=None, after=None, limit: int, exclude=None):
    """Return one part of a union: a list's newest (or the neighbours of a point) as teasers."""
    now = timezone.now()
    rows = ArticleListing.objects.filter(kind=kind, key=key, published_at__lte=now)
    if exclude is not None:
        rows = rows.exclude(article_id=exclude)
    order = ("-published_at", "-article_id")
    if before is not None:
        at, pk = before
        # The plain bound first: it keeps the index scan on the story's side of the list.
        rows = rows.filter(published_at__lte=at).filter(
            Q(published_at__lt=at) | Q(published_at=at, article_id__lt=pk)
        )
    elif after is not None:
        at, pk = after
        rows = rows.filter(published_at__gte=at).filter(
            Q(published_at__gt=at) | Q(published_at=at, article_id__gt=pk)
        )
        order = ("published_at", "article_id")
    return rows.order_by(*order).values("pk")[:limit]


def _teasers(parts: dict[str, QuerySet]) -> dict[str, list[Teaser]]:
    """Run several index ranges as one query (a UNION ALL) and return their stories by part.

    Each part is an ordered, limited range of the index (``_range``), selected by its rows'
    ids, so both databases walk each range's index and stop, whatever the list's length.
    """
    found: dict[str, list[Teaser]] = {name: [] for name in parts}
    if not parts:
        return found
    queries = [
        ArticleListing.objects.filter(pk__in=ids)
        .annotate(part=Value(name))
        .values_list("part", "article_id", "article__headline", "article__slug", "published_at")
        for name, ids in parts.items()
    ]
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    for part, pk, headline, slug, at in union:
        found[part].append(Teaser(pk, headline, slug, at))
    for teasers in found.values():
        teasers.sort(key=lambda t: (t.published_at, t.pk), reverse=True)
    return found


def around(article: Article, court_id: int | None, topic_ids: list[int]) -> dict:
    """Return a story's ``previous_in_court``, ``next_in_court`` and ``related``, one query.

    Related stories are the newest others in the story's court (everything under it) and its
    first topics, newest first.
    """
    parts = {}
    point = (article.published_at, article.pk)
    if court_id is not None:
        court = ListingKind.ORGANIZATION
        parts["p"] = _range(court, court_id, before=point, limit=1)
        parts["n"] = _range(court, court_id, after=point, limit=1)
        parts["c"] = _range(court, court_id, limit=RELATED_PER_LIST, exclude=article.pk)
    for topic_id in topic_ids[:RELATED_TOPICS]:
        parts[f"t{topic_id}"] = _range(
            ListingKind.TOPIC, topic_id, limit=RELATED_PER_LIST, exclude=article.pk
        )
    found = _teasers(parts)
    related = {t.pk: t for name, teasers in found.items() if name not in "pn" for t in teasers}
    return {
        "previous_in_court": next(iter(found.get("p", [])), None),
        "next_in_court": next(iter(found.get("n", [])), None),
        "related": sorted(related.values(), key=lambda t: (t.published_at, t.pk), reverse=True)[
            :RELATED_PER_LIST
        ],
    }


def court_blocks(kind: str, courts: int, per_court: int) -> list[tuple[Organization, list]]:
    """Return the first ``courts`` courts of a kind (in tree order) with their newest
    ``per_court`` stories (about them or anything under them); courts without any are left
    out. Two queries."""
    found = list(Organization.objects.filter(kind=kind).only("name", "short_name", "slug")[:courts])
    stories = _teasers(
        {
            str(court.pk): _range(ListingKind.ORGANIZATION, court.pk, limit=per_court)
            for court in found
        }
    )
    return [(court, stories[str(court.pk)]) for court in found if stories[str(court.pk)]]


def popular_topics(limit: int) -> list[Topic]:
    """Return the topics of most of the newest published stories (the home page), one query.

    Counted on the index's topic rows since the POPULAR_AMONG-th newest story (stories
    published at the same moment as that one count too), not story by story.
    """
    since = newest().values("published_at")[POPULAR_AMONG - 1 : POPULAR_AMONG]
    topic = Topic.objects.filter(pk=OuterRef("key"))
    rows = (
        ArticleListing.objects.filter(
            kind=ListingKind.TOPIC,
            published_at__lte=timezone.now(),
            published_at__gte=Coalesce(Subquery(since), Value(EVER)),
        )
        .values("key")
        .annotate(
            n=Count("*"),
            name=Subquery(topic.values("name")[:1]),
            slug=Subquery(topic.values("slug")[:1]),
        )
        .order_by("-n", "name")[:limit]
    )
    return [Topic(pk=row["key"], name=row["name"], slug=row["slug"]) for row in rows]
