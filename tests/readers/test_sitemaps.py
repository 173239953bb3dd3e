from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    BylineFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
    ScheduledArticleFactory,
    story,
)

pytestmark = pytest.mark.django_db
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)


def all_sitemap_urls():
    index = xml(reverse("readers:sitemap_index"))
    urls = []
    for loc in index.findall("s:sitemap/s:loc", NS):
        path = loc.text.removeprefix("http://testserver")
        urls += [
            u.text.removeprefix("http://testserver") for u in xml(path).findall("s:url/s:loc", NS)
        ]
    return urls


def test_sitemap_lists_public_articles_courts_topics_and_people():
    court = OrganizationFactory()
    person = PersonFactory()
    article = story(organizations=[court], topics=["党建"], people=[person])
    urls = all_sitemap_urls()
    assert article.get_absolute_url() in urls
    assert court.get_absolute_url() in urls
    assert reverse("readers:topic_detail", args=["dang-jian"]) in urls
    assert person.get_absolute_url() in urls


def test_sitemap_leaves_out_drafts_future_stories_and_their_tags_and_people():
    draft, future = DraftArticleFactory(), ScheduledArticleFactory()
    draft.tags.set(["秘密专题"])
    hidden_person = PersonFactory(name="未署名者")
    BylineFactory(article=future, person=hidden_person)
    urls = all_sitemap_urls()
    assert draft.get_absolute_url() not in urls and future.get_absolute_url() not in urls
    assert not any("/topics/" in u for u in urls)
    assert hidden_person.get_absolute_url() not in urls


def test_news_sitemap_lists_the_last_48_hours_only():
    recent = story(headline="新稿件", published_at=timezone.now() - timedelta(hours=3))
    story(published_at=timezone.now() - timedelta(hours=49))
    ScheduledArticleFactory()
    root = xml(reverse("readers:news_sitemap"))
    locs = [u.text for u in root.findall("s:url/s:loc", NS)]
    assert locs == ["http://testserver" + recent.get_absolute_url()]
    assert root.find("s:url/n:news/n:title", NS).text == "新稿件"
    assert root.find("s:url/n:news/n:publication/n:name", NS).text == "湖南法治报"


def test_robots_txt_points_to_the_sitemaps_and_keeps_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text


def test_news_sitemap_lists_a_story_from_an_old_print_page_once_it_goes_online(
    example_page_bytes, ingest_directory
):
    """What the news sitemap holds: stories published on the website in the last 48 hours
    (Google News reads nothing older), whatever their print date. A story imported from a
    2024 page and published today is news on the site today: it is listed, dated when it
    went online."""
    from datetime import date

    from articles import services
    from articles.models import ArticleStatus
    from ingest.services import import_page
    from tests.factories import user_with_role

    result = import_page(
        example_page_bytes, edition_date=date(2024, 6, 18), page_label="A3", user=None
    )
    drafts = list(result.ingest.articles.order_by("pk"))
    imported = drafts[0]
    imported.status = ArticleStatus.APPROVED  # signed off through the 三审 (tested elsewhere)
    services.save_article(imported)
    services.publish(imported, user_with_role("总编辑"))
    imported.refresh_from_db()
    assert imported.print_edition_date == date(2024, 6, 18)
    root = xml(reverse("readers:news_sitemap"))
    urls = root.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        "http://testserver" + imported.get_absolute_url()
    ]
    published = urls[0].find("n:news/n:publication_date", NS).text
    local = timezone.localtime(imported.published_at).replace(microsecond=0)
    assert published == local.isoformat()  # W3C datetime, whole seconds, +08:00


def test_news_sitemap_leaves_out_stories_that_went_online_long_ago(demo):
    """The demo's stories went online as printed, in 2024: the ordinary sitemap lists them,
    the news sitemap (valid, with its namespace) does not."""
    root = xml(reverse("readers:news_sitemap"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert root.findall("s:url", NS) == []
    assert demo[0].get_absolute_url() in all_sitemap_urls()
