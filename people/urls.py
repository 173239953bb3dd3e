from django.urls import path

from articles import feeds
from articles.cache import cache_for_readers as cached
from people import views

app_name = "people"

urlpatterns = [
    path("courts/", cached(views.OrganizationListView.as_view()), name="organization_list"),
    path(
        "courts/<slug:slug>/",
        cached(views.OrganizationDetailView.as_view()),
        name="organization_detail",
    ),
    path("courts/<slug:slug>/feed/", cached(feeds.OrganizationFeed()), name="organization_feed"),
    path(
        "courts/<slug:slug>/feed/atom/",
        cached(feeds.OrganizationAtomFeed()),
        name="organization_feed_atom",
    ),
    path("people/<slug:slug>/", cached(views.PersonDetailView.as_view()), name="person_detail"),
    path("people/<slug:slug>/feed/", cached(feeds.PersonFeed()), name="person_feed"),
    path("people/<slug:slug>/feed/atom/", cached(feeds.PersonAtomFeed()), name="person_feed_atom"),
]
