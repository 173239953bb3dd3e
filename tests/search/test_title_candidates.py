"""The cap on scored title-field matches, and the dates the index keeps for it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import changes, services
from articles.models import Article, ArticleStatus
from search import backends
from search.query import parse_query
from search.results import SearchResults
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def headlines(client, q):
    response = client.get(reverse("search:results"), {"q": q})
    assert response.status_code == 200
    return [hit.article.headline for hit in response.context["hits"]]


@pytest.fixture
def two_candidates(monkeypatch):
    monkeypatch.setattr(backends, "TITLE_CANDIDATES", 2)
    monkeypatch.setattr(backends, "MULTI_TERM_TITLE_CANDIDATES", 2)


def test_only_the_newest_title_matches_are_scored(client, indexed, two_candidates):
    now = timezone.now()
    # Without the cap the old headline match (score 1.1) would lead the names-only ones (0.3).
    indexed(headline="梓湖小学旧闻", published_at=now - timedelta(days=400))
    indexed(headline="简讯甲", topics=["梓湖小学"], published_at=now - timedelta(days=2))
    indexed(headline="简讯乙", topics=["梓湖小学"], published_at=now - timedelta(days=3))
    indexed(headline="简讯丙", body="<p>梓湖小学开展活动。</p>", published_at=now)
    assert headlines(client, "梓湖小学") == ["简讯甲", "简讯乙", "简讯丙"]


def test_the_cap_keeps_the_newest_matches_after_the_filters(client, indexed, two_candidates):
    now = timezone.now()
    for n in range(3):
        indexed(headline=f"梓湖小学第{n}期", published_at=now - timedelta(days=n + 1))
    # Drafts and scheduled stories are newer but not visible: they take no place in the cap.
    indexed(headline="梓湖小学草稿", status=ArticleStatus.DRAFT, published_at=None)
    indexed(headline="梓湖小学定时稿", published_at=now + timedelta(days=1))
    assert headlines(client, "梓湖小学") == ["梓湖小学第0期", "梓湖小学第1期"]


def test_queries_of_several_terms_are_capped_too(client, indexed, monkeypatch):
    monkeypatch.setattr(backends, "MULTI_TERM_TITLE_CANDIDATES", 1)
    now = timezone.now()
    indexed(headline="梓湖小学普法课", published_at=now - timedelta(days=1))
    indexed(headline="梓湖小学活动", body="<p>普法。</p>", published_at=now - timedelta(days=2))
    assert headlines(client, "梓湖小学 普法") == ["梓湖小学普法课"]
    assert headlines(client, "梓湖小学") == ["梓湖小学普法课", "梓湖小学活动"]


def test_publishing_moves_the_story_among_the_newest(
    client, indexed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(backends, "TITLE_CANDIDATES", 1)
    now = timezone.now()
    indexed(headline="梓湖小学昨日", published_at=now - timedelta(days=1))
    story = indexed(headline="梓湖小学今日", status=ArticleStatus.APPROVED, published_at=None)
    Article.objects.filter(pk=story.pk).update(created_at=now - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        changes.changed(Article, [story], ["created_at"])  # a draft written 30 days ago
        services.publish(story, UserFactory(is_superuser=True))
    assert headlines(client, "梓湖小学") == ["梓湖小学今日"]


def test_a_changed_publication_time_reorders_the_candidates(
    client, indexed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(backends, "TITLE_CANDIDATES", 1)
    now = timezone.now()
    indexed(headline="梓湖小学昨日", published_at=now - timedelta(days=1))
    story = indexed(headline="梓湖小学旧闻", published_at=now - timedelta(days=10))
    assert headlines(client, "梓湖小学") == ["梓湖小学昨日"]
    with django_capture_on_commit_callbacks(execute=True):
        story.published_at = now - timedelta(hours=1)
        story.save(update_fields=["published_at"])
    assert headlines(client, "梓湖小学") == ["梓湖小学旧闻"]


def test_scheduled_story_is_ranked_by_its_publication_time(
    indexed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(backends, "TITLE_CANDIDATES", 1)
    now = timezone.now()
    indexed(headline="梓湖小学昨日", published_at=now - timedelta(days=1))
    story = indexed(headline="梓湖小学预告", status=ArticleStatus.APPROVED, published_at=None)
    Article.objects.filter(pk=story.pk).update(created_at=now - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        changes.changed(Article, [story], ["created_at"])  # a story written 30 days ago
        services.schedule(story, UserFactory(is_superuser=True), now + timedelta(hours=1))
    # Over every story (as the admin searches), the scheduled one is the newest.
    results = SearchResults(parse_query("梓湖小学"), Article.objects.all())
    assert [hit.article.headline for hit in results[0:10]] == ["梓湖小学预告"]


def test_every_served_title_match_precedes_every_body_match(client, indexed, two_candidates):
    now = timezone.now()
    for n in range(3):
        indexed(headline=f"梓湖小学第{n}期", published_at=now - timedelta(days=100 + n))
    indexed(headline="简讯", body="<p>梓湖小学开展活动。</p>", published_at=now)
    assert headlines(client, "梓湖小学") == ["梓湖小学第0期", "梓湖小学第1期", "简讯"]


def test_several_terms_still_need_each_phrase_in_a_row(indexed):
    # Every bigram of 梓湖小学 is in this body, but not in a row.
    indexed(headline="普法课堂", body="<p>小学梓湖湖小。</p>")
    story = indexed(headline="普法进梓湖小学")
    ranked = backends.get_backend().ranked_ids(
        parse_query("梓湖小学 普法"), Article.objects.published(), offset=0, limit=10
    )
    assert ranked == [story.pk]


@pytest.mark.parametrize("broad", [True, False])
def test_filtered_search_caps_the_newest_matches_within_the_filter(
    client, indexed, two_candidates, monkeypatch, broad
):
    # PostgreSQL tests candidates one by one for a broad queryset and joins a narrow one.
    monkeypatch.setattr(backends.PostgresBackend, "_is_broad", lambda self, cursor, base: broad)
    now = timezone.now()
    for n in range(3):
        indexed(
            headline=f"梓湖小学普法{n}", topics=["普法"], published_at=now - timedelta(days=n + 2)
        )
    indexed(headline="梓湖小学新闻", published_at=now - timedelta(days=1))
    response = client.get(reverse("search:results"), {"q": "梓湖小学", "topic": "pu-fa"})
    assert response.status_code == 200
    got = [hit.article.headline for hit in response.context["hits"]]
    assert got == ["梓湖小学普法0", "梓湖小学普法1"]
