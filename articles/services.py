"""State changes to articles. Views, admin actions and commands call these, not the models."""

from __future__ import annotations

from django.db import transaction

from articles.models import Article
from articles.signals import article_changed


def announce_change(article_id: int) -> None:
    """Tell receivers (cache, search) about the change once the transaction commits."""
    transaction.on_commit(
        lambda: article_changed.send(sender=Article, article_id=article_id), robust=False
    )


@transaction.atomic
def delete_article(article: Article) -> None:
    """Delete a story and announce it (its pages and search entries must go)."""
    article_id = article.pk
    article.delete()
    announce_change(article_id)
