"""Turn stories into index rows and write them: one story, a list of stories, or all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext

from django.db import transaction
from django.db.models import Prefetch

from articles.models import Article, ArticleByline
from search.backends import MAX_TOKENS, IndexRow, get_backend
from search.tokens import html_to_text, index_tokens

BATCH_SIZE = 500


def articles_to_index():
    """Return all stories (drafts too: the admin searches them) with what the index reads."""
    return Article.objects.order_by("pk").prefetch_related(
        Prefetch("bylines", queryset=ArticleByline.objects.select_related("person")),
        "organizations__aliases",
        "tags",
    )


def document_for(article: Article) -> IndexRow:
    """Return the index row of a story fetched with articles_to_index()."""
    names = [byline.person.name for byline in article.bylines.all()]
    for organization in article.organizations.all():
        names += organization.all_names()
    names += [topic.name for topic in article.tags.all()]

    headline = index_tokens(article.headline)
    deck = [t for text in (article.overline, article.deck) for t in index_tokens(text)]
    names_tokens = [t for name in dict.fromkeys(names) for t in index_tokens(name)]
    room = max(0, MAX_TOKENS - len(headline) - len(deck) - len(names_tokens))
    body = [
        t for text in (article.summary, html_to_text(article.body)) for t in index_tokens(text)
    ][:room]
    return IndexRow(
        article_id=article.pk,
        headline=" ".join(headline),
        deck=" ".join(deck),
        names=" ".join(names_tokens),
        body=" ".join(body),
        published_at=article.published_at,
        ranked_at=article.published_at or article.created_at,
    )


def index_articles(article_ids: Iterable[int], *, bulk: bool = False) -> None:
    """Bring the index up to date for these stories; ids of deleted stories leave it.

    ``bulk`` lets the backend defer its index upkeep to the end (for many stories at once).
    """
    ids = list(dict.fromkeys(article_ids))
    backend = get_backend()
    with transaction.atomic(), backend.bulk_load() if bulk else nullcontext():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            rows = [document_for(a) for a in articles_to_index().filter(pk__in=chunk)]
            backend.write(rows)
            gone = set(chunk) - {row.article_id for row in rows}
            if gone:
                backend.delete(sorted(gone))


def index_queryset(
    articles, progress: Callable | None = None, batch_size: int = BATCH_SIZE, bulk: bool = False
) -> int:
    """Index the stories of a queryset in batches; return how many.

    ``progress`` is a tqdm-like factory (``progress(total=..., desc=...)``); ``bulk`` lets the
    backend defer index upkeep to the end (for many stories at once).
    """
    backend = get_backend()
    ids = articles.order_by("pk").values_list("pk", flat=True)
    bar = progress(total=ids.count(), desc="search index", unit="篇") if progress else None
    done, last_pk = 0, 0
    with transaction.atomic(), backend.bulk_load() if bulk else nullcontext():
        while True:
            batch = list(articles_to_index().filter(pk__in=ids, pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            backend.write([document_for(a) for a in batch])
            last_pk = batch[-1].pk
            done += len(batch)
            if bar is not None:
                bar.update(len(batch))
    if bar is not None:
        bar.close()
    return done


def rebuild_index(progress: Callable | None = None) -> int:
    """Empty the index and index every story again; return how many."""
    with transaction.atomic():
        get_backend().clear()
        return index_queryset(Article.objects.all(), progress, bulk=True)
