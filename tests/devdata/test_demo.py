import io

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleByline, Topic
from devdata.demo import load_demo
from images.models import Image
from people.models import Organization, Person

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleByline, Image, Topic, Organization, Person)
    }


def test_demo_loads_both_stories_of_the_example_page(demo):
    feature = Article.objects.for_detail().get(headline="以品牌建设赋能高质量发展")
    news = Article.objects.for_detail().get(headline="攸县深化法检协作")
    assert feature.deck == "株洲市渌口区法院综合管理党支部党建品牌创建纪实"
    assert feature.byline_lines() == ["湖南法治报全媒体记者 王薇", "通讯员 谢燕 曾佳欣 陈璧君"]
    assert news.lead_in() == "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）"
    assert set(Article.objects.published()) == {feature, news}


def test_demo_body_keeps_the_caption_between_rejoined_paragraphs(demo):
    feature = Article.objects.get(headline="以品牌建设赋能高质量发展")
    assert "结合组织生活会、民主评议党员等工作" in feature.body
    caption_at = feature.body.index("<figcaption>渌口区法院综合管理党支部召开支部党员大会。")
    assert feature.body.index("民主评议党员等工作") < caption_at < feature.body.index("三是")
    assert feature.body.count("<p>") == 16
    assert feature.lead_image.caption == "渌口区法院综合管理党支部召开支部党员大会。"
    assert feature.lead_image.width > 0


def test_demo_builds_the_court_tree_the_page_implies(demo):
    court = Organization.objects.get(name="株洲市中级人民法院")
    names = set(Organization.objects.subtree_of(court).values_list("short_name", flat=True))
    assert {"渌口区法院", "综合管理党支部", "淦田法庭", "民一庭", "攸县法院", "执行局"} <= names
    feature = Article.objects.get(headline="以品牌建设赋能高质量发展")
    assert feature in Article.objects.about(court)


def test_demo_correspondents_belong_to_their_courts(demo):
    xie = Person.objects.get(name="谢燕")
    assert xie.affiliation.short_name == "渌口区法院"
    assert xie.position_title == "综合办公室主任"
    byline = ArticleByline.objects.get(person=xie)
    assert byline.organization == xie.affiliation


def test_demo_twice_gives_the_same_data(demo):
    before = counts()
    load_demo()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    assert before["Article"] == 2 and before["ArticleByline"] == 7


def test_demo_topics_have_pinyin_slugs(demo):
    assert Topic.objects.get(name="法检协作").slug == "fa-jian-xie-zuo"
    assert Topic.objects.get(name="党建品牌").slug == "dang-jian-pin-pai"


def test_demo_stories_do_not_claim_a_later_update(demo):
    for article in Article.objects.all():
        assert article.updated_at == article.published_at


def test_demo_admin_option_creates_role_logins_for_the_workflow(db, settings, tmp_path):
    from django.contrib.auth import get_user_model

    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--admin", stdout=out)
    password = (tmp_path / "var" / "demo-admin-password").read_text().strip()
    assert f"admin / {password}" in out.getvalue()
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    reporter = users.get(username="wangwei")
    assert reporter.check_password(password) and not reporter.is_superuser
    assert list(reporter.groups.values_list("name", flat=True)) == ["记者"]
    assert Person.objects.get(name="王薇").user == reporter
    assert users.get(username="zongbian").groups.filter(name="总编辑").exists()
