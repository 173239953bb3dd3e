import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def html_of(article):
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_is_a_news_article_naming_every_byline_person(demo):
    data = json_ld(html_of(demo[0]))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "以品牌建设赋能高质量发展"
    assert [a["name"] for a in data["author"]] == ["王薇", "谢燕", "曾佳欣", "陈璧君"]
    assert data["publisher"]["name"] == "湖南法治报"
    assert data["datePublished"].startswith("2024-06-18")
    assert data["dateModified"] and data["image"][0].endswith(".jpg")


def test_json_ld_escapes_html_in_headlines(db):
    from tests.factories import ArticleFactory

    html = html_of(ArticleFactory(headline="</script><b>标题"))
    assert json_ld(html)["headline"] == "</script><b>标题"


def test_article_has_title_description_canonical_and_social_tags(demo, settings):
    html = html_of(demo[0])
    url = demo[0].get_absolute_url()
    assert "<title>以品牌建设赋能高质量发展 - 湖南法治报</title>" in html
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert f'<link rel="canonical" href="{settings.SITE_URL}{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="以品牌建设赋能高质量发展">' in html
    assert 'property="og:image"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_every_page_has_one_h1_and_landmarks(demo, client):
    for url in ("/", "/courts/", "/topics/", demo[0].get_absolute_url(), "/2024/06/"):
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert "<main" in html and "<header" in html and "<footer" in html and "<nav" in html


def test_images_have_alt_text(demo, client):
    html = client.get(demo[0].get_absolute_url()).content.decode()
    for tag in re.findall(r"<img[^>]*>", html):
        assert re.search(r'alt="[^"]+"', tag), tag


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return found and found.group(1)


def test_a_story_whose_photo_is_in_the_body_is_shared_with_that_photo(db, settings):
    """No lead image, one photo in the body (as the body editor inserts it): og:image,
    twitter:image and the JSON-LD image all name that photo."""
    from django.core.files.base import ContentFile

    from images.renditions import generate_renditions
    from tests.factories import ArticleFactory, ImageFactory, jpeg_bytes

    photo = ImageFactory(file=ContentFile(jpeg_bytes(1600, 1000), name="scene.jpg"))
    generate_renditions(photo)
    article = ArticleFactory(body=f"<p>近日，渌口区法院开展活动。</p>{photo.figure_html()}")
    html = html_of(article)
    largest = photo.renditions.get(spec="article", format="jpeg", width=1200)
    url = settings.SITE_URL + largest.file.url
    assert meta(html, "og:image") == url
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "750")
    assert meta(html, "og:image:alt") == photo.alt_text
    assert meta(html, "twitter:image") == url
    assert meta(html, "twitter:card") == "summary_large_image"
    assert json_ld(html)["image"] == [url]


def test_a_story_without_a_photo_claims_none(db):
    from tests.factories import ArticleFactory

    html = html_of(ArticleFactory())
    assert meta(html, "og:image") is None and "image" not in json_ld(html)
    assert meta(html, "twitter:card") == "summary"


def test_json_ld_publisher_has_a_logo_that_is_served(demo, settings, client):
    import io

    from PIL import Image as PILImage

    logo = json_ld(html_of(demo[0]))["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == f"{settings.SITE_URL}/static/logo.png"
    response = client.get("/static/logo.png")
    assert response.status_code == 200
    with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        # Google's publisher logos: raster, at most 600×60.
        assert image.size == (logo["width"], logo["height"]) and image.width <= 600
        assert image.height <= 60
