"""Template tags of the readers' pages: a story's body with its photos and lead-in, responsive
pictures, absolute URLs, JSON-LD, page links and the organisation tree."""

from __future__ import annotations

import json
import re

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from images import figures, imaging
from images.models import Image

register = template.Library()

FIRST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>")
# The publisher's logo for JSON-LD (Google asks for a raster image at most 600×60), by its
# unhashed static URL so that stored <head>s stay right across deploys (whitenoise serves it).
PUBLISHER_LOGO = "logo.png"
PUBLISHER_LOGO_SIZE = (600, 60)
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def html_datetime(value) -> str:
    """Return a date-time as HTML and ISO 8601 readers' tools accept: local time, whole
    seconds, offset ("2026-11-26T07:23:01+08:00"). ``|date:'c'`` prints microseconds, which
    HTML's datetime attribute refuses (a fraction has one to three digits)."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.simple_tag
def share_image(article: Article) -> dict | None:
    """Return the photo a shared link shows (og:image, JSON-LD): the lead image, else the
    body's first photo, as its largest JPEG at article size (the master until renditions
    exist), with the size and alt text; None for a story without a photo."""
    image = article.lead_image
    if image is None:
        body_images = article.body_images()
        image = next(
            (body_images[pk] for pk in figures.body_image_ids(article.body) if pk in body_images),
            None,
        )
    if image is None or not image.master:
        return None
    jpegs = [r for r in image.renditions.all() if r.spec == "article" and r.format == "jpeg"]
    if jpegs:
        best = max(jpegs, key=lambda r: r.width)
        url, width, height = best.file.url, best.width, best.height
    else:
        url, width, height = image.master.url, image.width, image.height
    return {"url": absolute(url), "width": width, "height": height, "alt": image.alt_text}


@register.simple_tag
def picture_data(image, size="article"):
    """Return the rendition data (srcsets, src, width, height) of an image at a named size."""
    return imaging.picture_for(image, size) if image else None


def render_figure(image: Image, caption_html: str, size: str = "article", lazy: bool = True) -> str:
    """Render a body photo: the responsive picture, with its caption and credit under it."""
    return render_to_string(
        "readers/includes/figure.html",
        {"image": image, "size": size, "lazy": lazy, "caption_html": mark_safe(caption_html)},
    ).strip()


@register.filter
def render_body(article_or_body):
    """Render a stored body, each library figure replaced by a <picture> with its caption.

    Given an Article from for_detail(), the body's images and their renditions come from the
    prefetched image_uses (no query); given a plain body string, they are fetched in two.
    Given an Article in the lead-in form, the lead-in opens the first paragraph, as print
    does: "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）近日，……".
    """
    lead_in = ""
    if isinstance(article_or_body, Article):
        body = article_or_body.body
        images = article_or_body.body_images()
        lead_in = article_or_body.lead_in()
    else:
        body = str(article_or_body or "")
        ids = figures.body_image_ids(body)
        images = Image.objects.prefetch_related("renditions").in_bulk(ids) if ids else {}

    def render(image_id, caption_html):
        image = images.get(image_id)
        if image is None:
            return ""  # deleted from the library: drop the figure rather than show a broken one
        # The caption comes from the sanitised body (edited per story); else the library's.
        return render_figure(image, caption_html or escape(image.caption))

    return mark_safe(open_with_lead_in(figures.replace_figures(body, render), lead_in))


def open_with_lead_in(body: str, lead_in: str) -> str:
    """Put the lead-in at the start of the body's first paragraph (the body is sanitised)."""
    if not lead_in:
        return body
    opening = format_html('<span class="lead-in">{}</span>', lead_in)
    match = FIRST_PARAGRAPH.search(body)
    if match is None:
        return format_html("<p>{}</p>{}", opening, mark_safe(body))
    return body[: match.end()] + opening + body[match.end() :]


@register.simple_tag
def absolute(path: str) -> str:
    """Return the public absolute URL for a site path (canonical, OpenGraph, JSON-LD)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def news_article_json(article: Article) -> str:
    """Return the story as schema.org NewsArticle JSON (for a script element), naming every
    byline person; safe inside <script> (no "<", ">" or "&" left)."""
    image = share_image(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.excerpt(),
        "datePublished": html_datetime(article.published_at) or None,
        "dateModified": html_datetime(
            max(article.updated_at, article.published_at or article.updated_at)
        ),
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "author": [
            {
                "@type": "Person",
                "name": b.person.name,
                "url": absolute(b.person.get_absolute_url()),
                "jobTitle": b.role,
            }
            for b in article.bylines.all()
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.PUBLICATION_NAME,
            "url": absolute("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute(PrefixNode.handle_simple("STATIC_URL") + PUBLISHER_LOGO),
                "width": PUBLISHER_LOGO_SIZE[0],
                "height": PUBLISHER_LOGO_SIZE[1],
            },
        },
        "inLanguage": "zh-Hans",
    }
    if image is not None:
        data["image"] = [image["url"]]
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


@register.filter
def eager(card: str) -> SafeString:
    """Return a stored teaser card whose thumbnail loads at once (cards are stored lazy):
    for the first cards of a list, which are on screen when the page opens."""
    return mark_safe(str(card).replace(' loading="lazy"', "", 1))


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """Return the current page's address at another page number (page 1 without ?page)."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    if number != 1:
        params["page"] = number
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.filter
def as_tree(organizations) -> list[dict]:
    """Return organisations (in path order) as the items of nested lists, each under its
    nearest listed ancestor: whether a list opens after an item, and how many close after it
    (readers/includes/org_tree.html)."""
    organizations = list(organizations)
    depths, open_paths = [], []
    for organization in organizations:
        while open_paths and not organization.path.startswith(open_paths[-1]):
            open_paths.pop()
        depths.append(len(open_paths))
        open_paths.append(organization.path)
    following = [*depths[1:], 0]
    return [
        {"organization": organization, "opens": after > depth, "closes": range(depth - after)}
        for organization, depth, after in zip(organizations, depths, following, strict=True)
    ]
