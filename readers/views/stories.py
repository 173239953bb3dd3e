"""Readers' pages of stories: the front page, the latest stories, a story, the date archives."""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views import View
from django.views.generic import (
    DayArchiveView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles.models import Article, ArticleOldSlug
from people.models import OrganizationKind
from readers import listings, preview, rendering
from readers.views.listing import ListingMixin

HOME_LATEST = 12
HOME_COURT_BLOCKS = 6
HOME_COURT_STORIES = 4
HOME_TOPICS = 12
# What the article page reads of a public story: the story and its stored page.
STORY_FIELDS = (
    "slug",
    "headline",
    "status",
    "published_at",
    "created_at",
    "render_stamp",
    "render__stamp",
    "render__version",
    "render__head",
    "render__main",
    "render__topic_ids",
    "render__court__name",
    "render__court__short_name",
    "render__court__slug",
)


class HomeView(TemplateView):
    """The front page: the lead story, the latest stories, court blocks and popular topics."""

    template_name = "readers/home.html"

    def get_context_data(self, **kwargs):
        latest = rendering.with_cards(
            listings.newest()
            .select_related("render")
            .only(*rendering.CARD_FIELDS)[: HOME_LATEST + 1]
        )
        lead = next((a for a in latest if a.lead_image_id), latest[0] if latest else None)
        return super().get_context_data(
            lead=lead,
            latest=[a for a in latest if a is not lead][:HOME_LATEST],
            court_blocks=listings.court_blocks(
                OrganizationKind.INTERMEDIATE_COURT, HOME_COURT_BLOCKS, HOME_COURT_STORIES
            ),
            topics=listings.popular_topics(HOME_TOPICS),
            **kwargs,
        )


class LatestView(ListingMixin, ListView):
    """Every published story, newest first."""

    template_name = "readers/latest.html"

    def get_queryset(self):
        return listings.newest()


class ArticleDetailView(View):
    """The article page: a public story from its stored render, or a staff preview.

    The story's address holds its local publish date; an old slug or a changed date answers
    301 to the current address. A story withdrawn from readers (撤稿) answers 410 Gone.
    """

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        article = (
            Article.objects.published()
            .select_related("render__court")
            .only(*STORY_FIELDS)
            .filter(slug=slug)
            .first()
        )
        if article is None:
            return self.not_public(request, slug)
        if request.path != article.get_absolute_url():
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        stored = rendering.render_of(article)
        if stored is None:  # deleted a moment ago
            raise Http404("没有找到这篇稿件。")
        topic_ids = [int(pk) for pk in stored.topic_ids.split(",") if pk]
        context = {
            "article": article,
            "head": stored.head,
            "main": stored.main,
            "court": stored.court,
            **listings.around(article, stored.court_id, topic_ids),
        }
        return render(request, "readers/article_detail.html", context)

    def not_public(self, request, slug: str):
        """Answer for a slug that names no public story: an old slug, a preview, or 404/410."""
        old = ArticleOldSlug.objects.filter(slug=slug).values("article_id")
        moved = Article.objects.published().filter(pk__in=old).first()
        if moved is not None:
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        if request.user.is_authenticated:
            response = preview.staff_preview_of_slug(request, slug)
            if response is not None:
                return response
        withdrawn = Article.objects.unpublished().filter(slug=slug).first()
        if withdrawn is not None:
            return render(request, "readers/410.html", {"article": withdrawn}, status=410)
        raise Http404("没有找到这篇稿件。")


class ArchiveMixin(ListingMixin):
    """Date archives of published stories, by local (Asia/Shanghai) publish date."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    make_object_list = True

    def get_queryset(self):
        return Article.objects.published()


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "readers/archive_year.html"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "readers/archive_month.html"


class DayArchive(ArchiveMixin, DayArchiveView):
    template_name = "readers/archive_day.html"
