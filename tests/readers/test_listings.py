"""The listing index (articles/listings.py) always equals the truth, and the pages built on it.

After every kind of change, the ``ArticleListing`` rows are compared with rows computed here from
first principles: for every published or scheduled story, one organisation row for each
organisation it is about and for every organisation above those, one topic row per topic, one
person row per byline person, each carrying the story's publish time; nothing for any other story.
The reader pages (court, topic, person, article) are then checked against what readers should see.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from articles import services
from articles.models import Article, ArticleStatus, Topic
from people.models import Organization, OrganizationKind
from readers import listings
from readers.models import ArticleListing, ListingKind
from tests.factories import (
    BylineFactory,
    OrganizationFactory,
    PersonFactory,
    ReviewArticleFactory,
    story,
)

pytestmark = pytest.mark.django_db

# 08:00 in Changsha.
START = datetime(2025, 3, 10, 0, 0, tzinfo=UTC)
SHOWN_STATUSES = {ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def hours(n: float) -> datetime:
    """A moment relative to the (frozen) start of each test."""
    return START + timedelta(hours=n)


@pytest.fixture
def tree():
    """湖南高院 ─ 株洲中院 ─ 渌口法院 ─ 党支部; 株洲中院 ─ 攸县法院; 湖南高院 ─ 湘潭中院."""
    kind = OrganizationKind
    high = OrganizationFactory(
        name="湖南省高级人民法院", short_name="湖南高院", kind=kind.HIGH_COURT
    )
    zhuzhou = OrganizationFactory(
        parent=high, name="株洲市中级人民法院", short_name="株洲中院", kind=kind.INTERMEDIATE_COURT
    )
    lukou = OrganizationFactory(parent=zhuzhou, name="株洲市渌口区人民法院", short_name="渌口法院")
    branch = OrganizationFactory(
        parent=lukou, name="渌口区法院综合管理党支部", short_name="", kind=kind.PARTY_BRANCH
    )
    youxian = OrganizationFactory(parent=zhuzhou, name="攸县人民法院", short_name="攸县法院")
    xiangtan = OrganizationFactory(
        parent=Organization.objects.get(pk=high.pk),
        name="湘潭市中级人民法院",
        short_name="湘潭中院",
        kind=kind.INTERMEDIATE_COURT,
    )

    class Tree:
        pass

    t = Tree()
    for name, org in dict(
        high=high, zhuzhou=zhuzhou, lukou=lukou, branch=branch, youxian=youxian, xiangtan=xiangtan
    ).items():
        setattr(t, name, Organization.objects.get(pk=org.pk))
    return t


# The truth, from first principles


def expected_index() -> set[tuple]:
    """The rows the index must hold, computed from the stories, their links and the tree."""
    ids_by_path = dict(Organization.objects.values_list("path", "pk"))
    steplen = Organization.steplen
    rows = set()
    shown = Article.objects.filter(status__in=SHOWN_STATUSES).prefetch_related(
        "organizations", "tags", "bylines"
    )
    for article in shown:
        at = article.published_at
        for org in article.organizations.all():
            for end in range(steplen, len(org.path) + 1, steplen):
                rows.add(("o", ids_by_path[org.path[:end]], article.pk, at))
        for topic in article.tags.all():
            rows.add(("t", topic.pk, article.pk, at))
        for byline in article.bylines.all():
            rows.add(("p", byline.person_id, article.pk, at))
    return rows


def actual_index() -> set[tuple]:
    rows = list(ArticleListing.objects.values_list("kind", "key", "article_id", "published_at"))
    assert len(rows) == len(set(rows)), "duplicate index rows"
    return set(rows)


def assert_index_true() -> None:
    actual, expected = actual_index(), expected_index()
    missing, extra = sorted(expected - actual), sorted(actual - expected)
    assert (missing, extra) == ([], []), f"missing rows {missing}, stale rows {extra}"


def keys(article: Article, kind: str) -> set[int]:
    """The lists (organisations, topics or people) the index puts a story in."""
    return set(
        ArticleListing.objects.filter(article_id=article.pk, kind=kind).values_list(
            "key", flat=True
        )
    )


def pks(*objects) -> set[int]:
    return {o.pk for o in objects}


# What readers see

CARD_TITLE = re.compile(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a></h2>')
COUNT = re.compile(r'<span class="count">（(\d+) 篇')


def listed(client, url: str) -> list[str]:
    """The headlines a list page shows, top to bottom."""
    response = client.get(url)
    assert response.status_code == 200
    return CARD_TITLE.findall(response.content.decode())


def court_page(client, org: Organization) -> list[str]:
    return listed(client, Organization.objects.get(pk=org.pk).get_absolute_url())


def headlines(stories) -> list[str]:
    return [s.headline for s in stories]


def newest_first(stories) -> list[str]:
    return headlines(sorted(stories, key=lambda s: (s.published_at, s.pk), reverse=True))


def truly_about(org: Organization) -> list[str]:
    """What a court page must list, asked of the stories themselves (not of the index)."""
    org = Organization.objects.get(pk=org.pk)
    return headlines(Article.objects.published().about(org).order_by("-published_at", "-pk"))


# Publishing, scheduling, withdrawing


def test_a_published_story_is_in_every_list_above_it_and_nothing_else(tree):
    wang, xie = PersonFactory(name="王薇"), PersonFactory(name="谢燕")
    article = story(organizations=[tree.branch], topics=["党建"], people=[wang, xie])
    topic = Topic.objects.get(name="党建")
    assert keys(article, "o") == pks(tree.branch, tree.lukou, tree.zhuzhou, tree.high)
    assert keys(article, "t") == {topic.pk}
    assert keys(article, "p") == pks(wang, xie)
    assert set(
        ArticleListing.objects.filter(article=article).values_list("published_at", flat=True)
    ) == {article.published_at}
    assert_index_true()


def test_stories_readers_cannot_get_have_no_rows(tree, admin_user):
    person = PersonFactory()
    parts = dict(organizations=[tree.lukou], topics=["执行"], people=[person])
    for status in (ArticleStatus.DRAFT, ArticleStatus.RETURNED, ArticleStatus.APPROVED):
        story(status=status, published_at=None, **parts)
    review = ReviewArticleFactory()
    review.organizations.set([tree.lukou])
    review.tags.set(["执行"])
    BylineFactory(article=review, person=person)
    withdrawn = story(**parts)
    services.unpublish(withdrawn, admin_user, "报道有误")
    assert ArticleListing.objects.count() == 0
    assert_index_true()


def test_publish_service_lists_the_story_with_its_time(tree, admin_user, client, clock):
    article = story(
        status=ArticleStatus.APPROVED,
        published_at=None,
        headline="渌口法院审结一起执行异议案",
        organizations=[tree.lukou],
        topics=["执行"],
        people=[PersonFactory()],
    )
    assert ArticleListing.objects.count() == 0
    clock.shift(timedelta(minutes=5))
    services.publish(article, admin_user)
    assert_index_true()
    assert set(ArticleListing.objects.values_list("published_at", flat=True)) == {hours(1 / 12)}
    assert court_page(client, tree.zhuzhou) == ["渌口法院审结一起执行异议案"]


def test_schedule_service_lists_the_story_which_appears_when_its_time_comes(
    tree, admin_user, client, clock
):
    article = story(
        status=ArticleStatus.APPROVED,
        published_at=None,
        headline="定时发布的稿件",
        organizations=[tree.branch],
        topics=["党建"],
    )
    services.schedule(article, admin_user, hours(2))
    assert_index_true()
    assert set(ArticleListing.objects.values_list("published_at", flat=True)) == {hours(2)}
    assert court_page(client, tree.lukou) == []
    clock.move_to(hours(2))
    assert court_page(client, tree.lukou) == ["定时发布的稿件"]
    # Recording the transition later changes nothing readers see.
    assert services.publish_due_stories() == [article.pk]
    assert_index_true()
    assert court_page(client, tree.lukou) == ["定时发布的稿件"]


def test_rescheduling_and_returning_a_scheduled_story(tree, admin_user, client, clock):
    article = story(
        status=ArticleStatus.APPROVED,
        published_at=None,
        organizations=[tree.lukou],
        topics=["党建"],
    )
    services.schedule(article, admin_user, hours(2))
    services.schedule(article, admin_user, hours(5))
    assert_index_true()
    assert set(ArticleListing.objects.values_list("published_at", flat=True)) == {hours(5)}
    services.return_to_author(article, admin_user, "请补充采访")
    assert ArticleListing.objects.count() == 0
    assert_index_true()
    clock.move_to(hours(6))
    assert court_page(client, tree.lukou) == []


def test_unpublish_service_takes_the_story_out_of_every_list(tree, admin_user, client):
    keep = story(headline="保留的稿件", organizations=[tree.lukou], published_at=hours(-2))
    gone = story(
        headline="撤下的稿件",
        organizations=[tree.branch],
        topics=["党建"],
        people=[PersonFactory()],
        published_at=hours(-1),
    )
    assert court_page(client, tree.zhuzhou) == ["撤下的稿件", "保留的稿件"]
    services.unpublish(gone, admin_user, "报道有误")
    assert ArticleListing.objects.filter(article=gone).count() == 0
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["保留的稿件"]
    assert keys(keep, "o") == pks(tree.lukou, tree.zhuzhou, tree.high)


def test_status_changes_saved_directly(tree):
    article = story(organizations=[tree.branch], topics=["党建"], people=[PersonFactory()])
    for status in (
        ArticleStatus.UNPUBLISHED,
        ArticleStatus.PUBLISHED,
        ArticleStatus.DRAFT,
        ArticleStatus.SCHEDULED,
        ArticleStatus.RETURNED,
        ArticleStatus.PUBLISHED,
    ):
        article.status = status
        if status == ArticleStatus.SCHEDULED:
            article.published_at = hours(3)
        article.save()
        assert_index_true()
    assert ArticleListing.objects.filter(article=article).count() == 4 + 1 + 1


def test_changing_the_publish_time_moves_the_story_in_its_lists(tree, client):
    first = story(headline="先发的稿件", organizations=[tree.lukou], published_at=hours(-3))
    story(headline="后发的稿件", organizations=[tree.youxian], published_at=hours(-2))
    assert court_page(client, tree.zhuzhou) == ["后发的稿件", "先发的稿件"]
    first.published_at = hours(-1)
    first.save()
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["先发的稿件", "后发的稿件"]
    first.published_at = hours(1)  # now in the future
    first.status = ArticleStatus.SCHEDULED
    first.save()
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["后发的稿件"]


# Deleting stories


@pytest.mark.parametrize("how", ["service", "model"])
def test_a_deleted_story_leaves_no_rows_and_no_list(tree, client, admin_user, how):
    keep = story(headline="保留的稿件", organizations=[tree.lukou], published_at=hours(-2))
    gone = story(
        headline="删除的稿件",
        organizations=[tree.branch, tree.youxian],
        topics=["党建", "执行"],
        people=[PersonFactory(), PersonFactory()],
        published_at=hours(-1),
    )
    gone_pk = gone.pk
    if how == "service":
        services.delete_article(gone, admin_user)
    else:
        gone.delete()
    assert not ArticleListing.objects.filter(article_id=gone_pk).exists()
    connection.check_constraints(table_names=[ArticleListing._meta.db_table])
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["保留的稿件"]
    assert keys(keep, "o") == pks(tree.lukou, tree.zhuzhou, tree.high)
    topic = Topic.objects.get(name="党建")
    assert listed(client, reverse("readers:topic_detail", args=[topic.slug])) == []


# Organisations, topics and bylines of a story


def test_organizations_changed_from_the_story(tree):
    article = story(topics=["党建"], people=[PersonFactory()])
    assert_index_true()
    article.organizations.add(tree.branch)
    assert_index_true()
    assert keys(article, "o") == pks(tree.branch, tree.lukou, tree.zhuzhou, tree.high)
    article.organizations.add(tree.xiangtan, tree.youxian)
    assert_index_true()
    article.organizations.remove(tree.branch)
    assert_index_true()
    assert keys(article, "o") == pks(tree.youxian, tree.zhuzhou, tree.xiangtan, tree.high)
    article.organizations.set([tree.lukou])
    assert_index_true()
    assert keys(article, "o") == pks(tree.lukou, tree.zhuzhou, tree.high)
    article.organizations.clear()
    assert_index_true()
    assert keys(article, "o") == set()
    assert len(keys(article, "t")) == 1 and len(keys(article, "p")) == 1


def test_organizations_changed_from_the_organization(tree):
    a = story(organizations=[tree.xiangtan], topics=["党建"], people=[PersonFactory()])
    b = story(organizations=[tree.youxian], topics=["执行"])
    tree.lukou.articles.add(a, b)
    assert_index_true()
    assert keys(a, "o") == pks(tree.lukou, tree.zhuzhou, tree.xiangtan, tree.high)
    tree.lukou.articles.remove(a)
    assert_index_true()
    assert keys(a, "o") == pks(tree.xiangtan, tree.high)
    tree.lukou.articles.set([a])
    assert_index_true()
    assert keys(b, "o") == pks(tree.youxian, tree.zhuzhou, tree.high)


def test_clearing_an_organizations_stories_keeps_their_other_lists(tree, client):
    """``org.articles.clear()``: the stories leave that organisation's lists, and only those."""
    wang = PersonFactory(name="王薇")
    a = story(
        headline="两地法院联合执行",
        organizations=[tree.lukou, tree.xiangtan],
        topics=["执行"],
        people=[wang],
        published_at=hours(-2),
    )
    b = story(headline="党支部主题党日", organizations=[tree.branch], published_at=hours(-1))
    tree.lukou.articles.clear()
    assert_index_true()
    assert keys(a, "o") == pks(tree.xiangtan, tree.high)
    assert keys(a, "t") == {Topic.objects.get(name="执行").pk}
    assert keys(a, "p") == {wang.pk}
    # b was never linked to 渌口法院 itself, only to its branch.
    assert keys(b, "o") == pks(tree.branch, tree.lukou, tree.zhuzhou, tree.high)
    assert court_page(client, tree.xiangtan) == ["两地法院联合执行"]
    assert court_page(client, tree.lukou) == ["党支部主题党日"]
    assert listed(client, wang.get_absolute_url()) == ["两地法院联合执行"]


def test_topics_changed(tree, client):
    article = story(headline="执行监督专项行动", organizations=[tree.lukou])
    article.tags.add("执行", "党建")
    assert_index_true()
    article.tags.remove("党建")
    assert_index_true()
    article.tags.set(["监督", "执行"])
    assert_index_true()
    assert {Topic.objects.get(pk=k).name for k in keys(article, "t")} == {"监督", "执行"}
    jiandu = Topic.objects.get(name="监督")
    assert listed(client, reverse("readers:topic_detail", args=[jiandu.slug])) == [
        "执行监督专项行动"
    ]
    article.tags.clear()
    assert_index_true()
    assert keys(article, "t") == set()
    assert listed(client, reverse("readers:topic_detail", args=[jiandu.slug])) == []
    assert len(keys(article, "o")) == 3


def test_deleting_a_topic_removes_its_rows(tree):
    article = story(organizations=[tree.lukou], topics=["党建", "执行"])
    Topic.objects.get(name="党建").delete()
    assert_index_true()
    assert {Topic.objects.get(pk=k).name for k in keys(article, "t")} == {"执行"}


def test_bylines_changed(tree, client):
    wang, xie = PersonFactory(name="王薇"), PersonFactory(name="谢燕")
    article = story(headline="记者手记", organizations=[tree.lukou])
    byline = BylineFactory(article=article, person=wang)
    assert_index_true()
    BylineFactory(article=article, person=xie)
    assert_index_true()
    assert keys(article, "p") == pks(wang, xie)
    byline.delete()
    assert_index_true()
    assert keys(article, "p") == {xie.pk}
    assert listed(client, wang.get_absolute_url()) == []
    assert listed(client, xie.get_absolute_url()) == ["记者手记"]
    other = article.bylines.get()
    other.person = wang  # the credit given to someone else
    other.save()
    assert_index_true()
    assert listed(client, wang.get_absolute_url()) == ["记者手记"]
    assert listed(client, xie.get_absolute_url()) == []


# The organisation tree changing


def move(admin_client, node: Organization, target: Organization) -> None:
    response = admin_client.post(
        reverse("admin:people_organization_changelist") + "move/",
        {"node": node.pk, "target": target.pk, "relation": "child"},
    )
    assert response.status_code == 200


def test_moving_an_organization_moves_its_stories_to_the_new_ancestors(tree, admin_client, client):
    story(headline="渌口法院的稿件", organizations=[tree.lukou], published_at=hours(-3))
    story(headline="党支部的稿件", organizations=[tree.branch], published_at=hours(-2))
    story(headline="攸县法院的稿件", organizations=[tree.youxian], published_at=hours(-1))
    story(headline="没有机构的稿件", topics=["党建"])
    move(admin_client, tree.lukou, tree.xiangtan)
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["攸县法院的稿件"]
    assert court_page(client, tree.xiangtan) == ["党支部的稿件", "渌口法院的稿件"]
    assert court_page(client, tree.high) == ["攸县法院的稿件", "党支部的稿件", "渌口法院的稿件"]
    move(admin_client, tree.branch, tree.youxian)
    assert_index_true()
    assert court_page(client, tree.zhuzhou) == ["攸县法院的稿件", "党支部的稿件"]
    assert court_page(client, tree.lukou) == ["渌口法院的稿件"]
    for org in Organization.objects.all():
        assert court_page(client, org) == truly_about(org)


def test_moving_an_organization_deeper_than_the_tree_was(tree, admin_client, client):
    """The moved branch ends deeper than any organisation was before the move."""
    story(headline="执行局的稿件", organizations=[tree.youxian])
    move(admin_client, tree.youxian, tree.branch)
    assert_index_true()
    assert court_page(client, tree.branch) == ["执行局的稿件"]
    assert court_page(client, tree.lukou) == ["执行局的稿件"]


def test_moving_an_organization_in_its_change_form(tree, admin_client, client):
    story(headline="渌口法院的稿件", organizations=[tree.lukou])
    lukou = tree.lukou
    response = admin_client.post(
        reverse("admin:people_organization_change", args=[lukou.pk]),
        {
            "name": lukou.name,
            "short_name": lukou.short_name,
            "kind": lukou.kind,
            "region": lukou.region,
            "slug": lukou.slug,
            "description": "",
            "treebeard_position": "first-child",
            "treebeard_ref_node": tree.xiangtan.pk,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organization.objects.get_parent(Organization.objects.get(pk=lukou.pk)) == tree.xiangtan
    assert_index_true()
    assert court_page(client, tree.xiangtan) == ["渌口法院的稿件"]
    assert court_page(client, tree.zhuzhou) == []


def test_deleting_an_organization(tree, client):
    both = story(headline="两家法院的稿件", organizations=[tree.branch, tree.youxian])
    only = story(headline="只关于党支部", organizations=[tree.branch], topics=["党建"])
    Organization.objects.get(pk=tree.branch.pk).delete()
    assert_index_true()
    assert keys(both, "o") == pks(tree.youxian, tree.zhuzhou, tree.high)
    assert keys(only, "o") == set() and len(keys(only, "t")) == 1
    assert court_page(client, tree.lukou) == []
    assert court_page(client, tree.zhuzhou) == ["两家法院的稿件"]


def test_deleting_an_organization_with_branches(tree, client):
    story(headline="党支部的稿件", organizations=[tree.branch], published_at=hours(-2))
    story(headline="渌口法院的稿件", organizations=[tree.lukou], published_at=hours(-1))
    story(headline="攸县法院的稿件", organizations=[tree.youxian], published_at=hours(-3))
    Organization.objects.get(pk=tree.lukou.pk).delete()
    assert_index_true()
    assert not ArticleListing.objects.filter(
        kind=ListingKind.ORGANIZATION, key__in=pks(tree.lukou, tree.branch)
    ).exists()
    assert court_page(client, tree.zhuzhou) == ["攸县法院的稿件"]


# Rebuilding


def test_rebuilding_everything_gives_the_incremental_result(tree, admin_user, admin_client):
    people = [PersonFactory() for _ in range(3)]
    stories = [
        story(
            organizations=[tree.branch], topics=["党建"], people=people[:2], published_at=hours(-5)
        ),
        story(organizations=[tree.lukou, tree.xiangtan], topics=["执行"], published_at=hours(-4)),
        story(organizations=[tree.youxian], people=people[2:], published_at=hours(-3)),
        story(status=ArticleStatus.SCHEDULED, published_at=hours(4), organizations=[tree.branch]),
        story(status=ArticleStatus.DRAFT, published_at=None, organizations=[tree.lukou]),
        story(organizations=[tree.high], topics=["党建", "监督"], people=people),
    ]
    services.unpublish(stories[2], admin_user, "重复")
    stories[0].tags.add("监督")
    tree.youxian.articles.add(stories[1])
    move(admin_client, tree.lukou, tree.xiangtan)
    incremental = actual_index()
    assert incremental == expected_index()
    ArticleListing.objects.all().delete()
    listings.rebuild(None)
    assert actual_index() == incremental
    listings.rebuild([stories[0].pk, stories[4].pk])
    assert actual_index() == incremental
    listings.rebuild(Article.objects.filter(organizations=tree.lukou))
    assert actual_index() == incremental
    listings.rebuild([])
    assert actual_index() == incremental


# Reader pages


@pytest.fixture
def newsroom(tree, admin_user):
    """Stories about 株洲中院 and what is under it, in every state, at known times."""
    wang = PersonFactory(name="王薇")
    made = {}

    def add(name, orgs, at, status=ArticleStatus.PUBLISHED, topics=("执行",)):
        made[name] = story(
            headline=name,
            organizations=orgs,
            topics=list(topics),
            people=[wang],
            status=status,
            published_at=at,
        )

    add("党支部开展主题党日", [tree.branch], hours(-5))
    add("渌口法院执结一批案件", [tree.lukou], hours(-4))
    add("攸县法院巡回审判", [tree.youxian], hours(-3))
    add("株洲中院召开新闻发布会", [tree.zhuzhou], hours(-2))
    add("湘潭中院的稿件", [tree.xiangtan], hours(-1))
    add("尚未发布的草稿", [tree.lukou], None, ArticleStatus.DRAFT)
    add("定时发布的渌口稿件", [tree.branch], hours(2), ArticleStatus.SCHEDULED)
    add("已撤下的稿件", [tree.lukou], hours(-90 / 60))
    services.unpublish(made["已撤下的稿件"], admin_user, "报道有误")
    made["wang"] = wang
    return made


def test_court_pages_list_exactly_the_published_stories_under_them(tree, newsroom, client, clock):
    assert court_page(client, tree.zhuzhou) == [
        "株洲中院召开新闻发布会",
        "攸县法院巡回审判",
        "渌口法院执结一批案件",
        "党支部开展主题党日",
    ]
    assert court_page(client, tree.lukou) == ["渌口法院执结一批案件", "党支部开展主题党日"]
    assert court_page(client, tree.branch) == ["党支部开展主题党日"]
    assert court_page(client, tree.high)[0] == "湘潭中院的稿件"
    for org in Organization.objects.all():
        assert court_page(client, org) == truly_about(org)
    response = client.get(tree.zhuzhou.get_absolute_url())
    assert COUNT.findall(response.content.decode()) == ["4"]
    clock.move_to(hours(2))
    assert court_page(client, tree.lukou) == [
        "定时发布的渌口稿件",
        "渌口法院执结一批案件",
        "党支部开展主题党日",
    ]
    for org in Organization.objects.all():
        assert court_page(client, org) == truly_about(org)
    response = client.get(tree.zhuzhou.get_absolute_url())
    assert COUNT.findall(response.content.decode()) == ["5"]


def test_a_scheduled_story_is_not_listed_a_moment_before_its_time(tree, newsroom, client, clock):
    clock.move_to(hours(2) - timedelta(microseconds=1))
    assert "定时发布的渌口稿件" not in court_page(client, tree.high)
    clock.move_to(hours(2))
    assert court_page(client, tree.high)[0] == "定时发布的渌口稿件"


def test_topic_pages_list_exactly_the_published_stories_with_the_topic(newsroom, client, clock):
    topic = Topic.objects.get(name="执行")
    url = reverse("readers:topic_detail", args=[topic.slug])
    truth = newest_first(Article.objects.published().with_topic(topic))
    assert listed(client, url) == truth
    assert len(truth) == 5
    clock.move_to(hours(3))
    assert listed(client, url) == ["定时发布的渌口稿件", *truth]


def test_person_pages_list_exactly_the_published_stories_in_their_bylines(newsroom, client, clock):
    wang = newsroom["wang"]
    truth = newest_first(Article.objects.published().by_person(wang))
    assert listed(client, wang.get_absolute_url()) == truth
    assert len(truth) == 5
    clock.move_to(hours(3))
    assert listed(client, wang.get_absolute_url()) == ["定时发布的渌口稿件", *truth]


def test_long_court_lists_page_through_every_story_once(tree, client):
    made = [
        story(headline=f"渌口法院稿件{i:02d}", organizations=[tree.branch], published_at=hours(-i))
        for i in range(1, 24)
    ]
    url = tree.zhuzhou.get_absolute_url()
    first, second = listed(client, url), listed(client, url + "?page=2")
    assert len(first) == 20 and len(second) == 3
    assert first + second == newest_first(made)


# The article page: previous/next in its court and related stories


NAV_LINK = re.compile(r'<a rel="(prev|next)" href="[^"]*"><span>[^<]*</span>([^<]*)</a>')
RELATED = re.compile(r'<section class="related".*?</section>', re.S)
TEASER = re.compile(r'<li><a href="[^"]*">([^<]*)</a>')


def article_page(client, article: Article) -> dict:
    """Return what the article page names around the story."""
    article = Article.objects.get(pk=article.pk)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    nav = dict(NAV_LINK.findall(content))
    related = RELATED.search(content)
    return {
        "prev": nav.get("prev"),
        "next": nav.get("next"),
        "related": TEASER.findall(related.group(0)) if related else [],
    }


@pytest.fixture
def court_stories(tree, admin_user):
    """Stories about 渌口法院 (its court) around the middle one, in every state."""
    made = {}

    def add(name, at, status=ArticleStatus.PUBLISHED, orgs=(tree.lukou,), topics=()):
        made[name] = story(
            headline=name,
            organizations=list(orgs),
            topics=list(topics),
            status=status,
            published_at=at,
        )

    add("较早的稿件", hours(-4))
    add("上一篇稿件", hours(-3), orgs=[tree.branch])
    add("本篇稿件", hours(-2), topics=["执行"])
    add("撤下的稿件", hours(-1.5), topics=["执行"])
    services.unpublish(made["撤下的稿件"], admin_user, "报道有误")
    add("草稿", None, ArticleStatus.DRAFT, topics=["执行"])
    add("定时稿件", hours(1), ArticleStatus.SCHEDULED)
    add("定时的专题稿件", hours(3), ArticleStatus.SCHEDULED, orgs=[tree.xiangtan], topics=["执行"])
    add("同专题的湘潭稿件", hours(-6), orgs=[tree.xiangtan], topics=["执行"])
    review = ReviewArticleFactory(headline="审核中的稿件")
    review.organizations.set([tree.lukou])
    return made


def test_article_page_names_only_visible_stories_around_it(tree, court_stories, client, clock):
    current = court_stories["本篇稿件"]
    assert article_page(client, current) == {
        "prev": "上一篇稿件",
        "next": None,
        "related": ["上一篇稿件", "较早的稿件", "同专题的湘潭稿件"],
    }
    around = listings.around(Article.objects.get(pk=current.pk), tree.lukou.pk, [])
    assert around["previous_in_court"].headline == "上一篇稿件"
    assert around["next_in_court"] is None
    clock.move_to(hours(1))
    assert article_page(client, current) == {
        "prev": "上一篇稿件",
        "next": "定时稿件",
        "related": ["定时稿件", "上一篇稿件", "较早的稿件", "同专题的湘潭稿件"],
    }
    clock.move_to(hours(3))
    assert article_page(client, current)["related"] == [
        "定时的专题稿件",
        "定时稿件",
        "上一篇稿件",
        "较早的稿件",
        "同专题的湘潭稿件",
    ]
    assert article_page(client, court_stories["定时稿件"])["prev"] == "本篇稿件"


def test_article_page_forgets_withdrawn_and_deleted_neighbours(court_stories, client, admin_user):
    current = court_stories["本篇稿件"]
    services.unpublish(court_stories["上一篇稿件"], admin_user, "报道有误")
    page = article_page(client, current)
    assert page["prev"] == "较早的稿件"
    assert "上一篇稿件" not in page["related"]
    services.delete_article(court_stories["较早的稿件"], admin_user)
    page = article_page(client, current)
    assert page["prev"] is None
    assert page["related"] == ["同专题的湘潭稿件"]


def test_previous_and_next_walk_the_court_list_even_when_stories_share_a_time(
    tree, admin_user, client, clock
):
    """Two stories scheduled for the same 08:00 are both reachable by 上一篇/下一篇."""
    made = [
        story(headline="最早的稿件", organizations=[tree.lukou], published_at=hours(-2)),
        story(
            headline="早间稿件甲",
            organizations=[tree.lukou],
            published_at=hours(1),
            status="scheduled",
        ),
        story(
            headline="早间稿件乙",
            organizations=[tree.lukou],
            published_at=hours(1),
            status="scheduled",
        ),
        story(
            headline="最新的稿件",
            organizations=[tree.lukou],
            published_at=hours(2),
            status="scheduled",
        ),
    ]
    clock.move_to(hours(3))
    order = court_page(client, tree.lukou)
    assert order == newest_first(made)
    by_headline = {a.headline: a for a in made}
    for i, headline in enumerate(order):
        page = article_page(client, by_headline[headline])
        expected_next = order[i - 1] if i > 0 else None
        expected_prev = order[i + 1] if i + 1 < len(order) else None
        assert (page["prev"], page["next"]) == (expected_prev, expected_next), headline
