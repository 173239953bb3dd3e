"""The issue's acceptance test: a reader reaches every example story by court, topic, byline
and date, starting from the home page and following links only."""

import html as html_lib
import re

import feedparser
import pytest

pytestmark = pytest.mark.django_db

FEATURE = "以品牌建设赋能高质量发展"
NEWS = "攸县深化法检协作"


class Reader:
    def __init__(self, client):
        self.client = client
        self.html = ""

    def open(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        self.html = response.content.decode()
        return self

    def follow(self, text):
        """Follow the first link whose text is exactly `text`."""
        for href, inner in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', self.html, re.S):
            if re.sub(r"<[^>]+>", "", inner).strip() == text:
                return self.open(html_lib.unescape(href))
        raise AssertionError(f"no link {text!r} on the page")

    def sees(self, *texts):
        return all(text in self.html for text in texts)


@pytest.fixture
def reader(demo, client):
    return Reader(client).open("/")


def test_reader_reaches_the_stories_by_court(reader):
    reader.follow("法院").follow("株洲市中级人民法院")
    assert reader.sees(FEATURE, NEWS)
    reader.follow("株洲市渌口区人民法院")
    assert reader.sees(FEATURE) and not reader.sees(NEWS)
    reader.follow("渌口区法院综合管理党支部")
    assert reader.sees(FEATURE)
    reader.follow(FEATURE)
    assert reader.sees("<h1>以品牌建设赋能高质量发展</h1>")


def test_reader_reaches_the_court_from_the_home_page_block(reader):
    reader.follow("株洲中院")
    assert reader.sees(FEATURE, NEWS)


def test_reader_reaches_the_stories_by_topic(reader):
    reader.follow("党建")
    assert reader.sees(FEATURE)
    reader.open("/").follow("专题").follow("法检协作")
    assert reader.sees(NEWS)


def test_reader_reaches_the_stories_by_byline(reader):
    reader.follow(FEATURE).follow("王薇")
    assert reader.sees(FEATURE, "本报记者")
    reader.open("/").follow(FEATURE).follow("谢燕")
    assert reader.sees(FEATURE, "综合办公室主任", "株洲市渌口区人民法院")


def test_reader_reaches_the_stories_by_date(reader):
    reader.follow(NEWS).follow("2024年6月18日")
    assert reader.sees(FEATURE, NEWS)
    reader.follow("6月")
    assert reader.sees(FEATURE, NEWS)
    reader.follow("2024年").follow("6月").follow("18日")
    assert reader.sees(FEATURE, NEWS)


def test_reader_subscribes_to_a_courts_feed(reader, client):
    reader.follow("株洲中院")
    feed_url = re.search(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', reader.html
    )[1]
    feed = feedparser.parse(client.get(feed_url).content)
    assert {entry.title for entry in feed.entries} == {FEATURE, NEWS}
