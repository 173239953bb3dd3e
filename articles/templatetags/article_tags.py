"""Template tags for stories: the body with its photos and lead-in, responsive pictures,
absolute URLs, JSON-LD and page links."""

from __future__ import annotations

import html
import json
import re

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import imaging
from articles.models import Article, Image
from people.slugs import slug_url_maker

register = template.Library()

# Rendered site chrome (header, footer, stylesheet links) by template and what it shows.
_chrome: dict[tuple, str] = {}


@register.simple_tag
def chrome(name: str) -> str:
    """Render a template that shows only site-wide settings and URLs, once per process.

    The header, footer and stylesheet links are the same on every page; rendering them on each
    request would cost a tenth of the article page. Not kept with DEBUG on (templates change).
    """
    key = (name, settings.PUBLICATION_NAME, settings.SITE_URL, get_script_prefix())
    rendered = _chrome.get(key)
    if rendered is None:
        rendered = render_to_string(name, {"PUBLICATION_NAME": settings.PUBLICATION_NAME})
        if not settings.DEBUG:
            _chrome[key] = rendered
    return mark_safe(rendered)


FIRST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>")
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


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
        ids = imaging.body_image_ids(body)
        images = Image.objects.prefetch_related("renditions").in_bulk(ids) if ids else {}

    def render(image_id, caption_html):
        image = images.get(image_id)
        if image is None:
            return ""  # deleted from the library: drop the figure rather than show a broken one
        # The caption comes from the sanitised body (edited per story); else the library's.
        return render_figure(image, caption_html or escape(image.caption))

    return mark_safe(open_with_lead_in(imaging.replace_figures(body, render), lead_in))


def open_with_lead_in(body: str, lead_in: str) -> str:
    """Put the lead-in at the start of the body's first paragraph (the body is sanitised)."""
    if not lead_in:
        return body
    opening = f'<span class="lead-in">{escape(lead_in)}</span>'
    match = FIRST_PARAGRAPH.search(body)
    if match is None:
        return f"<p>{opening}</p>{body}"
    return body[: match.end()] + opening + body[match.end() :]


@register.simple_tag
def absolute(path: str) -> str:
    """Return the public absolute URL for a site path (canonical, OpenGraph, JSON-LD)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def news_article_ld(article: Article) -> str:
    """Return a <script> with the story as a schema.org NewsArticle, naming every byline person."""
    image = article.lead_image
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.excerpt(),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": max(
            article.updated_at, article.published_at or article.updated_at
        ).isoformat(),
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
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.PUBLICATION_NAME},
        "inLanguage": "zh-Hans",
    }
    if image is not None and image.master:
        data["image"] = [absolute(image.master.url)]
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def card_list_html(articles, eager_cards: int = 2) -> str:
    """Join stored teaser cards into the card list; the first ones load their thumbnails at once."""
    from articles.rendering import eager

    cards = [eager(a.card) if i < eager_cards else a.card for i, a in enumerate(articles)]
    if not cards:
        return mark_safe('<div class="card-list"><p class="empty">暂无稿件。</p></div>')
    return mark_safe(f'<div class="card-list">{"".join(cards)}</div>')


def pagination_html(request, page_obj, page_range) -> str:
    """Render numbered page links (page 1 without ?page, other query parameters kept)."""
    if not hasattr(page_obj, "has_other_pages") or not page_obj.has_other_pages():
        return ""  # not paginated (the home page's list) or a single page
    params = request.GET.copy()
    params.pop("page", None)

    def href(number: int) -> str:
        if number != 1:
            params["page"] = number
        else:
            params.pop("page", None)
        query = params.urlencode()
        return escape(f"{request.path}?{query}" if query else request.path)

    items = []
    if page_obj.has_previous():
        items.append(
            f'<li><a href="{href(page_obj.previous_page_number())}" rel="prev">上一页</a></li>'
        )
    for number in page_range:
        if number == page_obj.paginator.ELLIPSIS:
            items.append('<li><span class="ellipsis">…</span></li>')
        elif number == page_obj.number:
            items.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            items.append(f'<li><a href="{href(number)}">{number}</a></li>')
    if page_obj.has_next():
        items.append(
            f'<li><a href="{href(page_obj.next_page_number())}" rel="next">下一页</a></li>'
        )
    return mark_safe(
        f'<nav class="pagination" aria-label="分页">\n  <ul>\n    {"".join(items)}\n  </ul>\n</nav>'
    )


def court_blocks_html(blocks) -> str:
    """Render the home page's court blocks: each court's newest headlines."""
    from articles.listings import teaser_list_html
    from articles.models import story_url_maker

    court_url = slug_url_maker("people:organization_detail")
    story_url, tz = story_url_maker(), timezone.get_current_timezone()
    return "".join(
        f'<section class="court-block" aria-labelledby="court-{court.pk}">'
        f'<h2 id="court-{court.pk}" class="section-title">'
        f'<a href="{html.escape(court_url(slug=court.slug))}">{html.escape(court.display_name)}'
        f"</a></h2>{teaser_list_html(stories, story_url, tz)}</section>\n"
        for court, stories in blocks
    )


def topic_section_html(topics) -> str:
    """Render the home page's popular topics (nothing without topics)."""
    if not topics:
        return ""
    topic_url = slug_url_maker("articles:topic_detail")
    items = "".join(
        f'<li><a href="{html.escape(topic_url(slug=t.slug))}">{html.escape(t.name)}</a></li>'
        for t in topics
    )
    return (
        '<section class="topic-block" aria-labelledby="topics-title">\n'
        '  <h2 id="topics-title" class="section-title">'
        f'<a href="{html.escape(reverse("articles:topic_list"))}">热门专题</a></h2>\n'
        f'  <ul class="topic-cloud">{items}</ul>\n</section>'
    )
