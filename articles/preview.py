"""Seeing a story as readers will before it is public, and what readers get after 撤稿.

Kept apart from articles/views.py (the public pages) so that the detail view only needs the
``GoneWhenUnpublishedMixin`` to answer 410 for withdrawn stories.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import render

from articles.models import Article, ArticleStatus

PREVIEW_SALT = "articles.preview"


def preview_token(article: Article) -> str:
    """Return a signed, timestamped token naming the story (checked by ``PreviewView``)."""
    return signing.dumps({"article": article.pk}, salt=PREVIEW_SALT, compress=True)


def render_as_reader(request, article: Article, status: int = 200):
    """Render the story exactly as the public article page does, marked as a preview."""
    # The public page's own context (court navigation, related stories …), so a preview is
    # what readers will get. Imported here: articles.views imports this module.
    from articles.views import ArticlePage

    response = HttpResponse(ArticlePage.page_html(article), status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview(request, token: str):
    """Show a draft to whoever holds a valid signed link, until it expires or goes public."""
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return _refused(request, "此预览链接已过期，请向编辑索取新的链接。")
    except signing.BadSignature as error:
        raise Http404("预览链接无效。") from error
    article = Article.objects.for_detail().filter(pk=data.get("article")).first()
    if article is None:
        raise Http404("稿件不存在。")
    if article.is_public or article.status in (ArticleStatus.PUBLISHED, ArticleStatus.UNPUBLISHED):
        return _refused(request, "稿件已经发布（或已撤稿），预览链接随之失效。", article)
    return render_as_reader(request, article)


def _refused(request, message: str, article: Article | None = None):
    public_url = article.get_absolute_url() if article is not None and article.is_public else ""
    return render(
        request,
        "articles/preview_refused.html",
        {"message": message, "public_url": public_url},
        status=410,
    )


def gone_response(request, article: Article):
    """Answer 410 Gone for a withdrawn story (撤稿), with its reason."""
    return render(request, "410.html", {"article": article}, status=410)


class GoneWhenUnpublishedMixin:
    """For the public detail view: a story withdrawn from readers answers 410, not 404."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs.get(self.slug_url_kwarg, kwargs.get("slug"))
            withdrawn = Article.objects.unpublished().filter(slug=slug).first() if slug else None
            if withdrawn is None:
                raise
            return gone_response(request, withdrawn)
