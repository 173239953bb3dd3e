"""The editors' desk in the admin: dashboard queues and the printable sign-off sheet."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import ArticleStatus
from tests.factories import (
    ArticleFactory,
    DraftArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_dashboard_lists_each_queue_with_waiting_time(client):
    editor = user_with_role("编辑", username="editor")
    ReviewArticleFactory(
        headline="等初审的稿件", state_changed_at=timezone.now() - timedelta(hours=3)
    )
    ReviewArticleFactory(headline="等复审的稿件", review_level=2)
    ReviewArticleFactory(headline="等终审的稿件", review_level=3)
    ScheduledArticleFactory(headline="明早发的稿件")
    ArticleFactory(headline="刚发布的稿件")
    client.force_login(editor)
    content = client.get(reverse("admin:articles_article_dashboard")).content.decode()
    first, second, third = (content.index(f'id="queue-{n}"') for n in (1, 2, 3))
    scheduled = content.index('id="scheduled"')
    assert first < content.index("等初审的稿件") < second
    assert second < content.index("等复审的稿件") < third
    assert third < content.index("等终审的稿件") < scheduled
    assert "待初审（1）" in content and re.search(r"<td>3\W小时</td>", content)
    assert content.index("明早发的稿件") > scheduled
    assert "刚发布的稿件" in content[content.index('id="recently-published"') :]


def test_dashboard_shows_the_journalist_their_returned_stories(client):
    author = user_with_role("记者", username="author")
    editor = user_with_role("编辑", username="editor")
    article = ReviewArticleFactory(created_by=author, headline="被退回的稿件")
    services.return_to_author(article, editor, "请补充案号")
    ReviewArticleFactory(headline="别人的稿件")
    client.force_login(author)
    content = client.get(reverse("admin:articles_article_dashboard")).content.decode()
    returned = content[content.index('id="returned-to-me"') : content.index('id="queue-1"')]
    assert "被退回的稿件" in returned and "请补充案号" in returned
    assert "别人的稿件" not in returned


def test_dashboard_queries_do_not_grow_with_stories(client, django_assert_max_num_queries):
    client.force_login(user_with_role("总编辑", username="chief"))
    for level in (1, 2, 3):
        ReviewArticleFactory.create_batch(5, review_level=level)
    ScheduledArticleFactory.create_batch(5)
    ArticleFactory.create_batch(5)
    with django_assert_max_num_queries(20):
        client.get(reverse("admin:articles_article_dashboard"))


def test_admin_index_links_to_the_dashboard(client):
    client.force_login(user_with_role("编辑", username="editor"))
    content = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:articles_article_dashboard") in content


def test_sign_off_sheet_lists_each_level_with_reviewer_time_and_comment(client):
    author = user_with_role("记者", username="author")
    editor = user_with_role("编辑", username="editor")
    head = user_with_role("部门主任", username="head")
    article = DraftArticleFactory(created_by=author, headline="审签单上的稿件")
    services.submit(article, author)
    services.approve(article, editor, "事实已核")
    services.approve(article, head, "同意")
    client.force_login(head)
    response = client.get(reverse("admin:articles_article_sign_off_sheet", args=[article.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    level1 = content[content.index("sign-off-level-1") : content.index("sign-off-level-2")]
    assert "editor" in level1 and "事实已核" in level1
    level3 = content[content.index("sign-off-level-3") :]
    assert "待审" in level3[: level3.index("</tr>")]
    assert article.status == ArticleStatus.IN_REVIEW
    assert "window.print()" in content


def test_transition_log_is_listed_read_only_in_the_admin(client):
    author = user_with_role("记者", username="author")
    article = DraftArticleFactory(created_by=author, headline="有流程记录的稿件")
    services.submit(article, author, "请审阅")
    client.force_login(user_with_role("编辑", username="editor"))
    response = client.get(reverse("admin:articles_articletransition_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "有流程记录的稿件" in content and "请审阅" in content and "待初审" in content
    transition = article.transitions.get()
    change_url = reverse("admin:articles_articletransition_change", args=[transition.pk])
    assert client.post(change_url, {"comment": "改掉"}).status_code == 403
    transition.refresh_from_db()
    assert transition.comment == "请审阅"
