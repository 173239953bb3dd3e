"""Template tags for stories: the body with its photos, and responsive pictures."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import imaging
from articles.models import Article, Image

register = template.Library()


@register.simple_tag
def picture_data(image, size="article"):
    """Return the rendition data (srcsets, src, width, height) of an image at a named size."""
    return imaging.picture_for(image, size) if image else None


def render_figure(image: Image, caption_html: str, size: str = "article", lazy: bool = True) -> str:
    """Render a body photo: the responsive picture, with its caption and credit under it."""
    return render_to_string(
        "includes/figure.html",
        {"image": image, "size": size, "lazy": lazy, "caption_html": mark_safe(caption_html)},
    ).strip()


@register.filter
def render_body(article_or_body):
    """Render a stored body, each library figure replaced by a <picture> with its caption.

    Given an Article from for_detail(), the body's images and their renditions come from the
    prefetched image_uses (no query); given a plain body string, they are fetched in two.
    """
    if isinstance(article_or_body, Article):
        body = article_or_body.body
        images = article_or_body.body_images()
    else:
        body = str(article_or_body or "")
        ids = imaging.body_image_ids(body)
        images = Image.objects.prefetch_related("renditions").in_bulk(ids) if ids else {}

    def render(image_id, caption_html):
        image = images.get(image_id)
        if image is None:
            return ""  # deleted from the library: drop the figure rather than show a broken one
        # The caption comes from the sanitised body (edited per story); else the library's.
        return render_figure(image, caption_html or escape(image.caption))

    return mark_safe(imaging.replace_figures(body, render))
