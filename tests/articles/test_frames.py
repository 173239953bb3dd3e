"""Page frames: a reader's page around its stories is rendered once per process and key, and
never shows anything older than the data (the key is everything the frame shows)."""

import re

import pytest
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse

from articles import rendering
from articles.models import Topic
from newsroom.sql import CompiledQuery
from people.models import Organization, OrganizationKind, Person
from tests.factories import OrganizationFactory, PersonFactory, story

pytestmark = pytest.mark.django_db


def page(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def renders():
    """Count renders of each template."""
    counted: dict[str, int] = {}

    def count(sender, template, **kwargs):
        counted[template.name] = counted.get(template.name, 0) + 1

    template_rendered.connect(count)
    yield counted
    template_rendered.disconnect(count)


@pytest.fixture(autouse=True)
def no_frames_kept(monkeypatch):
    monkeypatch.setattr(rendering, "_frames", {})


def test_frame_is_rendered_once_per_key_and_filled_each_time(renders):
    def build():
        return {"page_head": rendering.slot("head"), "page_content": rendering.slot("content")}

    first = rendering.frame("articles/article_detail.html", "k", build)
    again = rendering.frame("articles/article_detail.html", "k", build)
    rendering.frame("articles/article_detail.html", "other", build)
    assert renders["articles/article_detail.html"] == 2  # "k" once, "other" once
    html = again.fill(head="<title>标题</title>", content="<article>正文</article>")
    assert again is first
    assert "<title>标题</title>" in html and "<article>正文</article>" in html
    assert "\x00" not in html


def test_frames_are_not_kept_with_debug_on(renders, settings):
    settings.DEBUG = True
    for _ in range(2):
        rendering.frame("articles/latest.html", None, dict)
    assert renders["articles/latest.html"] == 2


def test_kept_frames_are_bounded(monkeypatch):
    monkeypatch.setattr(rendering, "FRAMES_KEPT", 3)
    for key in range(10):
        rendering.frame("articles/latest.html", key, dict)
    assert len(rendering._frames) == 3
    assert {k[1] for k in rendering._frames} == {7, 8, 9}  # the oldest went first


def test_court_page_follows_renames_new_branches_and_moves(renders):
    court = OrganizationFactory(name="株洲市中级人民法院", short_name="株洲中院")
    lower = OrganizationFactory(parent=court, name="株洲市渌口区人民法院", short_name="渌口区法院")
    story(organizations=[lower], headline="渌口的稿件")
    assert "株洲中院" in page(lower.get_absolute_url())
    page(lower.get_absolute_url())
    assert renders["people/organization_detail.html"] == 1  # the second view reused the frame

    Organization.objects.filter(pk=court.pk).update(short_name="株洲市中院")
    lower.refresh_from_db()
    lower.name, lower.description = "株洲市渌口区人民法院（新）", "新的简介"
    lower.save()
    OrganizationFactory(parent=lower, name="渌口区法院执行局", kind=OrganizationKind.DEPARTMENT)
    html = page(lower.get_absolute_url())
    assert "株洲市中院" in html and "株洲中院<" not in html  # the breadcrumb above
    assert "株洲市渌口区人民法院（新）" in html and "新的简介" in html
    assert "渌口区法院执行局" in html  # the branches below
    assert "渌口的稿件" in html

    other = OrganizationFactory(name="长沙市中级人民法院", short_name="长沙中院")
    Organization.objects.move(Organization.objects.get(pk=lower.pk), other, "last-child")
    html = page(Organization.objects.get(pk=lower.pk).get_absolute_url())
    assert "长沙中院" in html and "株洲市中院" not in html


def test_person_page_follows_the_person_and_the_affiliation(renders):
    court = OrganizationFactory(name="株洲市渌口区人民法院", short_name="渌口区法院")
    person = PersonFactory(name="谢燕", affiliation=court, position_title="综合办公室主任")
    story(people=[person], headline="谢燕的稿件")
    assert "株洲市渌口区人民法院" in page(person.get_absolute_url())

    Organization.objects.filter(pk=court.pk).update(name="株洲市渌口区人民法院（更名）")
    Person.objects.filter(pk=person.pk).update(position_title="办公室主任", bio="通讯员简介")
    html = page(person.get_absolute_url())
    assert "株洲市渌口区人民法院（更名）" in html
    assert "办公室主任" in html and "综合办公室主任" not in html and "通讯员简介" in html
    Person.objects.filter(pk=person.pk).update(affiliation=None)
    assert court.get_absolute_url() not in page(person.get_absolute_url())
    assert renders["people/person_detail.html"] == 3


def test_topic_page_follows_a_rename():
    story(topics=["执行监督"], headline="执行的稿件")
    topic = Topic.objects.get(name="执行监督")
    assert "执行监督" in page(topic.get_absolute_url())
    Topic.objects.filter(pk=topic.pk).update(name="执行监督工作")
    assert "执行监督工作" in page(topic.get_absolute_url())


def test_frames_differ_by_path_and_pages_by_number():
    court = OrganizationFactory(name="株洲市中级人民法院", short_name="株洲中院")
    for i in range(25):
        story(organizations=[court], headline=f"稿件{i}")
    first, second = page(court.get_absolute_url()), page(court.get_absolute_url() + "?page=2")
    assert "<title>株洲市中级人民法院 - " in first
    assert "<title>株洲市中级人民法院（第2页） - " in second
    assert "（25 篇）" in first and "（25 篇）" in second
    assert 'aria-current="page">2<' in second and "稿件24<" in first and "稿件24<" not in second
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page(reverse("articles:latest")))
    assert canonical[1].endswith(reverse("articles:latest"))


def test_compiled_query_runs_with_each_call_s_parameters():
    PersonFactory(name="王薇", slug="wang-wei")
    PersonFactory(name="谢燕", slug="xie-yan")
    by_slug = CompiledQuery(lambda slug: Person.objects.filter(slug=slug).values_list("name"))
    assert by_slug.first("wang-wei") == ("王薇",)
    assert by_slug.first("xie-yan") == ("谢燕",)
    assert by_slug.first("nobody") is None


def test_compiled_query_refuses_a_parameter_the_orm_changes():
    containing = CompiledQuery(
        lambda text: Person.objects.filter(name__contains=text).values_list("name")
    )
    with pytest.raises(ValueError, match="once, unchanged"):
        containing.rows("王")


def test_organization_page_rows_are_the_path_up_and_levels_down():
    court = OrganizationFactory(name="中院")
    lower = OrganizationFactory(parent=court, name="基层法院")
    branch = OrganizationFactory(parent=lower, name="支部")
    group = OrganizationFactory(parent=branch, name="小组")
    OrganizationFactory(parent=group, name="太深")
    OrganizationFactory(name="别的中院")
    rows = Organization.objects.page_rows(lower.slug, 2)
    assert [(row[0], row[4]) for row in rows] == [
        ("a", "中院"),
        ("o", "基层法院"),
        ("c", "支部"),
        ("c", "小组"),
    ]
    assert Organization.objects.page_rows("nowhere", 2) is None
