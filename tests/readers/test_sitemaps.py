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
