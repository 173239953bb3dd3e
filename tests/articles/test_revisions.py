"""Nothing lost: revisions with diff and restore, recovery, optimistic locking, presence."""

import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article, ArticleStatus
from tests.articles.test_workflow_permissions import edit_form_data
from tests.factories import ArticleFactory, DraftArticleFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(db):
    return user_with_role("记者", username="wangwei", first_name="薇", last_name="王")


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **changes):
    article.refresh_from_db()
    return client.post(change_url(article), edit_form_data(article, **changes))


def test_every_admin_save_keeps_a_revision_with_author_and_time(author_client, author):
    article = DraftArticleFactory(created_by=author, headline="第一稿")
    save(author_client, article, headline="第二稿")
    save(author_client, article, headline="第三稿")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert all(v.revision.user == author for v in versions)
    content = author_client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert "wangwei" in content or "王" in content
    assert content.count("对比上一版") == 2


def test_revision_diff_shows_what_changed(author_client, author):
    article = DraftArticleFactory(created_by=author, headline="第一稿", body="<p>甲段。</p>")
    save(author_client, article, headline="第一稿")
    save(author_client, article, headline="第二稿", body="<p>甲段。</p><p>乙段。</p>")
    latest = Version.objects.get_for_object(article).first()
    url = reverse("admin:articles_article_revision_diff", args=[article.pk, latest.pk])
    content = author_client.get(url).content.decode()
    assert re.search(r"diff-del[^>]*>- 第一稿", content)
    assert re.search(r"diff-add[^>]*>\+ 第二稿", content)
    assert re.search(r"diff-add[^>]*>\+ 乙段。", content)


def test_restoring_a_revision_brings_back_content_but_not_workflow_state(client):
    chief = user_with_role("总编辑", username="chief")
    client.force_login(chief)
    article = ArticleFactory(headline="原标题", created_by=chief)
    save(client, article, headline="原标题")
    old = Version.objects.get_for_object(article).first()
    save(client, article, headline="改坏的标题")
    services.unpublish(article, chief, "暂时撤下")
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    assert "原标题" in client.get(url).content.decode()
    article.refresh_from_db()
    response = client.post(url, edit_form_data(article, headline="原标题"))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.headline == "原标题"
    assert article.status == ArticleStatus.UNPUBLISHED  # restore never republishes


def test_a_deleted_story_can_be_recovered_as_a_draft(client):
    chief = user_with_role("总编辑", username="chief")
    client.force_login(chief)
    article = ArticleFactory(headline="误删的稿件")
    pk = article.pk
    response = client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    listing = client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    assert "误删的稿件" in listing
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = reverse("admin:articles_article_recover", args=[version.pk])
    form = client.get(recover_url)
    assert form.status_code == 200
    response = client.post(recover_url, edit_form_data(article, headline="误删的稿件"))
    assert response.status_code == 302, response.content.decode()[:3000]
    recovered = Article.objects.get(pk=pk)
    assert recovered.headline == "误删的稿件"
    assert recovered.status == ArticleStatus.DRAFT


def test_journalist_cannot_recover_deleted_stories(author_client):
    assert author_client.get(reverse("admin:articles_article_recoverlist")).status_code == 403


def test_second_concurrent_save_is_refused_showing_both_versions(client, author):
    chief = user_with_role("总编辑", username="chief")
    article = DraftArticleFactory(created_by=author, headline="原标题")
    opened = edit_form_data(article)  # both open version 1
    client.force_login(chief)
    first = client.post(change_url(article), {**opened, "headline": "总编辑改的标题"})
    assert first.status_code == 302
    client.force_login(author)
    second = client.post(change_url(article), {**opened, "headline": "作者改的标题"})
    assert second.status_code == 200
    content = second.content.decode()
    assert "保存未成功：chief 在" in content
    assert "最新版本：“总编辑改的标题”；您的版本：“作者改的标题”" in content
    assert 'value="作者改的标题"' in content  # the refused text stays in the form
    article.refresh_from_db()
    assert (article.headline, article.version) == ("总编辑改的标题", 2)


def test_after_seeing_the_conflict_the_user_may_save_deliberately(client, author):
    article = DraftArticleFactory(created_by=author, headline="原标题")
    opened = edit_form_data(article)
    client.force_login(author)
    client.post(change_url(article), {**opened, "headline": "先保存的"})
    refused = client.post(change_url(article), {**opened, "headline": "后保存的"})
    resubmit = {
        **opened,
        "headline": "后保存的",
        "base_version": refused.context["adminform"].form.data["base_version"],
    }
    assert client.post(change_url(article), resubmit).status_code == 302
    article.refresh_from_db()
    assert article.headline == "后保存的"
    # Both texts are in the revision history.
    headlines = [v.field_dict["headline"] for v in Version.objects.get_for_object(article)]
    assert "先保存的" in headlines and "后保存的" in headlines


def test_others_opening_the_story_see_who_is_editing_and_since_when(client, author):
    from tests.factories import PersonFactory

    PersonFactory(name="王薇", user=author)
    article = DraftArticleFactory(created_by=author)
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 28, 9, 5)), tick=False):
        client.force_login(author)
        client.get(change_url(article))
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 28, 9, 7)), tick=False):
        client.force_login(user_with_role("编辑", username="editor"))
        response = client.get(change_url(article))
    assert response.status_code == 200  # a warning, not a lock
    assert "王薇 正在编辑，自 09:05 起" in response.content.decode()


def test_editors_do_not_see_a_notice_about_themselves(client, author):
    article = DraftArticleFactory(created_by=author)
    client.force_login(author)
    client.get(change_url(article))
    assert "正在编辑，自" not in client.get(change_url(article)).content.decode()


def test_presence_notice_expires_when_the_editor_is_gone(client, author, settings):
    article = DraftArticleFactory(created_by=author)
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 28, 9, 0)), tick=False):
        client.force_login(author)
        client.get(change_url(article))
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 28, 10, 0)), tick=False):
        client.force_login(user_with_role("编辑", username="editor"))
        assert "正在编辑，自" not in client.get(change_url(article)).content.decode()


def test_presence_heartbeat_needs_edit_permission(client, author):
    article = DraftArticleFactory(created_by=author)
    client.force_login(author)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert client.post(url).status_code == 204
    client.force_login(user_with_role("记者", username="other"))
    assert client.post(url).status_code == 403


def test_edit_form_warns_before_leaving_with_unsaved_changes(author_client, author):
    article = DraftArticleFactory(created_by=author)
    content = author_client.get(change_url(article)).content.decode()
    assert "articles/js/article_form.js" in content
    from django.contrib.staticfiles import finders

    script = Path(finders.find("articles/js/article_form.js")).read_text(encoding="utf-8")
    assert "beforeunload" in script


def test_refused_concurrent_save_is_kept_as_a_revision(client, author):
    chief = user_with_role("总编辑", username="chief")
    article = DraftArticleFactory(created_by=author, headline="原标题")
    opened = edit_form_data(article)
    client.force_login(chief)
    client.post(change_url(article), {**opened, "headline": "总编辑改的标题"})
    client.force_login(author)
    refused = client.post(change_url(article), {**opened, "headline": "作者改的标题"})
    assert "已另存为一条修订记录" in refused.content.decode()
    article.refresh_from_db()
    assert article.headline == "总编辑改的标题"  # the refused save changed nothing
    kept = Version.objects.get_for_object(article).first()
    assert kept.field_dict["headline"] == "作者改的标题"
    assert kept.revision.user == author
    assert "编辑冲突时未保存的版本" in kept.revision.comment
