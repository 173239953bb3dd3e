"""Site-wide readers' views: robots.txt, the Google News sitemap and the 500 page."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.sitemaps import news_items


@require_safe
def robots_txt(request):
    base = request.build_absolute_uri("/").rstrip("/")
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {base}{reverse('sitemap_index')}",
        f"Sitemap: {base}{reverse('news_sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def news_sitemap(request):
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": news_items(), "base_url": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/xml; charset=utf-8",
    )


def server_error(request):
    """Render the 500 page without touching the database (it may be what failed)."""
    try:
        template = loader.get_template("500.html")
        body = template.render({"PUBLICATION_NAME": settings.PUBLICATION_NAME})
    except Exception:  # the error page itself must never fail
        body = "<h1>服务器出错了</h1><p>请稍后再试。</p>"
    return HttpResponseServerError(body)
