"""Search stories through the index: ranked pages of results with highlighted snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, ArticleQuerySet
from search.backends import get_backend
from search.query import SearchQuery
from search.tokens import fold, html_to_text

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30  # characters shown before the first match


def matching(articles: ArticleQuerySet, query: SearchQuery) -> ArticleQuerySet:
    """Return the stories of the queryset that match (unranked; for the admin's own order)."""
    if not query:
        return articles.none()
    sql, params = get_backend().match_sql(query)
    return articles.filter(pk__in=RawSQL(sql, params))


@dataclass(frozen=True)
class Hit:
    """One result: the story, its headline with matches marked, and a snippet of its text."""

    article: Article
    headline: SafeString
    snippet: SafeString


class SearchResults:
    """The stories of a queryset that match, best first; sliceable and countable for Paginator.

    Only the page asked for is ranked, fetched (with ``for_listing()``) and highlighted.
    With ``limit``, counting stops there and no result past it is served (``capped`` tells).
    """

    def __init__(self, query: SearchQuery, articles: ArticleQuerySet, limit: int | None = None):
        self.query = query
        self.articles = articles
        self.limit = limit
        self.backend = get_backend()

    @cached_property
    def _count(self) -> int:
        if not self.query:
            return 0
        return self.backend.count(self.query, self.articles, self.limit)

    @property
    def capped(self) -> bool:
        """Whether more stories match than are served."""
        return self.limit is not None and self._count >= self.limit

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("SearchResults supports slices only")
        start = index.start or 0
        stop = self._count if index.stop is None else index.stop
        if not self.query or stop <= start:
            return []
        ids = self.backend.ranked_ids(
            self.query, self.articles, start, stop - start, matches=self._count
        )
        found = self.articles.filter(pk__in=ids).for_listing().in_bulk()
        patterns = self.query.patterns()
        return [
            Hit(
                article=found[pk],
                headline=highlight(found[pk].headline, patterns),
                snippet=snippet(found[pk], patterns),
            )
            for pk in ids
            if pk in found
        ]


def _matches(text: str, patterns: list[str]) -> list[tuple[int, int]]:
    """Return (start, end) spans in text where any pattern matches, in order, not overlapping."""
    if not patterns or not text:
        return []
    folded, origin = fold(text)
    spans = []
    for match in re.finditer("|".join(f"(?:{p})" for p in patterns), folded):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return spans


def highlight(text: str, patterns: list[str], spans: list[tuple[int, int]] | None = None):
    """Return the text escaped, with each match wrapped in <mark>."""
    spans = _matches(text, patterns) if spans is None else spans
    out, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # every piece of text above was escaped


def snippet(article: Article, patterns: list[str], length: int = SNIPPET_LENGTH):
    """Return a passage of the deck, summary or body around the first match, highlighted."""
    for text in (article.deck, article.summary, html_to_text(article.body)):
        text = " ".join(text.split())
        spans = _matches(text, patterns)
        if spans:
            start = max(0, spans[0][0] - SNIPPET_LEAD)
            end = min(len(text), start + length)
            window = [(s - start, min(e, end) - start) for s, e in spans if s >= start and s < end]
            marked = highlight(text[start:end], patterns, window)
            prefix = "……" if start > 0 else ""
            suffix = "……" if end < len(text) else ""
            return mark_safe(f"{prefix}{marked}{suffix}")
    return highlight(article.excerpt(length), patterns)
