from django.urls import path, register_converter

from articles import feeds, preview, views
from articles.cache import cache_for_readers as cached


class TwoDigitConverter:
    """Month and day as two digits (06, 18), so each page has one address."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

app_name = "articles"

urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("news/", cached(views.LatestView.as_view()), name="latest"),
    path("feed/", cached(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", cached(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path("<int:year>/", cached(views.YearArchive.as_view()), name="archive_year"),
    path("<int:year>/<dd:month>/", cached(views.MonthArchive.as_view()), name="archive_month"),
    path(
        "<int:year>/<dd:month>/<dd:day>/",
        cached(views.DayArchive.as_view()),
        name="archive_day",
    ),
    # Previews are never cached: the cache serves anonymous readers only.
    path(
        "<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        cached(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("topics/", cached(views.TopicListView.as_view()), name="topic_list"),
    path("topics/<slug:slug>/", cached(views.TopicDetailView.as_view()), name="topic_detail"),
    path("topics/<slug:slug>/feed/", cached(feeds.TopicFeed()), name="topic_feed"),
    path("topics/<slug:slug>/feed/atom/", cached(feeds.TopicAtomFeed()), name="topic_feed_atom"),
    path("preview/<str:token>/", preview.preview, name="preview"),
]
