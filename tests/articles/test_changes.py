"""The change tracking every reader-facing cache follows (articles/changes.py)."""

import pytest

from articles import changes
from articles.models import Article
from articles.signals import content_committed
from tests.factories import ArticleFactory, PersonFactory, story

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed():
    received = []

    def receiver(sender, changes, **kwargs):
        received.append(changes)

    content_committed.connect(receiver)
    yield received
    content_committed.disconnect(receiver)


def stamps():
    return dict(Article.objects.values_list("pk", "render_stamp"))


def test_a_bulk_change_stamps_every_story_in_batches(monkeypatch, committed):
    monkeypatch.setattr(changes, "STAMP_BATCH", 2)
    for _ in range(5):
        ArticleFactory()
    before = stamps()
    changes.changed(Article, Article.objects.all(), ["headline"])
    after = stamps()
    assert all(after[pk] != before[pk] for pk in before)


def test_a_transaction_is_announced_once_with_every_change(
    committed, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="王薇")
    with django_capture_on_commit_callbacks(execute=True):
        first = story(people=[person], topics=["党建"])
        second = story(people=[person])
        person.name = "王小薇"
        person.save()
    assert len(committed) == 1
    assert committed[0].search >= {first.pk, second.pk}


def test_a_change_only_a_persons_page_shows_touches_no_story(
    committed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(name="王薇")
        article = story(people=[person])
    before = stamps()
    with django_capture_on_commit_callbacks(execute=True):
        person.bio = "跑法院口的记者"
        person.save()
    assert stamps()[article.pk] == before[article.pk]
    assert committed[-1].pages and not committed[-1].stories and not committed[-1].search


def test_an_unchanged_save_announces_nothing(committed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(name="王薇")
        story(people=[person])
    committed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    assert committed == []
