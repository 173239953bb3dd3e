"""The index in the database: a weighted tsvector on PostgreSQL, an FTS5 table on SQLite.

Both hold the same tokens (search.tokens) in four fields weighted A–D, keyed by article id,
in a table named ``search_document`` that the migration creates for the vendor in use. The
ORM does not know the table: the SQL for each vendor is here and nowhere else, always with
bound parameters; queries reach the database only as tokens (letters and digits), quoted.

Visibility is never decided here: callers pass a queryset of articles (``published()`` for
readers, all articles for the admin) and its SQL becomes a sub-select.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection as default_connection

from search.query import SearchQuery

TABLE = "search_document"
# PostgreSQL's GIN indexes (created by the migration) and their columns.
GIN_INDEXES = {"search_document_vector_gin": "vector", "search_document_title_gin": "title_vector"}
# Positions beyond PostgreSQL's 16,383 are clamped (phrases would match wrongly there), so
# both backends index at most this many tokens of a story (≈15,000 characters of Chinese).
MAX_TOKENS = 16_000
# Ranking, the same on both databases: the weights of the fields in which any term matches,
# added up (every result matches somewhere, so the body's weight is a floor), times a boost
# for recency. A headline match beats a deck match, which beats names, which beat the body.
WEIGHTS = {"headline": 1.0, "deck": 0.4, "names": 0.2, "body": 0.1}
FIELDS = ("headline", "deck", "names", "body")
TITLE_FIELDS = FIELDS[:3]
# Only the newest this many title-field matches of a query are scored and served (a deliberate
# trade-off, as search engines make: scoring the 20,000 stories a common word is in would take
# longer than the page may). It is the most the readers' page serves (50 pages of 20), so the
# cut shows only in which title matches appear, never in the order of those served: every
# title-field match served still comes before every body-only match.
TITLE_CANDIDATES = 1000
# A query of several terms tests each title-field match's whole vector (≈13 kB, compressed)
# for the terms outside its title fields, ten times the work per story: it scores fewer.
MULTI_TERM_TITLE_CANDIDATES = 250
# PostgreSQL: how many of the newest stories to test one by one for title-field matches before
# using the GIN index instead (see PostgresBackend._title_candidates).
TITLE_WALK = 20_000
# PostgreSQL: how many recent stories per result wanted to test one by one before using the
# GIN index instead (see PostgresBackend._body_matches).
BODY_WALK = 100
BODY_WALK_MIN_MATCHES = 1000
# A story published today counts twice as much as an old one; the boost halves in 30 days.
RECENCY_DAYS = 30


def title_candidates(query: SearchQuery) -> int:
    """Return how many title-field matches of the query are scored and served at most."""
    return MULTI_TERM_TITLE_CANDIDATES if len(query.terms) > 1 else TITLE_CANDIDATES


@dataclass(frozen=True)
class IndexRow:
    """One story's tokens, space-separated, per weighted field, and its dates for ranking."""

    article_id: int
    headline: str
    deck: str
    names: str
    body: str
    published_at: datetime | None = None
    # The date recency counts from: published_at, or created_at for a story never published.
    ranked_at: datetime | None = None


class Backend:
    vendor = ""

    def __init__(self, connection=None):
        self.connection = connection or default_connection

    def write(self, rows: list[IndexRow]) -> None:
        raise NotImplementedError

    def delete(self, article_ids: list[int]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    @contextmanager
    def bulk_load(self):
        """Wrap the writing of many rows (a rebuild): the backend may defer index upkeep."""
        yield

    def indexed_ids(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {self.id_column} FROM {TABLE}")
            return {row[0] for row in cursor.fetchall()}

    def match_sql(self, query: SearchQuery) -> tuple[str, list]:
        """Return SQL selecting the ids of matching articles (for ``pk__in=RawSQL(...)``)."""
        raise NotImplementedError

    def count(self, query: SearchQuery, articles, limit: int | None = None) -> int:
        """Count the articles in the queryset that match, stopping at limit if given."""
        match, match_params = self.match_sql(query)
        base, base_params = self._base(articles)
        sql = f"WITH m AS MATERIALIZED ({match}) SELECT 1 FROM m WHERE m.id IN ({base})"
        params = [*match_params, *base_params]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) c", params)
            return cursor.fetchone()[0]

    def ranked_ids(
        self, query: SearchQuery, articles, offset: int, limit: int, matches: int | None = None
    ) -> list[int]:
        """Return ids of matching articles in the queryset, best first, one page of them.

        ``matches``, if known, is how many match (at least); backends may plan with it.
        """
        raise NotImplementedError

    @staticmethod
    def _base(articles) -> tuple[str, tuple]:
        return articles.order_by().values("pk").query.sql_with_params()


class PostgresBackend(Backend):
    vendor = "postgresql"
    id_column = "article_id"

    def write(self, rows: list[IndexRow]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"""
                INSERT INTO {TABLE} (article_id, title_vector, vector, published_at, ranked_at)
                SELECT id, title, title || setweight(to_tsvector('simple', body), 'D'),
                       published_at, ranked_at
                FROM (
                    SELECT %s::bigint AS id,
                           setweight(to_tsvector('simple', %s), 'A')
                           || setweight(to_tsvector('simple', %s), 'B')
                           || setweight(to_tsvector('simple', %s), 'C') AS title,
                           %s AS body,
                           %s::timestamptz AS published_at,
                           %s::timestamptz AS ranked_at
                ) AS row
                ON CONFLICT (article_id) DO UPDATE
                SET vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector,
                    published_at = EXCLUDED.published_at, ranked_at = EXCLUDED.ranked_at
                """,
                [
                    (r.article_id, r.headline, r.deck, r.names, r.body, r.published_at, r.ranked_at)
                    for r in rows
                ],
            )

    def delete(self, article_ids: list[int]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(article_ids)])

    @contextmanager
    def bulk_load(self):
        # Building the GIN index once at the end is several times faster than row by row.
        with self.connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        with self.connection.cursor() as cursor:
            for name, column in GIN_INDEXES.items():
                cursor.execute(f"CREATE INDEX {name} ON {TABLE} USING gin ({column})")
            cursor.execute(f"ANALYZE {TABLE}")

    @staticmethod
    def tsquery(
        query: SearchQuery, weight: str = "", any_term: bool = False, tokens_only: bool = False
    ) -> str:
        """Return the terms in to_tsquery syntax: a phrase (<->) per term, ANDed (&).

        With ``any_term``, ORed (|) instead; with a weight ("A"), only matches in that field.
        With ``tokens_only``, every token ANDed, wherever it stands: a looser query that the
        GIN index answers without reading the vectors.
        """
        parts = []
        for term in query.terms:
            lexemes = [f"'{token}':{weight}" for token in term.phrase.tokens]
            if term.phrase.prefix:
                lexemes[-1] = f"'{term.phrase.tokens[-1]}':*{weight}"
            parts.append("(" + (" & " if tokens_only else " <-> ").join(lexemes) + ")")
        return (" | " if any_term or weight else " & ").join(parts)

    def match_sql(self, query: SearchQuery) -> tuple[str, list]:
        return (
            f"SELECT article_id AS id FROM {TABLE} WHERE vector @@ to_tsquery('simple', %s)",
            [self.tsquery(query)],
        )

    def ranked_ids(
        self, query: SearchQuery, articles, offset: int, limit: int, matches: int | None = None
    ) -> list[int]:
        """Rank in two parts that give the same order as the formula, fast.

        Stories matching in a title field (score at least 0.3) come before those matching in
        the body alone (at most 0.2), which then sort by date. The first part scores only the
        newest TITLE_CANDIDATES title-field matches (see title_candidates), reading their
        dates and small title vectors from the index rows; the second is read newest first
        and stops at the page, so the stories' whole vectors are read only for those shown.
        """
        base = self._base(articles)
        title_any = self.tsquery(query, any_term=True)
        everything = self.tsquery(query)
        with self.connection.cursor() as cursor:
            candidates = self._title_candidates(cursor, query, base, matches)
            in_titles = len(candidates)
            ids = []
            if offset < in_titles:
                field_score = " + ".join(
                    f"(d.title_vector @@ %s::tsquery)::int * {WEIGHTS[field]}"
                    for field in TITLE_FIELDS
                )
                cursor.execute(
                    f"""
                    SELECT d.article_id
                    FROM {TABLE} d
                    WHERE d.article_id = ANY(%s)
                    ORDER BY ({field_score} + {WEIGHTS["body"]}) * (1 + 1 / (1 + greatest(0,
                                extract(epoch FROM now() - d.ranked_at) / 86400.0)
                                / {RECENCY_DAYS})) DESC NULLS LAST,
                             d.published_at DESC NULLS LAST, d.article_id DESC
                    LIMIT %s OFFSET %s
                    """,
                    [candidates, *(self.tsquery(query, w) for w in "ABC"), limit, offset],
                )
                ids = [row[0] for row in cursor.fetchall()]
            if len(ids) < limit:
                ids += self._body_matches(
                    cursor,
                    [everything, title_any],
                    base,
                    max(0, offset - in_titles),
                    limit - len(ids),
                    matches,
                )
        return ids

    def _title_candidates(self, cursor, query: SearchQuery, base, matches: int | None):
        """Return the ids of the newest title-field matches in the queryset, newest first.

        At most title_candidates(query) of them. Common words sit in the title fields of a
        fifth of all stories: walking the index rows newest first (the ranked_at index) finds
        enough after a few thousand. For rarer words the walk is bounded (TITLE_WALK) and the
        GIN indexes used after it; straight away when fewer stories match at all
        (``matches``) than are wanted, for queries of several terms, and for a queryset
        narrowed by filters (whose stories the walk would seldom meet).
        """
        wanted = title_candidates(query)
        broad = self._is_broad(cursor, base)
        if len(query.terms) == 1 and broad and (matches is None or matches >= wanted):
            base_sql, base_params = base
            cursor.execute(
                f"""
                SELECT c.article_id FROM (
                    SELECT d.article_id, d.ranked_at, d.title_vector
                    FROM {TABLE} d
                    ORDER BY d.ranked_at DESC NULLS LAST, d.article_id DESC
                    LIMIT %s
                ) c
                WHERE c.title_vector @@ %s::tsquery AND c.article_id IN ({base_sql})
                ORDER BY c.ranked_at DESC NULLS LAST, c.article_id DESC
                LIMIT %s
                """,
                [TITLE_WALK, self.tsquery(query), *base_params, wanted],
            )
            found = [row[0] for row in cursor.fetchall()]
            if len(found) == wanted:
                return found
        return self._title_candidates_by_index(cursor, query, base, wanted, broad)

    def _title_candidates_by_index(
        self, cursor, query: SearchQuery, base, wanted: int, broad: bool
    ):
        """Find the title-field matches through the GIN indexes, sort them by date, and test
        them in that order until enough are found.

        With several terms, the story must hold the terms outside its title fields too: the
        index of the whole vector answers "holds every token" without reading the vectors,
        and only the stories taken are read to check each term's tokens stand in a row.
        OFFSET 0 keeps those tests and the queryset's (by primary key) out of the sorted
        sub-select. That suits a queryset holding most stories (readers' searches without
        filters: joining would read every published story's row); a narrow one (a court, a
        topic, dates) would fail most tests, so it is joined instead, as the planner sees fit.
        """
        base_sql, base_params = base
        title_any = self.tsquery(query, any_term=True)
        multi = len(query.terms) > 1
        phrases = any(len(term.phrase.tokens) > 1 for term in query.terms)
        whole = "AND d.vector @@ to_tsquery('simple', %s)" if multi else ""
        exact = (
            f"""(SELECT v.vector @@ %s::tsquery FROM {TABLE} v
                 WHERE v.article_id = c.article_id) AND"""
            if multi and phrases
            else ""
        )
        matching = f"""
            SELECT d.article_id, d.ranked_at
            FROM {TABLE} d
            WHERE d.title_vector @@ to_tsquery('simple', %s) {whole}
        """
        matching_params = [title_any, *([self.tsquery(query, tokens_only=True)] if multi else [])]
        if broad:
            sorted_sql = f"""
                SELECT c.article_id FROM ({matching}) c
                WHERE (SELECT true FROM ({base_sql}) b (id) WHERE b.id = c.article_id LIMIT 1)
                ORDER BY c.ranked_at DESC NULLS LAST, c.article_id DESC
            """
        else:
            sorted_sql = f"""
                SELECT c.article_id FROM ({matching} OFFSET 0) c
                WHERE c.article_id IN ({base_sql})
                ORDER BY c.ranked_at DESC NULLS LAST, c.article_id DESC
            """
        cursor.execute(
            f"""
            SELECT c.article_id FROM ({sorted_sql} OFFSET 0) c
            {"WHERE " + exact.removesuffix("AND") if exact else ""}
            LIMIT %s
            """,
            [
                *matching_params,
                *base_params,
                *([self.tsquery(query)] if multi and phrases else []),
                wanted,
            ],
        )
        return [row[0] for row in cursor.fetchall()]

    def _is_broad(self, cursor, base) -> bool:
        """Whether the planner expects the queryset to hold at least half the indexed stories.

        One EXPLAIN (no query is run) of both, side by side: ~1 ms of planning.
        """
        base_sql, base_params = base
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT id FROM ({base_sql}) b (id)"
            f" UNION ALL SELECT article_id FROM {TABLE}",
            base_params,
        )
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        queryset, indexed = (part["Plan Rows"] for part in plan[0]["Plan"]["Plans"])
        return queryset >= indexed / 2

    def _body_matches(
        self, cursor, queries, base, offset: int, limit: int, matches: int | None
    ) -> list[int]:
        """Return body-only matches, newest first.

        Common words match a large share of stories: walking the newest stories and testing
        each finds a page after a few dozen. Rare words are found faster through the GIN
        index. Estimates for phrases are too rough to let the planner choose, so the walk
        is tried first over a bounded window of recent stories, then the index; when the
        caller knows there are few matches (``matches``), the index straight away.
        """
        if matches is not None and matches < BODY_WALK_MIN_MATCHES:
            return self._body_matches_by_index(cursor, queries, base, offset, limit)
        base_sql, base_params = base
        # A scalar sub-select (not EXISTS, which the planner would turn into a join over every
        # match) tests one story at a time, in date order, until the page is full. Checks run
        # per row take the query as a tsquery constant (parsed once), not to_tsquery() (a
        # function call per row); our tokens are already what to_tsvector() makes of them.
        test = f"""
            (SELECT d.vector @@ %s::tsquery AND NOT d.title_vector @@ %s::tsquery
             FROM {TABLE} d WHERE d.article_id = r.id)
        """
        window = BODY_WALK * (offset + limit)
        cursor.execute(
            f"""
            SELECT r.id FROM (
                SELECT a.id, a.published_at
                FROM articles_article a
                WHERE a.published_at IS NOT NULL AND a.id IN ({base_sql})
                ORDER BY a.published_at DESC, a.id DESC
                LIMIT %s
            ) r
            WHERE {test}
            ORDER BY r.published_at DESC, r.id DESC
            LIMIT %s OFFSET %s
            """,
            [*base_params, window, *queries, limit, offset],
        )
        rows = cursor.fetchall()
        if len(rows) == limit:
            return [row[0] for row in rows]
        return self._body_matches_by_index(cursor, queries, base, offset, limit)

    def _body_matches_by_index(self, cursor, queries, base, offset: int, limit: int) -> list[int]:
        base_sql, base_params = base
        cursor.execute(
            f"""
            SELECT r.id
            FROM {TABLE} d
            JOIN articles_article r ON r.id = d.article_id
            WHERE d.vector @@ to_tsquery('simple', %s)
              AND NOT d.title_vector @@ to_tsquery('simple', %s)
              AND r.published_at IS NOT NULL AND r.id IN ({base_sql})
            ORDER BY r.published_at DESC, r.id DESC
            LIMIT %s OFFSET %s
            """,
            [*queries, *base_params, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]


class SQLiteBackend(Backend):
    vendor = "sqlite"
    id_column = "rowid"

    def write(self, rows: list[IndexRow]) -> None:
        # FTS5 tables have no upsert: delete, then insert.
        self.delete([r.article_id for r in rows])
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, headline, deck, names, body) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(r.article_id, r.headline, r.deck, r.names, r.body) for r in rows],
            )

    def delete(self, article_ids: list[int]) -> None:
        ids = list(article_ids)
        with self.connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", chunk)

    @staticmethod
    def fts_query(query: SearchQuery) -> str:
        """Return the terms in FTS5 syntax: a quoted phrase per term, ANDed.

        Every token is inside double quotes, so nothing in it is FTS5 syntax; tokens hold only
        letters and digits, never a quote.
        """
        return " AND ".join(SQLiteBackend._phrases(query))

    @staticmethod
    def _phrases(query: SearchQuery) -> list[str]:
        phrases = []
        for term in query.terms:
            phrase = '"' + " ".join(term.phrase.tokens) + '"'
            phrases.append(phrase + " *" if term.phrase.prefix else phrase)
        return phrases

    def match_sql(self, query: SearchQuery) -> tuple[str, list]:
        return (
            f"SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s",
            [self.fts_query(query)],
        )

    def fts_field_query(self, query: SearchQuery, field: str) -> str:
        """Return an FTS5 query for stories with any of the terms in one field."""
        return " OR ".join(f"{{{field}}} : {part}" for part in self._phrases(query))

    def ranked_ids(
        self, query: SearchQuery, articles, offset: int, limit: int, matches: int | None = None
    ) -> list[int]:
        """Rank in the same two parts as PostgresBackend.ranked_ids (see there)."""
        base, base_params = self._base(articles)
        title_any = " OR ".join(self.fts_field_query(query, f) for f in TITLE_FIELDS)
        everything = self.fts_query(query)
        # MATERIALIZED keeps SQLite from pushing "rowid IN (...)" into FTS5, which would then
        # run the full-text query once per listed row. c: the newest title-field matches,
        # as many as are scored (title_candidates).
        title_from = f"""
            WITH t AS MATERIALIZED (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s),
                 m AS MATERIALIZED (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s),
                 c AS MATERIALIZED (
                    SELECT a.id, a.published_at, coalesce(a.published_at, a.created_at) AS ranked_at
                    FROM t JOIN articles_article a ON a.id = t.id
                    WHERE t.id IN m AND a.id IN ({base})
                    ORDER BY ranked_at DESC, a.id DESC
                    LIMIT %s
                 )
            SELECT :columns: FROM c
        """
        title_params = [title_any, everything, *base_params, title_candidates(query)]
        with self.connection.cursor() as cursor:
            cursor.execute(title_from.replace(":columns:", "count(*)"), title_params)
            in_titles = cursor.fetchone()[0]
            ids = []
            if offset < in_titles:
                field_score = " + ".join(
                    f"(c.id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s))"
                    f" * {WEIGHTS[field]}"
                    for field in TITLE_FIELDS
                )
                cursor.execute(
                    title_from.replace(":columns:", "c.id")
                    + f"""
                    ORDER BY ({field_score} + {WEIGHTS["body"]}) * (1 + 1 / (1 + max(0,
                                julianday('now') - julianday(c.ranked_at)) / {RECENCY_DAYS})) DESC,
                             c.published_at DESC, c.id DESC
                    LIMIT %s OFFSET %s
                    """,
                    [
                        *title_params,
                        *(self.fts_field_query(query, field) for field in TITLE_FIELDS),
                        limit,
                        offset,
                    ],
                )
                ids = [row[0] for row in cursor.fetchall()]
            if len(ids) < limit:
                cursor.execute(
                    f"""
                    WITH t AS MATERIALIZED (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s),
                         m AS MATERIALIZED (SELECT rowid AS id FROM {TABLE} WHERE {TABLE} MATCH %s)
                    SELECT a.id FROM m JOIN articles_article a ON a.id = m.id
                    WHERE m.id NOT IN t AND a.id IN ({base})
                    ORDER BY a.published_at DESC, a.id DESC
                    LIMIT %s OFFSET %s
                    """,
                    [
                        title_any,
                        everything,
                        *base_params,
                        limit - len(ids),
                        max(0, offset - in_titles),
                    ],
                )
                ids += [row[0] for row in cursor.fetchall()]
        return ids


BACKENDS = {b.vendor: b for b in (PostgresBackend, SQLiteBackend)}


def get_backend(connection=None) -> Backend:
    """Return the index backend for the database in use."""
    connection = connection or default_connection
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise NotImplementedError(
            f"search supports PostgreSQL and SQLite, not {connection.vendor}"
        ) from None
