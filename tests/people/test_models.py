import pytest

from people.models import Organization, Person
from people.slugs import pinyin_slug
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_pinyin_slug_of_chinese_name():
    assert pinyin_slug("谢燕") == "xie-yan"
    assert pinyin_slug("株洲市渌口区人民法院") == "zhu-zhou-shi-lu-kou-qu-ren-min-fa-yuan"


def test_homonyms_get_distinct_stable_slugs():
    first = PersonFactory(name="王薇")
    second = PersonFactory(name="王薇")
    assert (first.slug, second.slug) == ("wang-wei", "wang-wei-2")
    first.position_title = "记者部主任"
    first.save()
    first.refresh_from_db()
    assert first.slug == "wang-wei"
    assert Person.objects.filter(name="王薇").count() == 2


def test_subtree_includes_branches_and_lower_courts_at_any_depth():
    high = OrganizationFactory(name="湖南省高级人民法院")
    mid = OrganizationFactory(parent=high, name="株洲市中级人民法院")
    basic = OrganizationFactory(parent=mid, name="株洲市渌口区人民法院")
    party = OrganizationFactory(parent=basic, name="渌口区法院党总支")
    branch = OrganizationFactory(parent=party, name="综合管理党支部")
    other_root = OrganizationFactory(name="攸县人民检察院")
    high.refresh_from_db()
    subtree = set(Organization.objects.subtree_of(high))
    assert subtree == {high, mid, basic, party, branch}
    assert other_root not in subtree
    basic.refresh_from_db()
    assert set(Organization.objects.subtree_of(basic)) == {basic, party, branch}


def test_subtree_is_one_query(django_assert_num_queries):
    high = OrganizationFactory(name="湖南省高级人民法院")
    OrganizationFactory(parent=high, name="株洲市中级人民法院")
    high.refresh_from_db()
    with django_assert_num_queries(1):
        list(Organization.objects.subtree_of(high))


def test_organization_found_by_short_name_and_alias():
    court = OrganizationFactory(name="株洲市渌口区人民法院", short_name="渌口区法院")
    court.aliases.create(name="渌口法院")
    assert list(Organization.objects.matching_name("渌口法院")) == [court]
    assert list(Organization.objects.matching_name("渌口区法院")) == [court]
