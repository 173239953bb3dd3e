import pytest
from django.urls import reverse

from articles.models import Article
from articles.signals import article_changed
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls = []

    def receiver(sender, article_id, **kwargs):
        calls.append(article_id)

    article_changed.connect(receiver)
    yield calls
    article_changed.disconnect(receiver)


def test_admin_save_announces_the_change_after_commit(
    admin_client, received, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
    assert received == [article.pk]
    assert not Article.objects.filter(pk=article.pk).exists()
