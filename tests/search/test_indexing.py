import io

import pytest
from django.core.management import call_command

from articles.models import Article, Topic
from people.models import OrganizationAlias
from search import receivers
from search.backends import get_backend
from search.query import parse_query
from search.results import matching
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def found(q):
    return sorted(
        matching(Article.objects.all(), parse_query(q)).values_list("headline", flat=True)
    )


def test_renaming_a_person_reindexes_their_stories(indexed, django_capture_on_commit_callbacks):
    person = PersonFactory(name="张晓")
    indexed(headline="法院简讯", bylines=[person])
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "张晓明"
        person.save()
    assert found("张晓明") == ["法院简讯"]


def test_adding_an_organisation_alias_reindexes_its_stories(
    indexed, django_capture_on_commit_callbacks
):
    court = OrganizationFactory(name="株洲市渌口区人民法院", short_name="渌口区法院")
    indexed(headline="法院简讯", organizations=[court])
    with django_capture_on_commit_callbacks(execute=True):
        OrganizationAlias.objects.create(organization=court, name="渌湘法院")
    assert found("渌湘法院") == ["法院简讯"]


def test_renaming_a_topic_reindexes_its_stories(indexed, django_capture_on_commit_callbacks):
    indexed(headline="法院简讯", topics=["普法"])
    with django_capture_on_commit_callbacks(execute=True):
        topic = Topic.objects.get(name="普法")
        topic.name = "普法宣传"
        topic.save()
    assert found("普法宣传") == ["法院简讯"]


def test_saving_a_person_without_renaming_reindexes_nothing(
    indexed, django_capture_on_commit_callbacks, monkeypatch
):
    person = PersonFactory(name="张晓")
    indexed(headline="法院简讯", bylines=[person])
    reindexed = []
    monkeypatch.setattr(receivers, "index_articles", lambda ids, **kw: reindexed.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        person.bio = "资深记者"
        person.save()
    assert reindexed == []


def test_rebuild_command_indexes_every_story(indexed):
    indexed(headline="梓湖小学活动")
    article = indexed(headline="法检协作座谈")
    get_backend().clear()
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "Indexed 2 articles" in out.getvalue()
    assert get_backend().indexed_ids() == set(Article.objects.values_list("pk", flat=True))
    assert found("法检协作") == [article.headline]


def test_generator_leaves_the_index_complete(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_data", "--articles", "30", "--no-progress", stdout=io.StringIO())
    assert get_backend().indexed_ids() == set(Article.objects.values_list("pk", flat=True))
