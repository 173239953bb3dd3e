"""The workflow's transitions through services: log, schedule, embargo, mail, levels."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Action, Article, ArticleStatus, ArticleTransition
from articles.signals import content_committed
from articles.workflow import (
    CommentRequired,
    EmbargoInForce,
    InvalidTransition,
    ScheduleInPast,
    TransitionForbidden,
    review_levels,
)
from tests.factories import (
    ArticleFactory,
    DraftArticleFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return {
        "author": user_with_role("记者", username="wangwei", email="wangwei@example.com"),
        "editor": user_with_role("编辑", username="editor", email="editor@example.com"),
        "editor2": user_with_role("编辑", username="editor2", email="editor2@example.com"),
        "head": user_with_role("部门主任", username="head", email="head@example.com"),
        "chief": user_with_role("总编辑", username="chief", email="chief@example.com"),
    }


def approved_story(staff, **kwargs):
    return DraftArticleFactory(created_by=staff["author"], status=ArticleStatus.APPROVED, **kwargs)


def test_submit_records_who_when_from_and_to(staff):
    article = DraftArticleFactory(created_by=staff["author"])
    transition = services.submit(article, staff["author"], "请审阅")
    assert (article.status, article.review_level) == (ArticleStatus.IN_REVIEW, 1)
    assert transition.from_status == ArticleStatus.DRAFT
    assert (transition.to_status, transition.to_level) == (ArticleStatus.IN_REVIEW, 1)
    assert transition.actor == staff["author"] and transition.actor_name == "wangwei"
    assert transition.comment == "请审阅" and transition.created_at is not None
    assert transition.to_label == "待初审"


def test_each_level_moves_the_story_one_level_and_the_last_signs_it_off(staff):
    article = ReviewArticleFactory(created_by=staff["author"])
    services.approve(article, staff["editor"])
    assert (article.status, article.review_level) == (ArticleStatus.IN_REVIEW, 2)
    services.approve(article, staff["head"])
    assert article.review_level == 3
    transition = services.approve(article, staff["chief"], "同意签发")
    assert (article.status, article.review_level) == (ArticleStatus.APPROVED, 0)
    assert transition.step_name == "终审签发"


def test_a_reviewer_cannot_sign_two_levels_or_skip_one(staff):
    article = ReviewArticleFactory(created_by=staff["author"])
    services.approve(article, staff["editor"])
    with pytest.raises(TransitionForbidden):
        services.approve(article, staff["editor"])
    with pytest.raises(TransitionForbidden):
        services.approve(ReviewArticleFactory(created_by=staff["author"]), staff["chief"])
    with pytest.raises(InvalidTransition):
        services.publish(article, staff["chief"])
    article.refresh_from_db()
    assert article.review_level == 2


def test_return_needs_a_comment(staff):
    article = ReviewArticleFactory(created_by=staff["author"])
    with pytest.raises(CommentRequired):
        services.return_to_author(article, staff["editor"], "  ")
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    services.return_to_author(article, staff["editor"], "导语太长")
    assert article.status == ArticleStatus.RETURNED
    services.submit(article, staff["author"])
    assert (article.status, article.review_level) == (ArticleStatus.IN_REVIEW, 1)


def test_number_of_review_levels_is_a_setting(staff, settings):
    settings.EDITORIAL_REVIEW_GROUPS = ["编辑", "总编辑"]
    assert [level.name for level in review_levels()] == ["初审", "终审"]
    article = ReviewArticleFactory(created_by=staff["author"])
    services.approve(article, staff["editor"])
    assert article.state_label == "待终审"
    with pytest.raises(TransitionForbidden):
        services.approve(article, staff["head"])
    services.approve(article, staff["chief"])
    assert article.status == ArticleStatus.APPROVED


def test_four_levels_are_named_in_order(settings):
    settings.EDITORIAL_REVIEW_GROUPS = ["编辑", "部门主任", "部门主任", "总编辑"]
    assert [level.name for level in review_levels()] == ["初审", "复审", "第3审", "终审"]


@pytest.fixture
def frozen():
    with time_machine.travel(
        timezone.make_aware(datetime(2026, 11, 27, 20, 0)), tick=False
    ) as traveller:
        yield traveller


def test_scheduled_story_is_invisible_before_and_visible_at_its_time_without_any_job(staff, frozen):
    article = approved_story(staff)
    at = timezone.now() + timedelta(hours=12)
    services.schedule(article, staff["chief"], at)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    frozen.move_to(at - timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    frozen.move_to(at)
    assert Article.objects.published().filter(pk=article.pk).exists()
    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED  # visible although no command ran


def test_scheduled_story_appears_on_the_home_page_on_time(client, staff, frozen):
    article = approved_story(staff, headline="定时见报的稿件")
    at = timezone.now() + timedelta(hours=1)
    services.schedule(article, staff["chief"], at)
    assert "定时见报的稿件" not in client.get(reverse("readers:home")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404
    frozen.move_to(at + timedelta(minutes=1))
    assert "定时见报的稿件" in client.get(reverse("readers:home")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publish_scheduled_command_records_once_and_mails_once(
    staff, frozen, django_capture_on_commit_callbacks
):
    article = approved_story(staff)
    services.schedule(article, staff["chief"], timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    assert ArticleTransition.objects.filter(action=Action.PUBLISH_DUE).count() == 0
    frozen.move_to(timezone.now() + timedelta(hours=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert ArticleTransition.objects.filter(action=Action.PUBLISH_DUE).count() == 1
    assert [m.to for m in mail.outbox] == [["wangwei@example.com"]]


def test_embargo_blocks_publishing_now(staff, frozen):
    article = approved_story(staff, embargo_until=timezone.now() + timedelta(days=1))
    with pytest.raises(EmbargoInForce, match="禁发至"):
        services.publish(article, staff["chief"])
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert not ArticleTransition.objects.filter(article=article).exists()


def test_embargo_blocks_scheduling_before_it_ends(staff, frozen):
    embargo = timezone.now() + timedelta(days=1)
    article = approved_story(staff, embargo_until=embargo)
    with pytest.raises(EmbargoInForce):
        services.schedule(article, staff["chief"], embargo - timedelta(minutes=1))
    services.schedule(article, staff["chief"], embargo)
    assert article.status == ArticleStatus.SCHEDULED


def test_embargo_ended_allows_publishing(staff, frozen):
    article = approved_story(staff, embargo_until=timezone.now() + timedelta(hours=1))
    frozen.move_to(timezone.now() + timedelta(hours=2))
    services.publish(article, staff["chief"])
    assert article.is_public


def test_embargo_is_refused_in_the_admin_with_a_message(client, staff, frozen):
    article = approved_story(staff, embargo_until=timezone.now() + timedelta(days=1))
    client.force_login(staff["chief"])
    url = reverse("admin:articles_article_workflow", args=[article.pk, Action.PUBLISH])
    response = client.post(url, follow=True)
    assert "禁发至" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_embargo_is_shown_prominently_on_the_change_page(client, staff, frozen):
    article = ReviewArticleFactory(
        created_by=staff["author"], embargo_until=timezone.now() + timedelta(days=1)
    )
    client.force_login(staff["editor"])
    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert (
        "workflow-embargo" in content.decode() and "禁发至 2026年11月28日 20:00" in content.decode()
    )


def test_database_refuses_a_visible_story_before_its_embargo(staff):
    from django.db import IntegrityError, transaction

    article = approved_story(staff, embargo_until=timezone.now() + timedelta(days=1))
    article.status = ArticleStatus.PUBLISHED
    article.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_schedule_in_the_past_is_refused(staff):
    article = approved_story(staff)
    with pytest.raises(ScheduleInPast):
        services.schedule(article, staff["chief"], timezone.now() - timedelta(minutes=5))


def test_unpublish_needs_a_reason(staff):
    article = ArticleFactory(created_by=staff["author"])
    with pytest.raises(CommentRequired):
        services.unpublish(article, staff["chief"], "")
    services.unpublish(article, staff["chief"], "当事人隐私信息未处理")
    assert article.status == ArticleStatus.UNPUBLISHED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_transitions_announce_the_change_after_commit(staff, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, changes, **kwargs):
        received.append(changes)

    content_committed.connect(receiver)
    try:
        article = ArticleFactory(created_by=staff["author"])
        with django_capture_on_commit_callbacks(execute=True):
            services.unpublish(article, staff["chief"], "撤稿")
    finally:
        content_committed.disconnect(receiver)
    # One announcement for the whole transition, naming the story for every follower.
    assert len(received) == 1
    assert {article.pk} == received[0].stories == received[0].lists == received[0].search


# Notifications


def run(callbacks, func, *args):
    with callbacks(execute=True):
        return func(*args)


def test_submit_mails_the_first_level_reviewers_only(staff, django_capture_on_commit_callbacks):
    article = DraftArticleFactory(created_by=staff["author"], headline="送审的稿件")
    run(django_capture_on_commit_callbacks, services.submit, article, staff["author"])
    assert sorted(m.to[0] for m in mail.outbox) == ["editor2@example.com", "editor@example.com"]
    assert "【待初审】送审的稿件" in mail.outbox[0].subject


def test_each_approval_mails_the_next_level(staff, django_capture_on_commit_callbacks):
    article = ReviewArticleFactory(created_by=staff["author"])
    run(django_capture_on_commit_callbacks, services.approve, article, staff["editor"])
    assert [m.to for m in mail.outbox] == [["head@example.com"]]
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, services.approve, article, staff["head"])
    assert [m.to for m in mail.outbox] == [["chief@example.com"]]


def test_final_sign_off_mails_the_author(staff, django_capture_on_commit_callbacks):
    article = ReviewArticleFactory(created_by=staff["author"], review_level=3)
    run(django_capture_on_commit_callbacks, services.approve, article, staff["chief"])
    assert [m.to for m in mail.outbox] == [["wangwei@example.com"]]
    assert "已签发" in mail.outbox[0].subject


def test_return_mails_the_author_with_the_comment(staff, django_capture_on_commit_callbacks):
    article = ReviewArticleFactory(created_by=staff["author"], review_level=2)
    run(
        django_capture_on_commit_callbacks,
        services.return_to_author,
        article,
        staff["head"],
        "补充法院名称",
    )
    assert [m.to for m in mail.outbox] == [["wangwei@example.com"]]
    assert "补充法院名称" in mail.outbox[0].body


def test_publish_mails_the_author(staff, django_capture_on_commit_callbacks):
    article = approved_story(staff)
    run(django_capture_on_commit_callbacks, services.publish, article, staff["chief"])
    assert [m.to for m in mail.outbox] == [["wangwei@example.com"]]
    assert "已发布" in mail.outbox[0].subject


def test_no_mail_when_the_transaction_rolls_back(staff, django_capture_on_commit_callbacks):
    article = DraftArticleFactory(created_by=staff["author"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(article, staff["author"])
    assert callbacks and mail.outbox == []


def test_scheduled_story_keeps_its_embargo_in_form_validation(client, staff):
    article = ScheduledArticleFactory(created_by=staff["author"])
    client.force_login(staff["chief"])
    later = timezone.localtime(article.published_at + timedelta(days=1))
    from tests.articles.test_workflow_permissions import edit_form_data

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        edit_form_data(
            article,
            embargo_until_0=later.strftime("%Y-%m-%d"),
            embargo_until_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 200
    assert "不能把禁发时间改晚" in response.content.decode()
    article.refresh_from_db()
    assert article.embargo_until is None


def test_one_person_in_two_level_groups_signs_only_one_level_per_round(staff):
    from django.contrib.auth.models import Group

    both = user_with_role("编辑", username="both")
    both.groups.add(Group.objects.get(name="部门主任"))
    article = DraftArticleFactory(created_by=staff["author"])
    services.submit(article, staff["author"])
    services.approve(article, both)
    with pytest.raises(TransitionForbidden, match="不同的人"):
        services.approve(article, both)
    services.approve(article, staff["head"])
    assert article.review_level == 3


def test_after_a_return_the_same_reviewer_signs_the_new_round(staff):
    article = DraftArticleFactory(created_by=staff["author"])
    services.submit(article, staff["author"])
    services.approve(article, staff["editor"])
    services.return_to_author(article, staff["head"], "补充")
    services.submit(article, staff["author"])
    services.approve(article, staff["editor"])
    assert article.review_level == 2
