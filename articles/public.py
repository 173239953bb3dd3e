"""What readers see of a story, declared once: which fields of which models, and which stories
show a given row.

Everything that keeps readers' pages current follows from this table (articles/changes.py
watches these models and fields): the stories' stored HTML, the readers' list index, the page
cache and the search index. To show a new field on a reader's page, add it here and to the
template; nothing else needs to know.

Per model, the fields are grouped by what they affect:

* ``story``: shown by a story's own page or its teaser card (stored HTML is made again);
* ``lists``: decide which lists a story is in: a court (and everything above it), a topic,
  a person (the readers' list index is rebuilt);
* ``search``: held by the search index (the stories are indexed again);
* ``page``: shown only on the row's own page (a person's biography on the person's page):
  cached pages go stale, no story changes.

A change to any of them also starts a new page-cache generation. ``stories`` returns the ids of
the stories that show the given rows (called before a deletion, while the links still exist).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from articles.models import (
    Article,
    ArticleByline,
    ArticleImage,
    Correction,
    TaggedArticle,
    Topic,
)
from images.models import Image, Rendition
from people.models import Organization, OrganizationAlias, Person


@dataclass(frozen=True)
class Shown:
    """What readers see of one model's rows, and which stories show a row."""

    model: type[Model]
    stories: Callable[[Iterable[Model]], QuerySet]
    story: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    search: frozenset[str] = frozenset()
    page: frozenset[str] = frozenset()

    @property
    def fields(self) -> frozenset[str]:
        return self.story | self.lists | self.search | self.page


def _ids(rows, attribute: str = "pk"):
    """Return the ids an attribute of the rows holds (a subquery for a queryset of rows)."""
    if isinstance(rows, QuerySet):
        return rows.values(attribute)
    return [value for row in rows if (value := getattr(row, attribute)) is not None]


def stories_by_id(rows) -> QuerySet:
    return Article.objects.filter(pk__in=_ids(rows))


def stories_of_part(rows) -> QuerySet:
    return Article.objects.filter(pk__in=_ids(rows, "article_id"))


def stories_tagged(rows) -> QuerySet:
    return Article.objects.filter(pk__in=_ids(rows, "content_object_id"))


def stories_of_people(people) -> QuerySet:
    """Stories a person signs, or whose photos they took."""
    ids = _ids(people)
    photos = ArticleImage.objects.filter(image__credit_person__in=ids).values("article_id")
    bylines = ArticleByline.objects.filter(person__in=ids).values("article_id")
    return Article.objects.filter(Q(pk__in=bylines) | Q(pk__in=photos))


def stories_under(organizations) -> QuerySet:
    """Stories about the organisations or anything under them (their court may be one)."""
    paths = Q()
    if isinstance(organizations, QuerySet):
        organizations = organizations.only("path")
    for organization in organizations:
        paths |= Q(organization__path__startswith=organization.path)
    if not paths:
        return Article.objects.none()
    through = Article.organizations.through.objects.filter(paths)
    return Article.objects.filter(pk__in=through.values("article_id"))


def stories_about(organizations) -> QuerySet:
    """Stories linked to the organisations themselves (their names are indexed)."""
    ids = _ids(organizations, "organization_id")
    return Article.objects.filter(organizations__in=ids).distinct()


def stories_with_topics(topics) -> QuerySet:
    return Article.objects.filter(
        pk__in=TaggedArticle.objects.filter(tag__in=_ids(topics)).values("content_object_id")
    )


def stories_showing_images(images) -> QuerySet:
    ids = _ids(images)
    uses = ArticleImage.objects.filter(image__in=ids).values("article_id")
    return Article.objects.filter(Q(pk__in=uses) | Q(lead_image__in=ids))


def stories_showing_renditions(renditions) -> QuerySet:
    return stories_showing_images(Image.objects.filter(pk__in=_ids(renditions, "image_id")))


ARTICLE_TEXT = frozenset({"overline", "headline", "deck", "summary", "body"})

SHOWN: tuple[Shown, ...] = (
    Shown(
        Article,
        stories_by_id,
        # The story's own save gives it a new stamp whatever changed; these are what its
        # page shows, listed for the other followers.
        story=ARTICLE_TEXT
        | {
            "slug",
            "lead_in_source",
            "lead_image",
            "status",
            "published_at",
            "updated_at",
            "print_edition_date",
            "print_page",
        },
        lists=frozenset({"status", "published_at"}),
        search=ARTICLE_TEXT | {"published_at", "created_at"},
    ),
    Shown(
        ArticleByline,
        stories_of_part,
        story=frozenset({"article", "person", "role", "position"}),
        lists=frozenset({"article", "person"}),
        search=frozenset({"article", "person"}),
    ),
    Shown(
        Article.organizations.through,
        stories_of_part,
        story=frozenset({"article", "organization"}),
        lists=frozenset({"article", "organization"}),
        search=frozenset({"article", "organization"}),
    ),
    Shown(
        TaggedArticle,
        stories_tagged,
        story=frozenset({"content_object", "tag"}),
        lists=frozenset({"content_object", "tag"}),
        search=frozenset({"content_object", "tag"}),
    ),
    Shown(
        Correction,
        stories_of_part,
        story=frozenset({"article", "text", "corrected_at"}),
    ),
    Shown(
        ArticleImage,
        stories_of_part,
        story=frozenset({"article", "image", "is_lead", "in_body"}),
    ),
    Shown(
        Person,
        stories_of_people,
        story=frozenset({"name", "slug"}),
        search=frozenset({"name"}),
        page=frozenset({"kind", "affiliation", "position_title", "bio"}),
    ),
    Shown(
        Organization,
        stories_under,
        story=frozenset({"name", "short_name", "slug", "kind", "path"}),
        lists=frozenset({"path"}),
        search=frozenset({"name", "short_name"}),
        page=frozenset({"region", "description", "depth"}),
    ),
    Shown(
        OrganizationAlias,
        stories_about,
        search=frozenset({"organization", "name"}),
    ),
    Shown(
        Topic,
        stories_with_topics,
        story=frozenset({"name", "slug"}),
        search=frozenset({"name"}),
    ),
    Shown(
        Image,
        stories_showing_images,
        story=frozenset(
            {
                "master",
                "width",
                "height",
                "caption",
                "alt_text",
                "credit_person",
                "credit_text",
                "focal_point_x",
                "focal_point_y",
            }
        ),
    ),
    Shown(
        Rendition,
        stories_showing_renditions,
        story=frozenset({"image", "spec", "format", "width", "height", "file"}),
    ),
)

BY_MODEL: dict[type[Model], Shown] = {shown.model: shown for shown in SHOWN}
