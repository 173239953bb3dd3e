"""Linking story text to organisations and topics (ingest.matching)."""

import pytest

from ingest.matching import OrganizationMatcher, TopicMatcher
from people.models import OrganizationAlias, OrganizationKind
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def linked(text: str) -> list[str]:
    matches = OrganizationMatcher.from_database().match(text)
    from people.models import Organization

    names = dict(Organization.objects.values_list("pk", "name"))
    return [names[pk] for pk in matches.organization_ids]


def test_official_short_and_alias_names_all_link(ingest_directory):
    assert linked("株洲市中级人民法院、渌口区法院与攸县检察院") == [
        "株洲市中级人民法院",
        "株洲市渌口区人民法院",
        "攸县人民检察院",
    ]


def test_department_short_name_links_under_the_court_named(ingest_directory):
    assert "株洲市渌口区人民法院政治部" in linked("渌口法院政治部开展培训")
    assert "攸县人民法院执行局" in linked("攸县法院召开会议，执行局负责人发言")


def test_department_short_name_is_not_linked_under_a_higher_court_only(ingest_directory):
    matches = OrganizationMatcher.from_database().match("湖南高院执行局开展调研")
    assert [ingest_directory["high"].pk] == matches.organization_ids
    assert matches.skipped == ["“执行局”未关联：稿件中没有提到它所属的法院或检察院。"]


def test_department_official_name_links_without_its_court(ingest_directory):
    assert linked("攸县人民法院执行局开展活动") == ["攸县人民法院执行局"]


def test_alias_that_carries_its_courts_name_links_on_its_own(ingest_directory):
    OrganizationAlias.objects.create(
        organization=ingest_directory["youxian_enforcement"], name="攸县法院执行局"
    )
    assert linked("近日，攸县法院执行局开展交流") == ["攸县人民法院执行局"]


def test_a_short_name_two_courts_share_is_skipped_and_reported(ingest_directory):
    OrganizationFactory(
        name="湖北省攸县人民法院", short_name="攸县法院", kind=OrganizationKind.BASIC_COURT
    )
    matches = OrganizationMatcher.from_database().match("攸县法院开展活动")
    assert matches.organization_ids == []
    assert matches.skipped == ["“攸县法院”可指多个机构，未关联，请手工选择。"]


def test_no_organisations_means_no_links(db):
    assert OrganizationMatcher.from_database().match("渌口区法院").organization_ids == []


def test_topics_are_suggested_by_name_including_overlapping_ones():
    matcher = TopicMatcher(["党建", "党建品牌", "普法"])
    assert set(matcher.match("以党建品牌建设推动党建工作")) == {"党建", "党建品牌"}
    assert TopicMatcher([]).match("党建") == []
