"""The issue's "Done when", through the admin as the newsroom uses it."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Action, Article, ArticleStatus
from tests.articles.test_workflow_permissions import edit_form_data
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2026, 11, 27, 15, 0))  # Asia/Shanghai
GO_LIVE = timezone.make_aware(datetime(2026, 11, 28, 8, 0))


@pytest.fixture
def act(client, django_capture_on_commit_callbacks):
    """POST one workflow button as ``user``, running the on-commit mail like a real commit."""

    def post(client_, user, article, action, expect=302, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return _post(client_, user, article, action, expect, **data)

    return post


def _post(client, user, article, action, expect, **data):
    client.force_login(user)
    url = reverse("admin:articles_article_workflow", args=[article.pk, action])
    response = client.post(url, data)
    assert response.status_code == expect, response.content.decode()[:2000]
    article.refresh_from_db()
    return response


def test_story_goes_through_three_reviews_a_return_a_schedule_and_a_correction(
    client, act, django_capture_on_commit_callbacks
):
    journalist = user_with_role("记者", username="wangwei", email="wangwei@example.com")
    PersonFactory(name="王薇", user=journalist)
    editor = user_with_role("编辑", username="editor", email="editor@example.com")
    head = user_with_role("部门主任", username="head", email="head@example.com")
    chief = user_with_role("总编辑", username="chief", email="chief@example.com")
    reporter = PersonFactory(name="王薇")

    with time_machine.travel(START, tick=False) as clock:
        # The journalist writes and submits.
        client.force_login(journalist)
        data = edit_form_data(Article(headline="渌口区法院党建品牌创建纪实", body="<p>近日……</p>"))
        data.update(
            {
                "bylines-TOTAL_FORMS": "1",
                "bylines-0-position": "0",
                "bylines-0-role": "全媒体记者",
                "bylines-0-person": reporter.pk,
                "base_version": "",
            }
        )
        response = client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        article = Article.objects.get(headline="渌口区法院党建品牌创建纪实")
        act(client, journalist, article, Action.SUBMIT)
        assert article.state_label == "待初审"
        assert [m.to for m in mail.outbox] == [["editor@example.com"]]

        # No path skips a level: not the journalist, not the later levels, not the chief.
        act(client, journalist, article, Action.APPROVE, expect=403)
        act(client, head, article, Action.APPROVE, expect=403)
        act(client, chief, article, Action.APPROVE, expect=403)
        act(client, chief, article, Action.PUBLISH, expect=403)
        act(client, chief, article, Action.SCHEDULE, expect=403, publish_at="2026-11-28T08:00")
        assert (article.status, article.review_level) == (ArticleStatus.IN_REVIEW, 1)

        # 初审 passes; 复审 returns it once with a comment; the journalist fixes and resubmits.
        clock.shift(timedelta(minutes=30))
        act(client, editor, article, Action.APPROVE, comment="初审同意")
        act(client, head, article, Action.RETURN, comment="")  # refused: comment required
        assert article.state_label == "待复审"
        act(client, head, article, Action.RETURN, comment="请补充宣判时间")
        assert article.status == ArticleStatus.RETURNED
        assert mail.outbox[-1].to == ["wangwei@example.com"]
        assert "请补充宣判时间" in mail.outbox[-1].body
        client.force_login(journalist)
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            edit_form_data(article, body="<p>近日，宣判于11月20日。</p>"),
        )
        assert response.status_code == 302
        act(client, journalist, article, Action.SUBMIT, comment="已补充")

        # Three reviewers sign off in turn.
        clock.shift(timedelta(minutes=30))
        act(client, editor, article, Action.APPROVE, comment="初审通过")
        act(client, editor, article, Action.APPROVE, expect=403)  # not their level now
        act(client, head, article, Action.APPROVE, comment="复审通过")
        act(client, chief, article, Action.APPROVE, comment="同意签发")
        assert article.status == ArticleStatus.APPROVED

        # The chief editor schedules it for 08:00 tomorrow.
        act(client, journalist, article, Action.PUBLISH, expect=403)
        act(client, chief, article, Action.SCHEDULE, publish_at="2026-11-28T08:00")
        assert article.status == ArticleStatus.SCHEDULED
        assert article.published_at == GO_LIVE

        # It appears on time, with no job having run.
        client.logout()
        clock.move_to(GO_LIVE - timedelta(minutes=1))
        assert "党建品牌创建纪实" not in client.get(reverse("readers:home")).content.decode()
        clock.move_to(GO_LIVE)
        assert "党建品牌创建纪实" in client.get(reverse("readers:home")).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled")
            call_command("publish_scheduled")
        assert [m.to for m in mail.outbox] == [["wangwei@example.com"]]
        article.refresh_from_db()
        assert article.status == ArticleStatus.PUBLISHED

        # A correction is added and shown.
        clock.shift(timedelta(hours=2))
        act(client, chief, article, Action.CORRECT, comment="宣判时间应为11月21日，特此更正。")
        client.logout()
        assert "宣判时间应为11月21日" in client.get(article.get_absolute_url()).content.decode()

        # The sign-off sheet shows all of it.
        client.force_login(editor)
        sheet = client.get(
            reverse("admin:articles_article_sign_off_sheet", args=[article.pk])
        ).content.decode()

    levels = sheet[sheet.index('id="sign-offs"') : sheet.index('id="full-log"')]
    for reviewer, comment in (("editor", "初审通过"), ("head", "复审通过"), ("chief", "同意签发")):
        assert reviewer in levels and comment in levels
    assert "初审同意" not in levels  # the first round was superseded by the return
    for text in (
        "请补充宣判时间",
        "退回修改",
        "定时发布",
        "到点发布",
        "宣判时间应为11月21日",
        "2026-11-28 08:00",
    ):
        assert text in sheet
    assert sheet.count("到点发布") == 2  # once in the release rows, once in the log
    assert article.transitions.filter(action=Action.PUBLISH_DUE).count() == 1
    approvals = list(
        article.transitions.filter(action=Action.APPROVE).values_list(
            "from_level", "actor__username"
        )
    )
    assert approvals == [(1, "editor"), (1, "editor"), (2, "head"), (3, "chief")]
