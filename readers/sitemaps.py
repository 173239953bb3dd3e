"""Sitemaps for search engines: stories, courts, topics and people, plus Google News."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article, ArticleByline, TaggedArticle, Topic
from people.models import Organization, Person

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Article):
        return max(item.updated_at, item.published_at)


class OrganizationSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Organization.objects.only("slug", "path")


class TopicSitemap(Sitemap):
    """Topics with at least one published story (a new tag on a draft stays unlisted)."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        tagged = TaggedArticle.objects.filter(
            tag_id=OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return Topic.objects.filter(Exists(tagged)).only("slug").order_by("slug")


class PersonSitemap(Sitemap):
    """People credited on at least one published story."""

    changefreq = "weekly"
    priority = 0.3

    def items(self):
        credited = ArticleByline.objects.filter(
            person_id=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Person.objects.filter(Exists(credited)).only("slug").order_by("slug")


SITEMAPS = {
    "articles": ArticleSitemap,
    "courts": OrganizationSitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
}


def news_items():
    """Return the stories published on the website in the last 48 hours, newest first, for
    the Google News sitemap.

    Google News reads only articles published in the last two days, so that is all the news
    sitemap holds, and "published" means on this website: a story imported from an old print
    page and put online today is listed, dated when it went online (its print date is not its
    publication on the web). Older stories are in the ordinary sitemap only; a site with
    nothing new for two days has an empty (valid) news sitemap.
    """
    since = timezone.now() - NEWS_WINDOW
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .only("slug", "headline", "published_at")[:NEWS_LIMIT]
    )
