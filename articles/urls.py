from django.urls import path

from articles import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("preview/<str:token>/", preview.preview, name="preview"),
]
