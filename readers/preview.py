"""Seeing a story as readers will before it is public: staff previews and signed links.

A preview is rendered now from the database (never stored), through the same templates and
the same neighbours as the public page, under a "预览" banner, and is never cached.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from articles import preview_links
from articles.models import Article, ArticleStatus
from readers import listings, rendering


def no_store(response):
    """Mark a response that must not be kept by browsers or proxies, nor indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_preview(request, article: Article):
    """Render the story as the public article page does, marked as a preview."""
    article = Article.objects.for_detail().get(pk=article.pk)
    parts, court = rendering.live_parts(article)
    topic_ids = [topic.pk for topic in article.tags.all()]
    around = listings.around(article, court.pk if court and article.is_public else None, topic_ids)
    context = {
        "article": article,
        "head": parts["head"],
        "main": parts["main"],
        "court": court,
        "is_preview": not article.is_public,
        **around,
    }
    return no_store(render(request, "readers/article_detail.html", context))


def staff_preview_of_slug(request, slug: str):
    """Return the preview of the story with this slug for staff who may open it, else None."""
    article = Article.objects.visible_to(request.user).filter(slug=slug).first()
    if article is None or article.status == ArticleStatus.UNPUBLISHED:
        return None
    return render_preview(request, article)


@login_required
def staff_preview(request, pk: int):
    """读者视角预览: any story the user may open in the admin, whatever its state."""
    article = Article.objects.visible_to(request.user).filter(pk=pk).first()
    if article is None:
        raise Http404("没有找到这篇稿件，或您无权查看。")
    return render_preview(request, article)


def preview(request, token: str):
    """Show a draft to whoever holds a valid signed link, until it expires or goes public."""
    try:
        article_id = preview_links.article_id_for(token)
    except preview_links.PreviewLinkExpired:
        return _refused(request, "此预览链接已过期，请向编辑索取新的链接。")
    except preview_links.PreviewLinkInvalid as error:
        raise Http404("预览链接无效。") from error
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise Http404("稿件不存在。")
    if article.is_public or article.status in (ArticleStatus.PUBLISHED, ArticleStatus.UNPUBLISHED):
        return _refused(request, "稿件已经发布（或已撤稿），预览链接随之失效。", article)
    return render_preview(request, article)


def _refused(request, message: str, article: Article | None = None):
    public_url = article.get_absolute_url() if article is not None and article.is_public else ""
    return no_store(
        render(
            request,
            "readers/preview_refused.html",
            {"message": message, "public_url": public_url},
            status=410,
        )
    )
