"""Every field readers see is followed: after any change, served pages equal fresh ones.

For every concrete field of every model of the domain apps (a new field is walked too), the
test builds a small site, serves every readers' page once (storing each story's HTML and
caching whole pages), changes the field the ordinary way (``save()``, in a committed
transaction), then serves the pages again through the stored HTML, the list index, the page
cache and the search index, and compares them with pages made from scratch (every cache and
derived table emptied and rebuilt). Any difference is a stale page: a field shown somewhere
that ``articles/public.py`` does not declare (or declares in the wrong group).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction, TaggedArticle, Topic
from images.models import Image, Rendition
from people.models import Organization, OrganizationAlias, OrganizationKind, Person, PersonKind
from readers import listings
from readers.models import ArticleRender
from search.indexing import rebuild_index
from tests.factories import ImageFactory, OrganizationFactory, PersonFactory, story

pytestmark = pytest.mark.django_db

# Models readers never see (the workflow's own records, derived rows, import records).
PRIVATE_MODELS = {
    "articles.ArticleTransition",
    "articles.EditingPresence",
    "articles.ArticleOldSlug",  # followed by its own redirect test (tests/readers/test_views.py)
    "articles.ArticleImage",  # derived from the story's body and lead image by its save
    "ingest.PageIngest",
}
# Fields no one edits: keys, the tree's bookkeeping (moves are tested in test_listings.py),
# stamps, counters, timestamps written by Django, private originals and their owners.
SKIPPED_FIELDS = {
    "id",
    "path",
    "depth",
    "numchild",
    "render_stamp",
    "version",
    "created_by",
    "uploaded_by",
    "created_at",
    "updated_at",
    "uploaded_at",
    "state_changed_at",
    "file",  # Image.file is the private original; Rendition.file is walked below by name
    "user",
    "ingest",
    "raw",
}
APPS = ("people", "images", "articles", "ingest")


class Site:
    """Two courts, a story with everything a story can show, and a neighbour."""

    def __init__(self):
        kind = OrganizationKind
        self.high = OrganizationFactory(
            name="湖南省高级人民法院", short_name="湖南高院", kind=kind.HIGH_COURT
        )
        self.city = OrganizationFactory(
            parent=self.high,
            name="株洲市中级人民法院",
            short_name="株洲中院",
            kind=kind.INTERMEDIATE_COURT,
            description="株洲中院简介",
        )
        self.court = OrganizationFactory(
            parent=self.city, name="株洲市渌口区人民法院", short_name="渌口区法院"
        )
        self.branch = OrganizationFactory(
            parent=self.court,
            name="渌口区法院综合管理党支部",
            short_name="综合管理党支部",
            kind=kind.PARTY_BRANCH,
        )
        self.other_court = OrganizationFactory(
            parent=self.city, name="攸县人民法院", short_name="攸县法院"
        )
        OrganizationAlias.objects.create(organization=self.court, name="渌口法院")
        self.journalist = PersonFactory(
            name="王薇", kind=PersonKind.STAFF, position_title="记者", bio="跑法院口"
        )
        self.correspondent = PersonFactory(
            name="谢燕",
            kind=PersonKind.CORRESPONDENT,
            affiliation=self.court,
            position_title="综合办公室主任",
        )
        self.photographer = PersonFactory(name="李摄", kind=PersonKind.PHOTOGRAPHER)
        self.spare_person = PersonFactory(name="备用者")
        self.lead = ImageFactory(
            caption="支部党员大会",
            alt_text="会场",
            credit_person=self.photographer,
            focal_point_x=0.5,
            focal_point_y=0.5,
        )
        self.figure = ImageFactory(
            caption="党员学习", alt_text="学习", credit_text="渌口区法院供图"
        )
        self.spare_image = ImageFactory(caption="备用图", alt_text="备用")
        for image in (self.lead, self.figure):
            Rendition.objects.create(
                image=image,
                spec="teaser",
                format="jpeg",
                width=400,
                height=267,
                file=f"images/renditions/{image.pk}/teaser-400.jpg",
            )
        now = timezone.now()
        self.story = story(
            headline="以品牌建设赋能高质量发展",
            overline="党建引领",
            deck="渌口区法院党建品牌创建纪实",
            summary="渌口区法院打造党建品牌。",
            body=f"<p>去年以来，渌口区法院党建工作成效明显。</p>{self.figure.figure_html()}<p>二是强化学习。</p>",
            lead_image=self.lead,
            organizations=[self.branch],
            topics=["党建", "党建品牌"],
            people=[self.journalist, self.correspondent],
            published_at=now - timedelta(days=1),
            print_edition_date=date(2024, 6, 18),
            print_page="A3",
        )
        self.neighbour = story(
            headline="渌口区法院开展执行活动",
            organizations=[self.court],
            topics=["党建"],
            people=[self.journalist],
            published_at=now - timedelta(days=2),
        )
        Correction.objects.create(article=self.story, text="原文“渌口法院”应为“渌口区法院”。")
        self.spare_topic = Topic.objects.create(name="执行")
        self.spare_story = story(headline="备用稿件", published_at=now - timedelta(days=3))

    def targets(self) -> dict[str, list]:
        """The rows whose fields are walked, per model label."""
        return {
            "articles.Article": [self.story],
            "articles.ArticleByline": [self.story.bylines.order_by("position").first()],
            "articles.Correction": [self.story.corrections.get()],
            "articles.Topic": [Topic.objects.get(name="党建")],
            "articles.TaggedArticle": [
                TaggedArticle.objects.filter(content_object=self.story).first()
            ],
            "articles.Article_organizations": [
                Article.organizations.through.objects.get(article=self.story)
            ],
            "people.Person": [self.journalist, self.correspondent],
            "people.Organization": [self.branch, self.court, self.city],
            "people.OrganizationAlias": [OrganizationAlias.objects.get()],
            "images.Image": [self.lead, self.figure],
            "images.Rendition": [self.lead.renditions.get()],
        }

    def urls(self) -> list[str]:
        day = timezone.localtime(self.story.published_at)
        return [
            reverse("readers:home"),
            reverse("readers:latest"),
            self.story.get_absolute_url(),
            self.neighbour.get_absolute_url(),
            *(o.get_absolute_url() for o in (self.high, self.city, self.court, self.branch)),
            reverse("readers:organization_list"),
            reverse("readers:topic_list"),
            *(t.get_absolute_url() for t in Topic.objects.all()),
            *(p.get_absolute_url() for p in (self.journalist, self.correspondent)),
            reverse("readers:archive_day", args=[day.year, day.month, day.day]),
            reverse("readers:feed"),
            reverse("readers:organization_feed", args=[self.court.slug]),
            reverse("readers:person_feed", args=[self.journalist.slug]),
            *(
                f"{reverse('search:results')}?{urlencode({'q': q})}"
                for q in ("渌口", "党建", "王薇")
            ),
        ]


def serve(urls: list[str]) -> dict[str, tuple[int, str]]:
    client = Client()
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = (response.status_code, response.content.decode())
    return pages


def from_scratch(urls: list[str]) -> dict[str, tuple[int, str]]:
    """Serve the pages with every cache and derived table emptied and rebuilt."""
    cache.clear()
    ArticleRender.objects.all().delete()
    listings.rebuild(None)
    rebuild_index()
    return serve(urls)


# Values the database's own rules leave no choice about.
SPECIAL_VALUES = {
    # Only a story in review has a level; the workflow's tests cover its moves.
    "articles.Article.review_level": None,
    # An embargo may not end after the story appeared.
    "articles.Article.embargo_until": lambda article: article.published_at - timedelta(hours=1),
}


def changed_value(field: models.Field, instance, site: Site):
    """Return a different valid value for the field, as an editor could set it."""
    value = getattr(instance, field.attname)
    special = SPECIAL_VALUES.get(f"{instance._meta.label}.{field.name}", False)
    if special is not False:
        return special(instance) if special else value
    if field.is_relation:
        spares = {
            Person: site.spare_person,
            Organization: site.other_court,
            Image: site.spare_image,
            Topic: site.spare_topic,
            Article: site.spare_story,
        }
        target = field.related_model
        if target not in spares:
            raise AssertionError(f"No other {target.__name__} to point {field} at")
        return spares[target].pk
    if field.choices:
        others = [choice for choice, _label in field.flatchoices if choice != value and choice]
        return others[0]
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.FloatField):
        return 0.25
    if isinstance(field, models.IntegerField):
        return (value or 0) + 7
    if isinstance(field, models.DateTimeField):
        return (value or timezone.now() - timedelta(days=5)) - timedelta(hours=3)
    if isinstance(field, models.DateField):
        return (value or date(2024, 6, 18)) + timedelta(days=1)
    if isinstance(field, models.FileField):
        return f"{value.name if value else 'images/x.jpg'}.changed.jpg"
    if isinstance(field, models.SlugField):
        return f"{value}-changed"[: field.max_length]
    if isinstance(field, models.TextField):
        return f"{value}<p>补充一段。</p>" if field.name == "body" else f"{value}（改）"
    if isinstance(field, models.CharField):
        return f"{value[: (field.max_length or 100) - 3]}（改）"
    raise AssertionError(f"No way to change {field!r}: teach changed_value() about it")


def walked_fields():
    """(model label, field name) for every field of the domain apps' public models."""
    labels = {
        "articles.Article_organizations": Article.organizations.through,
    }
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            labels[model._meta.label] = model
    cases = []
    for label, model in sorted(labels.items()):
        if label in PRIVATE_MODELS:
            continue
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in SKIPPED_FIELDS or field.name == "rendered_at":
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            cases.append(pytest.param(label, field.name, id=f"{label}.{field.name}"))
    # Rendition.file (the public rendition) is walked, though Image.file is skipped.
    cases.append(pytest.param("images.Rendition", "file", id="images.Rendition.file"))
    return cases


@pytest.mark.parametrize("label, field_name", walked_fields())
def test_a_changed_field_leaves_no_stale_page(
    label, field_name, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    site = Site()  # (its commit callbacks would make every rendition of three photos)
    rebuild_index()
    targets = site.targets()
    assert label in targets, f"{label} is shown to readers (or add it to PRIVATE_MODELS)"
    urls_before = site.urls()
    serve(urls_before)  # stores each story's HTML and caches every page
    for instance in targets[label]:
        field = instance._meta.get_field(field_name)
        value = changed_value(field, instance, site)
        with django_capture_on_commit_callbacks(execute=True):
            if instance._meta.auto_created:
                # A link table's rows change through the relation (Django sends no save
                # signals for them): the story leaves one organisation for another.
                link = {"article": instance.article_id, "organization": instance.organization_id}
                Article.objects.get(pk=link["article"]).organizations.remove(link["organization"])
                link[field_name] = value
                Article.objects.get(pk=link["article"]).organizations.add(link["organization"])
            else:
                setattr(instance, field.attname, value)
                instance.save()
    urls = list(dict.fromkeys([*urls_before, *site.urls()]))
    served = serve(urls)
    fresh = from_scratch(urls)
    stale = [url for url in urls if served[url] != fresh[url]]
    assert stale == [], f"stale after changing {label}.{field_name}: {stale}"
