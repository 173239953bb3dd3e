"""Stored reader HTML (articles/rendering.py): served while current, never once outdated."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from people.models import OrganizationKind
from readers import rendering
from readers.models import ArticleRender
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    CorrectionFactory,
    DraftArticleFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    ScheduledArticleFactory,
    story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def court():
    return OrganizationFactory(
        name="株洲市中级人民法院", short_name="株洲中院", kind=OrganizationKind.INTERMEDIATE_COURT
    )


@pytest.fixture
def article(court):
    branch = OrganizationFactory(
        parent=court, name="综合管理党支部", short_name="", kind=OrganizationKind.PARTY_BRANCH
    )
    return story(
        headline="渌口法院开展党建活动",
        organizations=[branch],
        topics=["党建"],
        people=[PersonFactory(name="王薇")],
        lead_image=ImageFactory(caption="活动现场", alt_text="法官合影"),
    )


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def court_page(client, court) -> str:
    return client.get(court.get_absolute_url()).content.decode()


def test_first_view_stores_the_render_and_later_views_use_it(
    client, article, django_assert_max_num_queries
):
    first = page(client, article)
    render = ArticleRender.objects.get(article=article)
    assert render.stamp == Article.objects.get(pk=article.pk).render_stamp != 0
    assert "渌口法院开展党建活动" in render.main and "王薇" in render.card
    with django_assert_max_num_queries(2):
        assert page(client, article) == first


def test_edited_headline_shows_at_once(client, article, court):
    page(client, article), court_page(client, court)
    article.headline = "渌口法院党建品牌创建纪实"
    article.save()
    assert "渌口法院党建品牌创建纪实" in page(client, article)
    assert "渌口法院党建品牌创建纪实" in court_page(client, court)
    assert "渌口法院开展党建活动" not in court_page(client, court)


def test_renamed_byline_person_shows_on_the_page_and_in_lists(client, article, court):
    page(client, article), court_page(client, court)
    person = article.bylines.get().person
    person.name = "王薇薇"
    person.save()
    assert "王薇薇" in page(client, article)
    assert "王薇薇" in court_page(client, court)


def test_added_byline_and_correction_show(client, article):
    page(client, article)
    BylineFactory(article=article, person=PersonFactory(name="谢燕"), position=5)
    CorrectionFactory(article=article, text="特此更正：日期有误。")
    content = page(client, article)
    assert "谢燕" in content and "特此更正：日期有误。" in content


def test_renamed_court_and_topic_show(client, article, court):
    page(client, article)
    court.short_name = "株洲市中院"
    court.save()
    topic = article.tags.get()
    topic.name = "基层党建"
    topic.save()
    content = page(client, article)
    assert "株洲市中院" in content
    assert "基层党建" in content


def test_changed_topics_and_organizations_show(client, article):
    page(client, article)
    article.tags.add("执行")
    article.organizations.add(OrganizationFactory(name="湘潭市中级人民法院", short_name=""))
    content = page(client, article)
    assert ">执行</a>" in content and ">湘潭市中级人民法院</a>" in content


def test_edited_photo_caption_shows(client, article):
    page(client, article)
    image = article.lead_image
    image.caption = "新的图片说明"
    image.save()
    assert "新的图片说明" in page(client, article)


def test_saving_a_person_without_a_shown_change_keeps_the_renders(client, article):
    page(client, article)
    stamp = Article.objects.get(pk=article.pk).render_stamp
    person = article.bylines.get().person
    person.bio = "资深法治记者"
    person.save()
    assert Article.objects.get(pk=article.pk).render_stamp == stamp


def test_a_render_from_older_data_is_never_served(client, article):
    """A render made before a change but stored after it (a slow worker) is not used."""
    page(client, article)
    outdated = ArticleRender.objects.get(article=article)
    article.headline = "更新后的标题"
    article.save()
    outdated.save()  # the late write: old HTML, old stamp
    content = page(client, article)
    assert "更新后的标题" in content and "渌口法院开展党建活动" not in content


def test_new_templates_or_settings_make_renders_outdated(client, article, settings):
    page(client, article)
    settings.PUBLICATION_NAME = "测试法治报"
    assert "<title>渌口法院开展党建活动 - 测试法治报</title>" in page(client, article)
    assert ArticleRender.objects.get(article=article).version == rendering.render_version()


def test_moving_an_organization_changes_the_court_shown(admin_client, client, article, court):
    page(client, article)
    other = OrganizationFactory(
        name="湘潭市中级人民法院", short_name="湘潭中院", kind=OrganizationKind.INTERMEDIATE_COURT
    )
    branch = article.organizations.get()
    response = admin_client.post(
        reverse("admin:people_organization_changelist") + "move/",
        {"node": branch.pk, "target": other.pk, "relation": "child"},
    )
    assert response.status_code == 200
    content = page(client, article)
    assert 'class="article-court"><a href="/courts/' in content
    assert ">湘潭中院</a>" in content.split('class="article-court">')[1].split("</p>")[0]


def test_render_is_made_after_the_commit(article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "提交后渲染"
        article.save()
    render = ArticleRender.objects.get(article=article)
    assert render.stamp == Article.objects.get(pk=article.pk).render_stamp
    assert "提交后渲染" in render.main


def test_previews_are_rendered_on_the_spot_and_not_stored(admin_client):
    draft = DraftArticleFactory(headline="尚未发布")
    response = admin_client.get(draft.get_absolute_url())
    assert "预览" in response.content.decode() and "尚未发布" in response.content.decode()
    assert not ArticleRender.objects.filter(article=draft).exists()


def test_render_articles_command_renders_missing_and_outdated_stories(article):
    ScheduledArticleFactory()
    DraftArticleFactory()
    call_command("render_articles", verbosity=0)
    assert ArticleRender.objects.count() == 2  # published and scheduled, not the draft
    fresh = ArticleRender.objects.get(article=article)
    call_command("render_articles", verbosity=0)
    assert ArticleRender.objects.get(article=article).rendered_at == fresh.rendered_at
    call_command("render_articles", "--all", verbosity=0)
    assert ArticleRender.objects.get(article=article).rendered_at > fresh.rendered_at


def test_list_cards_load_the_first_thumbnails_at_once(client, court):
    for _ in range(4):
        story(organizations=[court], lead_image=ImageFactory())
    content = court_page(client, court)
    imgs = [tag for tag in content.split("<img ")[1:]]
    assert len(imgs) == 4
    assert ['loading="lazy"' in tag.split(">")[0] for tag in imgs] == [False, False, True, True]


def test_deleted_story_disappears_from_lists(client, court):
    kept = ArticleFactory(headline="保留的稿件")
    kept.organizations.set([court])
    gone = ArticleFactory(headline="删除的稿件")
    gone.organizations.set([court])
    assert "删除的稿件" in court_page(client, court)
    gone.delete()
    content = court_page(client, court)
    assert "删除的稿件" not in content and "保留的稿件" in content


@pytest.mark.parametrize("prefix", ["/", "/news2022/", "/a{b}/"])
def test_story_and_slug_urls_match_reverse_under_any_script_prefix(prefix):
    from django.test.utils import override_script_prefix

    from people.slugs import slug_url

    when = timezone.make_aware(datetime(2022, 11, 3, 23, 30), UTC)  # 2022-11-04 in Shanghai
    with override_script_prefix(prefix):
        expected = reverse(
            "readers:article",
            kwargs={"year": 2022, "month": "11", "day": "04", "slug": "fa-yuan-22"},
        )
        assert Article(published_at=when, slug="fa-yuan-22").get_absolute_url() == expected
        assert slug_url("readers:organization_detail", "lu-kou-33") == reverse(
            "readers:organization_detail", kwargs={"slug": "lu-kou-33"}
        )


def test_with_debug_on_an_edited_template_outdates_the_stored_html(settings, tmp_path):
    template = tmp_path / "card.html"
    template.write_text("<article>{{ article.headline }}</article>")
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path]}
    settings.TEMPLATES = [engine]
    settings.DEBUG = True
    before = rendering.render_version()
    template.write_text("<article class='card'>{{ article.headline }}</article>")
    assert rendering.render_version() != before  # read again: the server was not restarted
    settings.DEBUG = False
    cached = rendering.render_version()
    template.write_text("<article>{{ article.headline }}</article>")
    assert rendering.render_version() == cached  # production reads the sources once
