import pytest
from django.test import Client
from django.urls import reverse

from people.models import OrganizationKind
from tests.factories import (
    BylineFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
    story,
)

pytestmark = pytest.mark.django_db


def page(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def tree():
    court = OrganizationFactory(name="株洲市中级人民法院", short_name="株洲中院")
    lower = OrganizationFactory(parent=court, name="株洲市渌口区人民法院", short_name="渌口区法院")
    branch = OrganizationFactory(
        parent=lower,
        name="综合管理党支部",
        short_name="综合管理支部",
        kind=OrganizationKind.PARTY_BRANCH,
    )
    other = OrganizationFactory(name="长沙市中级人民法院", short_name="长沙中院")
    return court, lower, branch, other


def test_court_page_includes_stories_about_descendants(tree):
    court, _lower, branch, _other = tree
    story(organizations=[court], headline="中院的稿件")
    story(organizations=[branch], headline="支部的稿件")
    html = page(court.get_absolute_url())
    assert "中院的稿件" in html and "支部的稿件" in html


def test_court_page_excludes_other_courts_and_ancestors(tree):
    court, lower, _branch, other = tree
    story(organizations=[other], headline="长沙的稿件")
    story(organizations=[court], headline="上级法院的稿件")
    html = page(lower.get_absolute_url())
    assert "长沙的稿件" not in html
    assert "上级法院的稿件" not in html


def test_court_page_hides_drafts(tree):
    court = tree[0]
    DraftArticleFactory(headline="草稿").organizations.set([court])
    assert "草稿" not in page(court.get_absolute_url())


def test_court_page_shows_breadcrumb_up_and_children_down(tree):
    court, lower, branch, _other = tree
    html = page(lower.get_absolute_url())
    breadcrumb = html[
        html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))
    ]
    assert court.get_absolute_url() in breadcrumb
    children = html[html.index("下属机构") :]
    assert branch.get_absolute_url() in children


def test_court_page_lists_two_levels_down(tree):
    court, _lower, branch, _other = tree
    html = page(court.get_absolute_url())
    assert branch.get_absolute_url() in html


def test_unknown_court_is_404(client):
    assert client.get(reverse("readers:organization_detail", args=["nowhere"])).status_code == 404


def test_directory_shows_the_court_tree_nested(tree):
    court, lower, branch, _other = tree
    html = page(reverse("readers:organization_list"))
    court_at = html.index(court.get_absolute_url())
    assert html.index(lower.get_absolute_url()) > court_at
    assert "<ul><li>" in html[court_at:]  # the lower court sits in a list under its parent
    assert branch.get_absolute_url() not in html  # Party branches are not courts


def test_person_page_shows_affiliation_and_only_published_stories(tree):
    lower = tree[1]
    person = PersonFactory(name="谢燕", affiliation=lower, position_title="综合办公室主任")
    story(people=[person], headline="谢燕的稿件")
    draft = DraftArticleFactory(headline="谢燕的草稿")
    BylineFactory(article=draft, person=person)
    html = page(person.get_absolute_url())
    assert "谢燕的稿件" in html and "谢燕的草稿" not in html
    assert lower.get_absolute_url() in html and "综合办公室主任" in html
    assert "（1 篇）" in html


def test_unknown_person_is_404(client):
    assert client.get(reverse("readers:person_detail", args=["nobody"])).status_code == 404
