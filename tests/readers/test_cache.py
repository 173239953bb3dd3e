from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from articles import changes, services
from articles.models import Article, ArticleStatus, Topic
from images.models import Image
from people.models import Organization, Person
from readers.cache import current_state
from tests.factories import (
    ArticleFactory,
    ImageFactory,
    OrganizationFactory,
    PersonFactory,
    ScheduledArticleFactory,
    UserFactory,
    story,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
HOME = "/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    # CI also runs this file against a real Redis (CACHE_URL), which outlives test runs.
    cache.clear()


def get(url, client=None):
    return (client or Client()).get(url)


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    django_assert_num_queries,
):
    ArticleFactory(headline="稿件")
    assert get(HOME)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = get(HOME)
    assert response["X-Page-Cache"] == "hit"
    assert "稿件" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_edit_shows_at_once_when_it_commits(django_capture_on_commit_callbacks):
    article = ArticleFactory(headline="旧标题")
    url = article.get_absolute_url()
    get(url), get(HOME)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "新标题"
        article.save()
    for page in (url, HOME):
        assert "新标题" in get(page).content.decode(), page


def test_unpublished_story_leaves_every_cached_page(django_capture_on_commit_callbacks):
    court = OrganizationFactory()
    article = story(organizations=[court], headline="将撤下的稿件")
    url = article.get_absolute_url()
    for page in (url, HOME, court.get_absolute_url(), reverse("readers:feed")):
        assert get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.status = ArticleStatus.DRAFT
        article.save()
    assert get(url).status_code == 404
    for page in (HOME, court.get_absolute_url(), reverse("readers:feed")):
        assert "将撤下的稿件" not in get(page).content.decode(), page


def test_deleted_story_leaves_the_cache(django_capture_on_commit_callbacks):
    article = ArticleFactory(headline="将删除的稿件")
    get(HOME)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_article(article)
    assert "将删除的稿件" not in get(HOME).content.decode()


def test_scheduled_story_appears_on_time_despite_the_cache():
    start = datetime(2024, 6, 18, 7, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False):
        ArticleFactory(headline="已发布", published_at=start - timedelta(hours=1))
        ScheduledArticleFactory(headline="定时稿件", published_at=start + timedelta(minutes=5))
        assert "定时稿件" not in get(HOME).content.decode()
        assert get(HOME)["X-Page-Cache"] == "hit"
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert get(HOME)["X-Page-Cache"] == "hit"
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        assert "定时稿件" in get(HOME).content.decode()


def test_generation_moves_on_when_a_scheduled_time_passes(db):
    start = datetime(2024, 6, 18, 7, 0, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=False):
        ScheduledArticleFactory(published_at=start + timedelta(minutes=5))
        generation, next_at = current_state()
        assert next_at == (start + timedelta(minutes=5)).timestamp()
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert current_state()[0] != generation


def test_staff_are_never_served_or_stored_in_the_cache():
    ArticleFactory(headline="稿件")
    get(HOME)
    staff = Client()
    staff.force_login(UserFactory(username="editor", is_superuser=True))
    response = get(HOME, staff)
    assert "X-Page-Cache" not in response


def test_staff_preview_is_not_cached_for_readers():
    article = ScheduledArticleFactory(headline="定时稿件")
    staff = Client()
    staff.force_login(UserFactory(username="editor", is_superuser=True))
    assert get(article.get_absolute_url(), staff).status_code == 200
    assert get(article.get_absolute_url()).status_code == 404


def test_404_is_not_cached():
    get("/topics/later/")
    # Not cached: a topic created afterwards is found at once.
    Topic.objects.create(name="后来", slug="later")
    assert get("/topics/later/").status_code == 200


def request_as_admin():
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(username="admin", is_superuser=True)
    return request


@pytest.mark.parametrize(
    "model, field", [(Person, "name"), (Organization, "name"), (Topic, "name"), (Image, "caption")]
)
def test_admin_save_and_delete_start_a_new_generation(
    model, field, django_capture_on_commit_callbacks
):
    model_admin = admin.site._registry[model]
    obj = {
        Person: lambda: PersonFactory(),
        Organization: lambda: OrganizationFactory(),
        Topic: lambda: Topic.objects.create(name="党建", slug="dang-jian"),
        Image: lambda: ImageFactory(),
    }[model]()
    generation = current_state()[0]
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request_as_admin(), obj, None, True)
    if model is not Image:  # (an image's first save makes its missing renditions)
        assert current_state()[0] == generation  # saved as it was: no page changed
    setattr(obj, field, "新的名称")
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(request_as_admin(), obj, None, True)
    after_save = current_state()[0]
    assert after_save != generation
    with django_capture_on_commit_callbacks(execute=True):
        model_admin.delete_model(request_as_admin(), obj)
    assert current_state()[0] != after_save


def test_renamed_person_shows_on_cached_pages(django_capture_on_commit_callbacks):
    person = PersonFactory(name="王薇")
    story(people=[person])
    assert "王薇" in get(HOME).content.decode()
    person.name = "王小薇"
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Person].save_model(request_as_admin(), person, None, True)
    assert "王小薇" in get(HOME).content.decode()


def test_page_cache_is_off_when_seconds_is_zero(settings):
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory()
    get(HOME)
    assert "X-Page-Cache" not in get(HOME)


def test_pages_are_served_uncached_while_the_cache_is_down(monkeypatch, caplog):
    from django.core.cache import cache

    ArticleFactory(headline="稿件")

    def down(*args, **kwargs):
        raise ConnectionError("cache server away")

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    response = get(HOME)
    assert response.status_code == 200 and "稿件" in response.content.decode()
    assert "Page cache unavailable" in caplog.text


def test_publishing_succeeds_while_the_cache_is_down(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    article = ArticleFactory()
    monkeypatch.setattr(cache, "set", lambda *a, **k: (_ for _ in ()).throw(ConnectionError()))
    with django_capture_on_commit_callbacks(execute=True):
        changes.changed(Article, [article])
    assert "Could not start a new page cache generation" in caplog.text


def test_refresh_page_cache_command_makes_cached_pages_stale():
    from io import StringIO

    from django.core.management import call_command

    ArticleFactory(headline="稿件")
    get(HOME)
    assert get(HOME)["X-Page-Cache"] == "hit"
    call_command("refresh_page_cache", stdout=StringIO())
    assert get(HOME)["X-Page-Cache"] == "miss"
