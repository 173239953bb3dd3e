"""What readers get from the workflow: 410 after 撤稿, corrections, previews."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.preview_links import token_for as preview_token
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    DraftArticleFactory,
    ReviewArticleFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db):
    return user_with_role("总编辑", username="chief")


def test_unpublished_story_answers_410_gone_with_the_reason(client, chief):
    article = ArticleFactory(headline="将被撤回的稿件")
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    services.unpublish(article, chief, "涉及未成年人信息")
    response = client.get(url)
    assert response.status_code == 410
    assert "本稿件已撤回" in response.content.decode()
    assert "涉及未成年人信息" in response.content.decode()


def test_unknown_story_still_answers_404(client):
    url = reverse(
        "readers:article", kwargs={"year": 2026, "month": "11", "day": "27", "slug": "nope"}
    )
    assert client.get(url).status_code == 404


def test_draft_story_is_404_not_410(client):
    article = DraftArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_correction_is_shown_dated_on_the_article(client, chief):
    article = ArticleFactory()
    services.add_correction(article, chief, "本文中“渌口法院”应为“渌口区法院”，特此更正。")
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'class="corrections"' in content
    assert "本文中“渌口法院”应为“渌口区法院”，特此更正。" in content
    today = timezone.localdate()
    assert (
        "更正（<time datetime=" in content
        and f"{today.year}年{today.month}月{today.day}日" in content
    )


def test_correction_is_logged_as_a_transition(chief):
    article = ArticleFactory()
    services.add_correction(article, chief, "更正内容")
    assert article.transitions.get().step_name == "更正"


def test_article_page_with_corrections_has_bounded_queries(client, django_assert_max_num_queries):
    article = ArticleFactory()
    for _ in range(5):
        CorrectionFactory(article=article)
    with django_assert_max_num_queries(14):  # the story's HTML rendered and stored
        client.get(article.get_absolute_url())
    with django_assert_max_num_queries(2):  # served stored
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="correction"') == 5


# Signed preview links


def test_preview_link_shows_a_draft_as_readers_will_see_it_without_login(client):
    article = ReviewArticleFactory(headline="尚未发布的稿件")
    response = client.get(reverse("readers:preview", args=[preview_token(article)]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "尚未发布的稿件" in content and "预览：本稿尚未发布" in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_expired_preview_link_is_refused(client, settings):
    settings.PREVIEW_LINK_MAX_AGE = 3600
    article = DraftArticleFactory()
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        token = preview_token(article)
    response = client.get(reverse("readers:preview", args=[token]))
    assert response.status_code == 410
    assert "已过期" in response.content.decode()


def test_preview_link_stops_working_after_publish(client, chief):
    article = DraftArticleFactory(status="approved")
    token = preview_token(article)
    assert client.get(reverse("readers:preview", args=[token])).status_code == 200
    services.publish(article, chief)
    response = client.get(reverse("readers:preview", args=[token]))
    assert response.status_code == 410
    assert article.get_absolute_url() in response.content.decode()


def test_tampered_preview_link_is_404(client):
    article = DraftArticleFactory()
    token = preview_token(article)
    assert client.get(reverse("readers:preview", args=[token[:-2] + "xx"])).status_code == 404


def test_authors_and_reviewers_preview_in_the_admin_with_the_readers_template(client):
    author = user_with_role("记者", username="author")
    article = ReviewArticleFactory(created_by=author, headline="审核中的稿件")
    for user in (author, user_with_role("编辑", username="editor")):
        client.force_login(user)
        response = client.get(reverse("readers:staff_preview", args=[article.pk]))
        assert response.status_code == 200
        content = response.content.decode()
        # The readers' page (site header, the story as <article>), marked as a preview.
        assert 'class="site-header"' in content and '<article class="article">' in content
        assert "预览：本稿尚未发布" in content and "<h1>审核中的稿件</h1>" in content


def test_preview_link_is_offered_on_the_change_page(client):
    author = user_with_role("记者", username="author")
    article = DraftArticleFactory(created_by=author)
    client.force_login(author)
    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "/preview/" in content.decode() and "免登录预览链接" in content.decode()


@pytest.mark.parametrize("name", ["readers:feed", "readers:feed_atom"])
def test_correction_is_shown_in_the_feed_item(client, chief, name):
    import feedparser

    article = ArticleFactory(summary="摘要")
    ArticleFactory(summary="另一篇稿件的摘要")
    services.add_correction(article, chief, "标题中的“攸县法院”应为“攸县人民法院”。")
    feed = feedparser.parse(client.get(reverse(name)).content)
    by_title = {entry.title: entry.summary for entry in feed.entries}
    corrected = by_title[article.headline]
    assert "摘要" in corrected and "更正（" in corrected
    assert "标题中的“攸县法院”应为“攸县人民法院”。" in corrected
    assert next(s for t, s in by_title.items() if t != article.headline) == "另一篇稿件的摘要"


def test_feed_queries_do_not_grow_with_corrections(client, chief, django_assert_max_num_queries):
    for _ in range(5):
        CorrectionFactory(article=ArticleFactory())
    with django_assert_max_num_queries(6):
        client.get(reverse("readers:feed"))
