from django.urls import path, register_converter

from readers import feeds, preview
from readers.cache import cache_for_readers as cached
from readers.views import lists, site, stories


class TwoDigitConverter:
    """Month and day as two digits (06, 18), so each page has one address."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

app_name = "readers"

urlpatterns = [
    path("", cached(stories.HomeView.as_view()), name="home"),
    path("news/", cached(stories.LatestView.as_view()), name="latest"),
    path("feed/", cached(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", cached(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path("<int:year>/", cached(stories.YearArchive.as_view()), name="archive_year"),
    path("<int:year>/<dd:month>/", cached(stories.MonthArchive.as_view()), name="archive_month"),
    path(
        "<int:year>/<dd:month>/<dd:day>/",
        cached(stories.DayArchive.as_view()),
        name="archive_day",
    ),
    # Staff previews on this address are never cached: the cache serves anonymous readers only.
    path(
        "<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        cached(stories.ArticleDetailView.as_view()),
        name="article",
    ),
    path("topics/", cached(lists.TopicListView.as_view()), name="topic_list"),
    path("topics/<slug:slug>/", cached(lists.TopicDetailView.as_view()), name="topic_detail"),
    path("topics/<slug:slug>/feed/", cached(feeds.TopicFeed()), name="topic_feed"),
    path("topics/<slug:slug>/feed/atom/", cached(feeds.TopicAtomFeed()), name="topic_feed_atom"),
    path("courts/", cached(lists.OrganizationListView.as_view()), name="organization_list"),
    path(
        "courts/<slug:slug>/",
        cached(lists.OrganizationDetailView.as_view()),
        name="organization_detail",
    ),
    path("courts/<slug:slug>/feed/", cached(feeds.OrganizationFeed()), name="organization_feed"),
    path(
        "courts/<slug:slug>/feed/atom/",
        cached(feeds.OrganizationAtomFeed()),
        name="organization_feed_atom",
    ),
    path("people/<slug:slug>/", cached(lists.PersonDetailView.as_view()), name="person_detail"),
    path("people/<slug:slug>/feed/", cached(feeds.PersonFeed()), name="person_feed"),
    path("people/<slug:slug>/feed/atom/", cached(feeds.PersonAtomFeed()), name="person_feed_atom"),
    path("preview/<str:token>/", preview.preview, name="preview"),
    path("preview/story/<int:pk>/", preview.staff_preview, name="staff_preview"),
    path("robots.txt", cached(site.robots_txt), name="robots_txt"),
    path("sitemap.xml", cached(site.sitemap_index), name="sitemap_index"),
    path("sitemap-<section>.xml", cached(site.sitemap_section), name="sitemap_section"),
    path("news-sitemap.xml", cached(site.news_sitemap), name="news_sitemap"),
]
