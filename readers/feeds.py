"""RSS and Atom feeds: the whole site, a court (with everything under it), a topic, a person."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Topic
from people.models import Organization, Person
from readers import listings
from readers.models import ListingKind

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    """The newest published stories; subclasses narrow the queryset."""

    def title(self, obj=None):
        return settings.PUBLICATION_NAME

    def link(self, obj=None):
        return reverse("readers:home")

    def description(self, obj=None):
        return f"{settings.PUBLICATION_NAME}最新稿件"

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        # What the items show: bylines, the lead image's master (the enclosure), corrections.
        return (
            self.stories(obj)
            .with_bylines()
            .select_related("lead_image")
            .prefetch_related("corrections")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        """Return the excerpt, followed by the story's dated correction notes (更正) if any."""
        excerpt = item.excerpt(300)
        if not item.corrections.all():
            return excerpt
        notes = render_to_string("readers/includes/corrections.html", {"article": item})
        return format_html("<p>{}</p>{}", excerpt, mark_safe(notes.strip()))

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Article) -> str:
        return "、".join(b.person.name for b in item.bylines.all())

    def item_enclosures(self, item: Article):
        image = item.lead_image
        # The master: full size, right way up, without the original's metadata (GPS …).
        if image is None or not image.master:
            return []
        try:
            length = image.master.size
        except OSError:  # a missing file must not break the feed
            length = 0
        mime_type = mimetypes.guess_type(image.master.name)[0] or "image/jpeg"
        return [Enclosure(image.master.url, str(length), mime_type)]


class OrganizationFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, obj):
        return f"{obj.name} - {settings.PUBLICATION_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"关于{obj.name}及其下属机构的稿件"

    def stories(self, obj):
        return listings.listed(ListingKind.ORGANIZATION, obj.pk)


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{obj.name} - {settings.PUBLICATION_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"专题“{obj.name}”的稿件"

    def stories(self, obj):
        return listings.listed(ListingKind.TOPIC, obj.pk)


class PersonFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return f"{obj.name} - {settings.PUBLICATION_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"{obj.name}署名的稿件"

    def stories(self, obj):
        return listings.listed(ListingKind.PERSON, obj.pk)


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass


class OrganizationAtomFeed(AtomMixin, OrganizationFeed):
    pass


class TopicAtomFeed(AtomMixin, TopicFeed):
    pass


class PersonAtomFeed(AtomMixin, PersonFeed):
    pass
