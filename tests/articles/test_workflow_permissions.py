"""Who may do what: the full role × state × transition matrix, through the admin's POSTs."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Action, Article, ArticleStatus, ArticleTransition
from tests.factories import (
    ArticleFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
    ReviewArticleFactory,
    ScheduledArticleFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "author": "记者",  # the 记者 who wrote the story
    "journalist": "记者",  # another 记者
    "correspondent": "通讯员",
    "editor": "编辑",
    "head": "部门主任",
    "chief": "总编辑",
}
STATES = ["draft", "review-1", "review-2", "review-3", "approved", "scheduled", "published"]
ACTIONS = [
    Action.SUBMIT,
    Action.APPROVE,
    Action.RETURN,
    Action.PUBLISH,
    Action.SCHEDULE,
    Action.UNPUBLISH,
    Action.CORRECT,
]
ALLOWED = {
    ("draft", "author"): {Action.SUBMIT},
    ("review-1", "editor"): {Action.APPROVE, Action.RETURN},
    ("review-2", "head"): {Action.APPROVE, Action.RETURN},
    ("review-3", "chief"): {Action.APPROVE, Action.RETURN},
    ("approved", "chief"): {Action.PUBLISH, Action.SCHEDULE, Action.RETURN},
    ("scheduled", "chief"): {Action.PUBLISH, Action.SCHEDULE, Action.RETURN},
    ("published", "chief"): {Action.UNPUBLISH, Action.CORRECT},
}


@pytest.fixture
def people(db):
    return {key: user_with_role(group, username=key) for key, group in ROLES.items()}


def make_story(state: str, author) -> Article:
    if state == "draft":
        return DraftArticleFactory(created_by=author)
    if state.startswith("review-"):
        return ReviewArticleFactory(created_by=author, review_level=int(state[-1]))
    if state == "approved":
        return DraftArticleFactory(created_by=author, status=ArticleStatus.APPROVED)
    if state == "scheduled":
        return ScheduledArticleFactory(created_by=author)
    return ArticleFactory(created_by=author)


def post_action(client, article, action):
    data = {"comment": "请核实数字", "publish_at": (timezone.localtime() + timedelta(days=1))}
    data["publish_at"] = data["publish_at"].strftime("%Y-%m-%dT%H:%M")
    return client.post(reverse("admin:articles_article_workflow", args=[article.pk, action]), data)


def snapshot(article):
    article.refresh_from_db()
    return (
        article.status,
        article.review_level,
        article.published_at,
        ArticleTransition.objects.filter(article=article).count(),
        article.corrections.count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("state", STATES)
def test_role_transition_matrix(client, people, state, role, action):
    article = make_story(state, people["author"])
    before = snapshot(article)
    client.force_login(people[role])
    response = post_action(client, article, action)
    if action in ALLOWED.get((state, role), set()):
        assert response.status_code == 302
        assert snapshot(article) != before
        assert ArticleTransition.objects.filter(article=article, action=action).exists()
    elif role == "correspondent":
        # Someone else's story does not exist for a correspondent, whatever the URL.
        assert response.status_code == 404
        assert snapshot(article) == before
    else:
        assert response.status_code == 403
        assert snapshot(article) == before


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("state", STATES)
def test_buttons_show_only_the_allowed_transitions(client, people, state, role):
    article = make_story(state, people["author"])
    client.force_login(people[role])
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    if role == "correspondent":
        assert response.status_code == 302  # correspondents only see their own stories
        return
    shown = set(re.findall(r"/workflow/(\w+)/", response.content.decode()))
    assert shown == set(ALLOWED.get((state, role), set()))


def test_journalist_cannot_publish_own_draft_by_crafting_a_post(client, people):
    article = DraftArticleFactory(created_by=people["author"])
    client.force_login(people["author"])
    for action in (Action.PUBLISH, Action.SCHEDULE, Action.APPROVE):
        response = post_action(client, article, action)
        assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_journalist_cannot_publish_by_posting_status_in_the_edit_form(client, people):
    article = DraftArticleFactory(created_by=people["author"], headline="原标题")
    client.force_login(people["author"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, edit_form_data(article, headline="新标题", status="published"))
    article.refresh_from_db()
    assert article.headline == "新标题"
    assert article.status == ArticleStatus.DRAFT


def edit_form_data(article, **overrides):
    data = {
        "overline": article.overline,
        "headline": article.headline,
        "deck": article.deck,
        "lead_in_source": article.lead_in_source,
        "summary": article.summary,
        "body": article.body,
        "tags": [],
        "embargo_until_0": "",
        "embargo_until_1": "",
        "slug": article.slug,
        "print_edition_date": "",
        "print_page": "",
        "base_version": article.version,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("state", "role", "may_edit"),
    [
        ("draft", "author", True),
        ("draft", "journalist", False),
        ("review-1", "author", False),
        ("review-1", "editor", True),
        ("review-1", "head", False),
        ("review-2", "head", True),
        ("review-3", "editor", False),
        ("approved", "author", False),
        ("approved", "chief", True),
        ("published", "editor", False),
        ("published", "chief", True),
    ],
)
def test_edit_by_post_is_refused_with_403_unless_allowed(client, people, state, role, may_edit):
    article = make_story(state, people["author"])
    client.force_login(people[role])
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, edit_form_data(article, headline="被改过的标题"))
    article.refresh_from_db()
    if may_edit:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert article.headline == "被改过的标题"
    else:
        assert response.status_code == 403
        assert article.headline != "被改过的标题"


def test_correspondent_submits_a_draft_about_their_own_court(client):
    court = OrganizationFactory(name="株洲市渌口区人民法院")
    tribunal = OrganizationFactory(name="淦田人民法庭", parent=court)
    user = user_with_role("通讯员", username="xieyan")
    PersonFactory(name="谢燕", kind="correspondent", affiliation=court, user=user)
    article = DraftArticleFactory(created_by=user)
    article.organizations.set([tribunal])
    client.force_login(user)
    assert post_action(client, article, Action.SUBMIT).status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW


def test_correspondent_cannot_submit_a_story_about_another_organisation(client):
    court = OrganizationFactory(name="株洲市渌口区人民法院")
    other = OrganizationFactory(name="攸县人民法院")
    user = user_with_role("通讯员", username="xieyan")
    PersonFactory(name="谢燕", kind="correspondent", affiliation=court, user=user)
    article = DraftArticleFactory(created_by=user)
    article.organizations.set([court, other])
    client.force_login(user)
    response = post_action(client, article, Action.SUBMIT)
    assert response.status_code == 403
    assert "通讯员只能为本单位" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_correspondent_sees_only_their_own_stories(client):
    user = user_with_role("通讯员", username="xieyan")
    DraftArticleFactory(created_by=user, headline="我的来稿")
    ArticleFactory(headline="别人的稿件")
    client.force_login(user)
    content = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "我的来稿" in content and "别人的稿件" not in content


def test_return_without_a_comment_is_refused_and_changes_nothing(client, people):
    article = ReviewArticleFactory(created_by=people["author"], review_level=2)
    client.force_login(people["head"])
    url = reverse("admin:articles_article_workflow", args=[article.pk, Action.RETURN])
    response = client.post(url, {"comment": "   "}, follow=True)
    assert "退回修改必须填写意见" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.review_level) == (ArticleStatus.IN_REVIEW, 2)
    assert not ArticleTransition.objects.filter(article=article).exists()


def test_workflow_url_refuses_get(client, people):
    article = DraftArticleFactory(created_by=people["author"])
    client.force_login(people["author"])
    url = reverse("admin:articles_article_workflow", args=[article.pk, Action.SUBMIT])
    assert client.get(url).status_code == 405


def test_roles_are_groups_created_by_the_data_migration():
    from django.contrib.auth.models import Group

    chief = Group.objects.get(name="总编辑")
    codenames = set(chief.permissions.values_list("codename", flat=True))
    assert {"publish_article", "unpublish_article", "correct_article"} <= codenames
    journalist = set(Group.objects.get(name="记者").permissions.values_list("codename", flat=True))
    assert "submit_article" in journalist and "publish_article" not in journalist
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES.values())
