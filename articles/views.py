"""Readers' pages for articles, topics and the date archive."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import rendering
from articles.models import Article, ArticleOldSlug, TaggedArticle, Topic
from articles.preview import GoneWhenUnpublishedMixin
from people.models import Organization, OrganizationKind

LISTING_PAGE_SIZE = 20
MAX_LISTING_PAGES = 25
HOME_LATEST = 12
HOME_COURT_BLOCKS = 6
HOME_COURT_STORIES = 4
HOME_TOPICS = 12
RELATED_STORIES = 5


def can_preview(request) -> bool:
    """Whether this user may see stories readers cannot see yet (drafts, scheduled)."""
    return request.user.is_authenticated and request.user.has_perm("articles.view_article")


def teasers(queryset):
    """Return a light queryset for headline-only lists (no bylines, no body)."""
    return queryset.only("headline", "slug", "published_at", "created_at")


class CappedPaginator(Paginator):
    """Number at most MAX_LISTING_PAGES pages of the newest stories.

    Counting every story about a high court or a big topic costs a scan of tens of thousands of
    rows on each request; counting up to a limit costs a short index walk. Older stories stay
    reachable, page by page, through the date archive (a day never fills 25 pages).
    """

    @cached_property
    def count(self) -> int:
        limit = MAX_LISTING_PAGES * self.per_page
        counted = self.object_list.values("pk").order_by()[: limit + 1].count()
        self.capped = counted > limit
        return min(counted, limit)

    capped = False


class ListingMixin:
    """Paginated teaser lists with numbered pages; page 1 has no ?page in its URL."""

    paginate_by = LISTING_PAGE_SIZE
    paginator_class = CappedPaginator
    paginate_orphans = 0

    def get_queryset(self):
        return self.stories().for_cards()

    def stories(self):
        """Return the published stories this page lists (newest first)."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if context.get("object_list") is not None:
            # Stored cards (articles/rendering.py): no per-story queries, no card templates.
            cards = rendering.attach_cards(context["object_list"])
            context["object_list"] = context[self.context_object_name] = cards
            if page is not None:
                page.object_list = cards
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        latest = rendering.attach_cards(
            Article.objects.published().for_cards(lead=True)[: HOME_LATEST + 1], lead=True
        )
        lead = next((a for a in latest if a.lead_image_id), latest[0] if latest else None)
        courts = Organization.objects.filter(kind=OrganizationKind.INTERMEDIATE_COURT)[
            :HOME_COURT_BLOCKS
        ]
        court_blocks = [
            (court, list(teasers(Article.objects.published().about(court))[:HOME_COURT_STORIES]))
            for court in courts
        ]
        recent = Article.objects.published().values("pk")[:200]
        topics = (
            Topic.objects.filter(tagged_articles__content_object__in=recent)
            .annotate(story_count=Count("tagged_articles"))
            .order_by("-story_count", "name")[:HOME_TOPICS]
        )
        return super().get_context_data(
            lead=lead,
            latest=[a for a in latest if a is not lead][:HOME_LATEST],
            court_blocks=[(court, stories) for court, stories in court_blocks if stories],
            topics=topics,
            **kwargs,
        )


class LatestView(ListingMixin, ListView):
    """Every published story, newest first."""

    template_name = "articles/latest.html"
    context_object_name = "articles"

    def stories(self):
        return Article.objects.published()


class ArticlePage(DetailView):
    """The article page: lookup, redirects to the current address, staff preview, context.

    A public story is served from its stored render (articles/rendering.py): one query for the
    story and its HTML, one for the stories around it. A preview is rendered on the spot.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            # An old slug or a changed publish date: send readers to the current address.
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_public:
            # A preview must not be kept by browsers or proxies.
            add_never_cache_headers(response)
        return response

    def get_object(self, queryset=None) -> Article:
        """Find the story this URL names: THE lookup of the article page.

        Readers see only published stories; staff may preview any story. A slug the story
        used to have finds it too (the caller redirects).
        """
        stories = Article.objects.select_related("render__court").defer(
            "body", "summary", "render__card", "render__lead"
        )
        if not can_preview(self.request):
            stories = stories.published()
        slug = self.kwargs["slug"]
        article = stories.filter(slug=slug).first()
        if article is None:
            old = ArticleOldSlug.objects.filter(slug=slug).values_list("article_id", flat=True)
            article = stories.filter(pk__in=old).first()
        if article is None:
            raise Http404("没有找到这篇稿件。")
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        render = rendering.render_of(article) if article.is_public else None
        if render is not None:
            court = render.court
            page = {"head": mark_safe(render.head), "main": mark_safe(render.main)}
        else:  # a preview (or the story was deleted a moment ago)
            article = Article.objects.for_detail().filter(pk=article.pk).first() or article
            court = rendering.courts_of([article])[article.pk]
            parts = rendering.render_parts(article, court, preview=not article.is_public)
            page = {name: mark_safe(html) for name, html in parts.items()}
        context = {"page": page, "is_preview": not article.is_public, "court": court}
        context.update(self.around(article, court))
        return super().get_context_data(**context, **kwargs)

    @staticmethod
    def around(article: Article, court: Organization | None) -> dict:
        """Return related stories and the previous/next story in the court."""
        published = Article.objects.published()
        context = {"related": list(teasers(published.related_to(article))[:RELATED_STORIES])}
        if court is not None and article.is_public:
            in_court = teasers(published.about(court))
            context["previous_in_court"] = (
                in_court.filter(published_at__lt=article.published_at)
                .order_by("-published_at", "-pk")
                .first()
            )
            context["next_in_court"] = (
                in_court.filter(published_at__gt=article.published_at)
                .order_by("published_at", "pk")
                .first()
            )
        return context


class ArticleDetailView(GoneWhenUnpublishedMixin, ArticlePage):
    """A withdrawn story (撤稿) answers 410 Gone instead of the 404 of ArticlePage.get_object."""


class TopicListView(TemplateView):
    """Every topic with published stories, with how many."""

    template_name = "articles/topic_list.html"

    def get_context_data(self, **kwargs):
        counts = dict(
            TaggedArticle.objects.filter(content_object__in=Article.objects.published())
            .values_list("tag_id")
            .annotate(n=Count("id"))
            .values_list("tag_id", "n")
        )
        topics = [t for t in Topic.objects.filter(pk__in=counts)]
        for topic in topics:
            topic.story_count = counts[topic.pk]
        return super().get_context_data(topics=topics, **kwargs)


class TopicDetailView(ListingMixin, ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"

    def stories(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return Article.objects.published().with_topic(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class ArchiveMixin(ListingMixin):
    """Date archives of published stories, by local (Asia/Shanghai) publish date."""

    date_field = "published_at"
    context_object_name = "articles"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    make_object_list = True

    def stories(self):
        return Article.objects.published()


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayArchive(ArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
