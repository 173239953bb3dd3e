from django.urls import include, path

from bench.views import floor

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("newsroom.urls")),
]
