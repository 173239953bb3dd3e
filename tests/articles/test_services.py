import pytest
from django.urls import reverse

from articles.models import Article
from articles.signals import content_committed
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def receiver(sender, changes, **kwargs):
        calls.append(changes)

    content_committed.connect(receiver)
    yield calls
    content_committed.disconnect(receiver)


def test_admin_delete_announces_the_change_after_commit(
    admin_client, received, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
    assert len(received) == 1
    assert article.pk in received[0].search
    assert received[0].pages
    assert not Article.objects.filter(pk=article.pk).exists()


def test_nothing_is_announced_before_the_commit(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ArticleFactory()
    assert received == []
    for callback in callbacks:
        callback()
    assert len(received) == 1
