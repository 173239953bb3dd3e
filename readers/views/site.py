"""Site-wide readers' resources: robots.txt and the sitemaps (Google News included)."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from readers.sitemaps import SITEMAPS, news_items


@require_safe
def robots_txt(request):
    base = request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {base}{reverse('readers:sitemap_index')}",
        f"Sitemap: {base}{reverse('readers:news_sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="readers:sitemap_section"
    )


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)


@require_safe
def news_sitemap(request):
    return render(
        request,
        "readers/sitemaps/news.xml",
        {"articles": news_items(), "base_url": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/xml; charset=utf-8",
    )
