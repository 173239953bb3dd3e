import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleStatus
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
    ScheduledArticleFactory,
    UserFactory,
    story,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    return client


def listing_urls(article):
    local = timezone.localtime(article.published_at)
    return [
        reverse("readers:home"),
        reverse("readers:latest"),
        reverse("readers:archive_year", args=[local.year]),
        reverse("readers:archive_month", args=[local.year, local.month]),
        reverse("readers:archive_day", args=[local.year, local.month, local.day]),
        reverse("readers:topic_detail", args=["dang-jian"]),
        reverse("readers:organization_detail", args=[article.organizations.get().slug]),
        reverse("readers:person_detail", args=[article.bylines.get().person.slug]),
    ]


def test_every_listing_page_shows_a_published_story():
    court = OrganizationFactory()
    article = story(organizations=[court], topics=["党建"], people=[PersonFactory()], image=True)
    for url in listing_urls(article):
        assert article.headline in response_text(url), url


def response_text(url, client=None):
    from django.test import Client

    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_listing_pages_hide_drafts_and_future_stories(factory, client):
    court = OrganizationFactory()
    person = PersonFactory()
    public = story(organizations=[court], topics=["党建"], people=[person])
    hidden = factory(headline="尚未公开的稿件")
    hidden.organizations.set([court])
    hidden.tags.set(["党建"])
    BylineFactory(article=hidden, person=person)
    for url in listing_urls(public):
        assert "尚未公开的稿件" not in response_text(url, client), url


@pytest.mark.parametrize("factory", [DraftArticleFactory, ScheduledArticleFactory])
def test_article_page_is_404_for_drafts_and_future_stories(factory, client):
    article = factory()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_staff_preview_a_draft_with_a_banner(staff_client):
    article = DraftArticleFactory(headline="待审稿件")
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "预览" in response.content.decode()
    assert "待审稿件" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_staff_without_article_permission_cannot_preview(client):
    client.force_login(UserFactory(username="clerk"))
    assert client.get(DraftArticleFactory().get_absolute_url()).status_code == 404


def test_published_article_has_no_preview_banner(staff_client):
    article = ArticleFactory()
    assert "preview-banner" not in response_text(article.get_absolute_url(), staff_client)


def test_headline_change_keeps_the_url(client):
    article = ArticleFactory(headline="原来的标题")
    url = article.get_absolute_url()
    article.headline = "修改后的标题"
    article.save()
    assert "修改后的标题" in response_text(url, client)


def test_changed_slug_redirects_from_the_old_url(client):
    article = ArticleFactory(headline="原来的标题")
    old_url = article.get_absolute_url()
    article.slug = "xin-biao-ti"
    services.save_article(article)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert "xin-biao-ti" in response["Location"]


def test_slug_changed_twice_still_redirects_from_the_first(client):
    article = ArticleFactory()
    first_url = article.get_absolute_url()
    for slug in ("second", "third"):
        article = Article.objects.get(pk=article.pk)
        article.slug = slug
        services.save_article(article)
    assert client.get(first_url)["Location"] == article.get_absolute_url()


def test_old_slug_of_an_unpublished_story_is_404(client):
    article = ArticleFactory()
    old_url = article.get_absolute_url()
    article.slug = "renamed"
    article.status = ArticleStatus.DRAFT
    services.save_article(article)
    assert client.get(old_url).status_code == 404


def test_wrong_date_in_url_redirects_to_the_canonical_one(client):
    article = ArticleFactory(published_at=datetime(2024, 6, 18, 8, tzinfo=SHANGHAI))
    response = client.get(f"/2020/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == "/2024/06/18/" + article.slug + "/"


def test_article_url_uses_the_local_publish_date():
    # 2024-06-18 00:30 in Shanghai is still the 17th in UTC.
    article = ArticleFactory(published_at=datetime(2024, 6, 18, 0, 30, tzinfo=SHANGHAI))
    assert article.get_absolute_url().startswith("/2024/06/18/")


def test_lead_in_opens_the_first_paragraph(client):
    person = PersonFactory(name="伏志勇")
    article = story(
        people=[person], lead_in_source="湖南法治报讯", body="<p>近日，……</p><p>二段</p>"
    )
    html = response_text(article.get_absolute_url(), client)
    assert re.search(
        r'<p><span class="lead-in">湖南法治报讯（全媒体记者 伏志勇）</span>近日，', html
    )


def test_block_byline_prints_under_the_headline(demo, client):
    html = response_text(demo[0].get_absolute_url(), client)
    assert "湖南法治报全媒体记者 王薇" in html
    assert "通讯员 谢燕 曾佳欣 陈璧君" in html
    assert html.count("<h1") == 1


def test_caption_prints_under_the_photo(demo, client):
    html = response_text(demo[0].get_absolute_url(), client)
    figure = re.search(r"<figure\b.*?</figure>", html, re.S)[0]
    assert figure.index("<img") < figure.index(
        "<figcaption>渌口区法院综合管理党支部召开支部党员大会。"
    )


def test_article_links_its_organisations_topics_and_people(demo, client):
    html = response_text(demo[0].get_absolute_url(), client)
    for url in ("/courts/", "/topics/dang-jian/", "/people/wang-wei/", "/people/xie-yan/"):
        assert f'href="{url}' in html


def test_related_stories_share_an_organisation_or_topic_and_are_public(client):
    court = OrganizationFactory()
    article = story(organizations=[court], topics=["执行"])
    same_court = story(organizations=[court], headline="同一法院的稿件")
    same_topic = story(topics=["执行"], headline="同一专题的稿件")
    story(headline="无关的稿件")
    draft = DraftArticleFactory(headline="同一法院的草稿")
    draft.organizations.set([court])
    html = response_text(article.get_absolute_url(), client)
    related = html[html.index("相关报道") :]
    assert same_court.headline in related and same_topic.headline in related
    assert "无关的稿件" not in related and "同一法院的草稿" not in related


def test_previous_and_next_within_the_court(client):
    court = OrganizationFactory()
    branch = OrganizationFactory(parent=court, name="某党支部", short_name="党支部")
    now = timezone.now()
    older = story(
        organizations=[branch], headline="较早的稿件", published_at=now - timedelta(days=2)
    )
    article = story(organizations=[court], published_at=now - timedelta(days=1))
    newer = story(
        organizations=[court], headline="较新的稿件", published_at=now - timedelta(hours=1)
    )
    html = response_text(article.get_absolute_url(), client)
    nav = html[html.index('class="court-nav"') :]
    assert older.get_absolute_url() in nav and newer.get_absolute_url() in nav


def test_updated_notice_only_after_a_later_edit(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    assert "更新于" in response_text(article.get_absolute_url(), client)
    fresh = ArticleFactory(published_at=timezone.now() - timedelta(minutes=1))
    assert "更新于" not in response_text(fresh.get_absolute_url(), client)


def test_pagination_numbers_pages_and_keeps_page_one_without_a_parameter(client):
    for i in range(45):
        ArticleFactory(published_at=timezone.now() - timedelta(minutes=i + 1))
    html = response_text(reverse("readers:latest") + "?page=2", client)
    assert 'aria-current="page">2<' in html
    assert f'href="{reverse("readers:latest")}"' in html
    assert '?page=3"' in html
    assert client.get(reverse("readers:latest") + "?page=9").status_code == 404


def test_archive_of_a_day_without_stories_is_404(client):
    ArticleFactory(published_at=datetime(2024, 6, 18, 8, tzinfo=SHANGHAI))
    assert client.get(reverse("readers:archive_day", args=[2024, 6, 19])).status_code == 404
    assert client.get(reverse("readers:archive_day", args=[2024, 6, 18])).status_code == 200


def test_topics_index_counts_only_published_stories(client):
    story(topics=["党建"])
    DraftArticleFactory().tags.set(["党建", "秘密专题"])
    html = response_text(reverse("readers:topic_list"), client)
    assert "1 篇" in html
    assert "秘密专题" not in html


def test_unknown_topic_is_404(client):
    assert client.get(reverse("readers:topic_detail", args=["no-such-topic"])).status_code == 404


def test_home_shows_a_block_per_intermediate_court_with_its_descendants(demo, client):
    html = response_text(reverse("readers:home"), client)
    block = html[html.index('class="court-block"') :]
    assert "株洲中院" in block
    assert demo[0].headline in block


def test_every_page_has_the_search_box(client):
    html = response_text(reverse("readers:home"), client)
    assert 'role="search"' in html and f'action="{reverse("search:results")}"' in html


def test_new_story_never_takes_another_storys_old_slug():
    first = ArticleFactory(headline="同名标题")
    old_slug = first.slug
    first.slug = "renamed"
    services.save_article(first)
    second = ArticleFactory(headline="同名标题")
    assert second.slug != old_slug


def test_render_body_adds_a_paragraph_when_the_body_has_none():
    from readers.templatetags.readers_tags import render_body

    article = story(people=[PersonFactory(name="伏志勇")], lead_in_source="湖南法治报讯", body="")
    assert render_body(article) == (
        '<p><span class="lead-in">湖南法治报讯（全媒体记者 伏志勇）</span></p>'
    )


def test_listings_number_a_limited_count_and_older_stories_stay_in_the_archive(client, monkeypatch):
    from readers.views import listing

    # As with 25 pages of 20, at a size the test can afford: 2 pages of 3.
    monkeypatch.setattr(listing, "MAX_LISTING_PAGES", 2)
    monkeypatch.setattr(listing.ListingMixin, "paginate_by", 3)
    court = OrganizationFactory()
    start = datetime(2024, 6, 18, 8, tzinfo=SHANGHAI)
    for i in range(7):
        story(organizations=[court], published_at=start - timedelta(days=i))
    assert "（6 篇以上）" in response_text(court.get_absolute_url(), client)
    assert client.get(court.get_absolute_url() + "?page=3").status_code == 404
    oldest_day = reverse("readers:archive_day", args=[2024, 6, 12])
    assert "法院新闻标题" in response_text(oldest_day, client)


def test_home_blocks_show_each_courts_newest_stories_only(client):
    from people.models import OrganizationKind

    courts = [
        OrganizationFactory(kind=OrganizationKind.INTERMEDIATE_COURT, short_name=f"中院{i}")
        for i in range(3)
    ]
    now = timezone.now()
    for i, court in enumerate(courts):
        lower = OrganizationFactory(parent=court)
        for j in range(5):
            story(
                organizations=[lower],
                headline=f"第{i}院稿件{j}",
                published_at=now - timedelta(hours=j + 1),
            )
    html = response_text(reverse("readers:home"), client)
    for i, court in enumerate(courts):
        start = html.index(f'id="court-{court.pk}"')
        block = html[start : html.index("</section>", start)]
        assert re.findall(r"第\d院稿件\d", block) == [f"第{i}院稿件{j}" for j in range(4)]


def popular_topics_on_home(client) -> list[str]:
    html = response_text(reverse("readers:home"), client)
    if 'class="topic-cloud"' not in html:
        return []
    cloud = html[html.index('class="topic-cloud"') : html.index("</ul>", html.index("topic-cloud"))]
    return re.findall(r">([^<>]+)</a>", cloud)


def test_home_popular_topics_count_the_newest_visible_stories_only(client, monkeypatch):
    from readers import listings

    monkeypatch.setattr(listings, "POPULAR_AMONG", 4)
    now = timezone.now()
    for i, topics in enumerate([["执行"], ["执行", "党建"], ["党建"], ["执行"]]):
        story(topics=topics, published_at=now - timedelta(hours=i + 1))
    for i in range(3):  # older than the newest four stories: not counted
        story(topics=["扫黑除恶"], published_at=now - timedelta(days=3, hours=i))
    story(topics=["草稿专题"], status=ArticleStatus.DRAFT, published_at=None)
    story(topics=["未来专题"], status=ArticleStatus.SCHEDULED, published_at=now + timedelta(days=1))
    assert popular_topics_on_home(client) == ["执行", "党建"]  # most stories first


def test_home_popular_topics_with_few_stories_count_them_all(client):
    now = timezone.now()
    story(topics=["党建"], published_at=now - timedelta(hours=1))
    story(topics=["执行", "党建"], published_at=now - timedelta(hours=2))
    assert popular_topics_on_home(client) == ["党建", "执行"]


def test_home_without_stories_shows_no_topic_block(client):
    assert popular_topics_on_home(client) == []
    assert "热门专题" not in response_text(reverse("readers:home"), client)


def test_related_stories_are_the_five_newest_of_the_court_and_topics_together(client):
    court = OrganizationFactory()
    now = timezone.now()
    article = story(organizations=[court], topics=["执行", "党建"], published_at=now)
    hours = iter(range(1, 100))
    for topics, orgs in [([], [court]), (["执行"], []), (["党建"], []), (["执行"], [court])]:
        for i in range(4):
            story(
                organizations=orgs,
                topics=topics,
                headline=f"相关{next(hours):02d}",
                published_at=now - timedelta(hours=len(topics) + 4 * i),
            )
    html = response_text(article.get_absolute_url(), client)
    related = re.findall(r">(相关\d\d)<", html[html.index('class="related"') :])
    expected = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
        .values_list("headline", flat=True)[:5]
    )
    assert related == list(expected)
