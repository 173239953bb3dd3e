from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.cache import cache_for_readers
from articles.sitemaps import SITEMAPS
from newsroom import views

admin.site.site_header = f"{settings.PUBLICATION_NAME} 采编系统"
admin.site.site_title = "采编系统"
admin.site.index_title = "采编工作台"

handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", cache_for_readers(views.robots_txt), name="robots_txt"),
    path(
        "sitemap.xml",
        cache_for_readers(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_for_readers(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cache_for_readers(views.news_sitemap), name="news_sitemap"),
    # Stories first: their pages are the most requested.
    path("", include("articles.urls")),
    path("search/", include("search.urls")),
    path("", include("people.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
