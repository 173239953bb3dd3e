import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    BylineFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
    ScheduledArticleFactory,
    story,
)

pytestmark = pytest.mark.django_db


def parse(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("name", ["readers:feed", "readers:feed_atom"])
def test_site_feed_lists_published_stories_only(name):
    story(headline="公开稿件")
    DraftArticleFactory(headline="草稿")
    ScheduledArticleFactory(headline="定时稿件")
    assert titles(parse(reverse(name))) == ["公开稿件"]


@pytest.mark.parametrize("name", ["readers:organization_feed", "readers:organization_feed_atom"])
def test_court_feed_includes_descendant_organisations(name):
    court = OrganizationFactory()
    branch = OrganizationFactory(parent=court, name="党支部", short_name="支部")
    story(organizations=[branch], headline="支部稿件")
    story(organizations=[OrganizationFactory()], headline="别处稿件")
    assert titles(parse(reverse(name, args=[court.slug]))) == ["支部稿件"]


@pytest.mark.parametrize("name", ["readers:topic_feed", "readers:topic_feed_atom"])
def test_topic_feed_lists_the_topics_stories(name):
    story(topics=["党建"], headline="党建稿件")
    story(topics=["执行"], headline="执行稿件")
    assert titles(parse(reverse(name, args=["dang-jian"]))) == ["党建稿件"]


@pytest.mark.parametrize("name", ["readers:person_feed", "readers:person_feed_atom"])
def test_person_feed_lists_the_persons_stories(name):
    person = PersonFactory(name="王薇")
    story(people=[person], headline="王薇稿件")
    story(people=[PersonFactory(name="谢燕")], headline="谢燕稿件")
    assert titles(parse(reverse(name, args=[person.slug]))) == ["王薇稿件"]


def test_feed_entries_carry_authors_dates_links_and_lead_image():
    wang, xie = PersonFactory(name="王薇"), PersonFactory(name="谢燕")
    article = story(people=[wang, xie], image=True, summary="摘要")
    entry = parse(reverse("readers:feed")).entries[0]
    assert entry.author == "王薇、谢燕"
    assert entry.link.endswith(article.get_absolute_url())
    assert entry.published_parsed is not None
    assert entry.summary == "摘要"
    assert entry.enclosures[0].type == "image/jpeg"
    assert entry.enclosures[0].href.endswith(article.lead_image.master.url)
    assert int(entry.enclosures[0].length) > 0


def test_atom_feed_entries_have_updated_dates():
    story(people=[PersonFactory(name="王薇")])
    entry = parse(reverse("readers:feed_atom")).entries[0]
    assert entry.updated_parsed is not None and entry.author == "王薇"


def test_court_page_advertises_its_feed(client):
    court = OrganizationFactory()
    html = client.get(court.get_absolute_url()).content.decode()
    assert f'type="application/rss+xml" title="{court.name} RSS"' in html
    assert reverse("readers:organization_feed", args=[court.slug]) in html


def test_unknown_court_feed_is_404(client):
    assert client.get(reverse("readers:organization_feed", args=["nowhere"])).status_code == 404


def test_feed_hides_drafts_of_the_person():
    person = PersonFactory()
    BylineFactory(article=DraftArticleFactory(), person=person)
    assert parse(reverse("readers:person_feed", args=[person.slug])).entries == []


def test_court_feed_lists_each_story_once_newest_first_and_only_when_due():
    from datetime import timedelta

    from django.utils import timezone

    from readers.feeds import FEED_SIZE

    court = OrganizationFactory()
    branch = OrganizationFactory(parent=court)
    now = timezone.now()
    for i in range(FEED_SIZE + 3):
        # About the court and its branch at once: still one item.
        story(
            organizations=[court, branch],
            headline=f"稿件{i}",
            published_at=now - timedelta(hours=i),
        )
    ScheduledArticleFactory(
        headline="明天的稿件", published_at=now + timedelta(days=1)
    ).organizations.set([branch])
    got = titles(parse(reverse("readers:organization_feed", args=[court.slug])))
    assert got == [f"稿件{i}" for i in range(FEED_SIZE)]
