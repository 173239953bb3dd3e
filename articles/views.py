"""Readers' pages for articles, topics and the date archive."""

from __future__ import annotations

from collections.abc import Hashable

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.views import View
from django.views.generic import (
    DayArchiveView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from articles import listings, rendering
from articles.models import (
    Article,
    ArticleOldSlug,
    ListingKind,
    TaggedArticle,
    Topic,
)
from articles.preview import GoneWhenUnpublishedMixin
from articles.templatetags.article_tags import (
    card_list_html,
    court_blocks_html,
    pagination_html,
    topic_section_html,
)
from newsroom.sql import CompiledQuery
from people.models import OrganizationKind

LISTING_PAGE_SIZE = 20
MAX_LISTING_PAGES = 25
HOME_LATEST = 12
HOME_COURT_BLOCKS = 6
HOME_COURT_STORIES = 4
HOME_TOPICS = 12
RELATED_STORIES = listings.RELATED_PER_LIST


def can_preview(request) -> bool:
    """Whether this user may see stories readers cannot see yet (drafts, scheduled)."""
    return request.user.is_authenticated and request.user.has_perm("articles.view_article")


class CappedPaginator(Paginator):
    """Number at most MAX_LISTING_PAGES pages of the newest stories.

    Counting every story about a high court or a big topic costs a scan of tens of thousands of
    rows on each request; counting up to a limit costs a short index walk. Older stories stay
    reachable, page by page, through the date archive (a day never fills 25 pages).
    """

    @cached_property
    def count(self) -> int:
        limit = MAX_LISTING_PAGES * self.per_page
        if isinstance(self.object_list, rendering.Cards):
            counted = self.object_list.count_upto(limit + 1)
        else:
            counted = self.object_list.values("pk").order_by()[: limit + 1].count()
        self.capped = counted > limit
        return min(counted, limit)

    capped = False


class ListingMixin:
    """Paginated teaser lists with numbered pages; page 1 has no ?page in its URL.

    The page's title suffix ("（第2页）"), story count and list (cards and page links) reach
    the template as HTML: ``page_suffix``, ``story_count`` and ``story_list``.
    """

    paginate_by = LISTING_PAGE_SIZE
    paginator_class = CappedPaginator
    paginate_orphans = 0

    def get_queryset(self):
        return self.stories()

    def paginate_queryset(self, queryset, page_size):
        if isinstance(queryset, rendering.Cards):
            # The count query fetches the asked-for page's cards too.
            number = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1
            if str(number).isdigit() and 0 < int(number) <= MAX_LISTING_PAGES:
                queryset.expect((int(number) - 1) * page_size, int(number) * page_size)
        return super().paginate_queryset(queryset, page_size)

    def stories(self) -> rendering.Cards:
        """Return the published stories this page lists, newest first, as stored cards."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        stories = context.get("object_list")
        if stories and not isinstance(stories[0], rendering.Card):
            # A date archive's queryset page (for_cards()): stored cards, rendered if outdated.
            stories = rendering.attach_cards(stories)
            context["object_list"] = context[self.context_object_name] = stories
            if page is not None:
                page.object_list = stories
        links = ""
        if page is not None:
            page_range = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            links = pagination_html(self.request, page, page_range)
        context.update(
            page_suffix=f"（第{page.number}页）" if page is not None and page.number > 1 else "",
            story_count=story_count_html(page.paginator) if page is not None else "",
            story_list=mark_safe(f"{card_list_html(stories or [])}\n{links}"),
        )
        return context


LISTING_SLOTS = ("page_suffix", "story_count", "story_list")


class FramedListingMixin(ListingMixin):
    """A listing page whose template is a frame (rendering.frame) around its stories.

    Subclasses say what the page shows besides its stories: ``frame_key()`` returns all of it
    as a hashable value and ``frame_context(key)`` the template's context made from that value
    alone. The template shows the stories through the ``ListingMixin`` slots.
    """

    def frame_key(self) -> Hashable:
        raise NotImplementedError

    def frame_context(self, key) -> dict:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        key = self.frame_key()
        frame = rendering.frame(
            self.template_name,
            key,
            lambda: {
                **self.frame_context(key),
                **{name: rendering.slot(name) for name in LISTING_SLOTS},
            },
            self.request,
        )
        return HttpResponse(frame.fill(**{name: context[name] for name in LISTING_SLOTS}))


def story_count_html(paginator: CappedPaginator) -> SafeString:
    more = "以上" if paginator.capped else ""
    return mark_safe(f'<span class="count">（{paginator.count} 篇{more}）</span>')


class HomeView(View):
    """The front page: the lead story, the latest stories, court blocks and popular topics."""

    def get(self, request, *args, **kwargs):
        latest = rendering.Cards.latest(lead=True)[: HOME_LATEST + 1]
        lead = next((a for a in latest if a.lead_image_id), latest[0] if latest else None)
        blocks = listings.court_blocks(
            OrganizationKind.INTERMEDIATE_COURT, HOME_COURT_BLOCKS, HOME_COURT_STORIES
        )
        topics = listings.popular_topics(HOME_TOPICS)
        slots = ("lead", "latest", "court_blocks", "topics")
        frame = rendering.frame(
            "articles/home.html",
            None,
            lambda: {name: rendering.slot(name) for name in slots},
            request,
        )
        html = frame.fill(
            lead=lead.lead_html if lead is not None else "",
            latest=card_list_html([a for a in latest if a is not lead][:HOME_LATEST], 1),
            court_blocks=court_blocks_html(blocks),
            topics=topic_section_html(topics),
        )
        return HttpResponse(html)


class LatestView(FramedListingMixin, ListView):
    """Every published story, newest first."""

    template_name = "articles/latest.html"
    context_object_name = "articles"

    def stories(self):
        return rendering.Cards.latest()

    def frame_key(self):
        return None

    def frame_context(self, key):
        return {}


class ArticlePage(View):
    """The article page: lookup, redirects to the current address, staff preview.

    A public story is served from its stored render (articles/rendering.py) in two queries:
    the story with its HTML, then the stories around it; the page is assembled from strings.
    A preview is rendered on the spot.
    """

    slug_url_kwarg = "slug"

    def get(self, request, *args, **kwargs):
        article = self.get_object()
        if request.path != article.get_absolute_url():
            # An old slug or a changed publish date: send readers to the current address.
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        response = HttpResponse(self.page_html(article))
        if not article.is_public:
            # A preview must not be kept by browsers or proxies.
            add_never_cache_headers(response)
        return response

    @staticmethod
    def page_html(article: Article) -> str:
        """Return the page of a story: stored parts if public, rendered now for a preview."""
        page = rendering.page_of(article)
        if page is None:  # a preview (or the story was deleted a moment ago)
            article = Article.objects.for_detail().filter(pk=article.pk).first() or article
            page = rendering.live_page(article)
        around = getattr(article, "around", None)  # fetched with the story (PostgreSQL)
        if around is None:
            court_id = page.court.pk if page.court is not None and article.is_public else None
            around = listings.around(article, court_id, page.topic_ids)
        around["related"] = around["related"][:RELATED_STORIES]
        return rendering.article_page_html(article, page, around, preview=not article.is_public)

    def get_object(self) -> Article:
        """Find the story this URL names: THE lookup of the article page.

        Readers see only published stories (with their stored page, one query); staff may
        preview any story. A slug the story used to have finds it too (the caller redirects).
        """
        slug = self.kwargs["slug"]
        if can_preview(self.request):
            stories = Article.objects.all()
        else:
            article = rendering.public_story(slug)
            if article is not None:
                return article
            stories = Article.objects.published()
        article = stories.filter(slug=slug).first()
        if article is None:
            old = ArticleOldSlug.objects.filter(slug=slug).values_list("article_id", flat=True)
            article = stories.filter(pk__in=old).first()
        if article is None:
            raise Http404("没有找到这篇稿件。")
        return article


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


TOPIC_BY_SLUG = CompiledQuery(
    lambda slug: Topic.objects.filter(slug=slug).values_list("pk", "name", "slug")[:1]
)


class TopicDetailView(FramedListingMixin, ListView):
    template_name = "articles/topic_detail.html"
    context_object_name = "articles"

    def stories(self):
        self.topic = TOPIC_BY_SLUG.first(self.kwargs["slug"])
        if self.topic is None:
            raise Http404("没有找到这个专题。")
        return rendering.Cards.of(ListingKind.TOPIC, self.topic[0])

    def frame_key(self):
        return self.topic

    def frame_context(self, key):
        pk, name, slug = key
        return {"topic": Topic(pk=pk, name=name, slug=slug)}


class ArchiveMixin(ListingMixin):
    """Date archives of published stories, by local (Asia/Shanghai) publish date."""

    date_field = "published_at"
    context_object_name = "articles"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    make_object_list = True

    def get_queryset(self):
        return Article.objects.published().for_cards()


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayArchive(ArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
