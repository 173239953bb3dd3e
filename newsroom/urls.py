from django.contrib import admin
from django.urls import include, path

from newsroom.media import media_url_prefix, serve_media

handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("search/", include("search.urls")),
    path("", include("readers.urls")),
]

# Public images, when no front server serves MEDIA_ROOT (README, "Serving media").
if prefix := media_url_prefix():
    urlpatterns.insert(0, path(f"{prefix}<path:name>", serve_media, name="media"))
