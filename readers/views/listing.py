"""Paginated lists of stories as stored teaser cards (every list page uses this)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from readers import rendering

LISTING_PAGE_SIZE = 20
MAX_LISTING_PAGES = 25


class CappedPaginator(Paginator):
    """Number at most MAX_LISTING_PAGES pages of the newest stories.

    Counting every story about a high court or a big topic costs a scan of tens of thousands of
    rows on each request; counting up to a limit costs a short index walk. Older stories stay
    reachable, page by page, through the date archive (a day never fills 25 pages).
    """

    capped = False

    @cached_property
    def count(self) -> int:
        limit = MAX_LISTING_PAGES * self.per_page
        counted = self.object_list.values("pk").order_by()[: limit + 1].count()
        self.capped = counted > limit
        return min(counted, limit)


class ListingMixin:
    """For ListView and the date archives: numbered pages of stored teaser cards.

    ``get_queryset()`` returns the stories, newest first; the page's stories reach the
    template with a current ``render`` (card), outdated ones rendered in one batch.
    """

    paginate_by = LISTING_PAGE_SIZE
    paginator_class = CappedPaginator
    context_object_name = "articles"

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(
            queryset.select_related("render").only(*rendering.CARD_FIELDS), page_size
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        stories = rendering.with_cards(context["object_list"])
        context["object_list"] = context[self.context_object_name] = stories
        if page is not None:
            page.object_list = stories
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context
