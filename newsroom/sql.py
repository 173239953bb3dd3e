"""The readers' hot raw statements: run as prepared statements on PostgreSQL.

Readers' pages run a few hand-written statements (listings, stored renders, page lookups)
on every request; these helpers run them and convert what a raw cursor hands back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection, connections
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def fetch(sql: str, params: list | dict, *, one: bool = False):
    """Run one of the readers' hot statements and return its rows (or its first row).

    On PostgreSQL it runs with server-side binding as a prepared statement, so the server
    plans it once per connection rather than on every request: planning these index lookups
    costs it more than running them. (Behind a pooler in transaction mode, such as PgBouncer
    before 1.21, prepared statements are not available: run it with session pooling.) Rows
    come in binary form, which psycopg converts faster (dates above all). Elsewhere it runs
    through Django's cursor.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if one else cursor.fetchall()
    import psycopg

    # What connection.cursor() does first: the health check, and (re)connecting.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as raw:
        raw.execute(sql, params, prepare=True, binary=True)
        rows = raw.fetchone() if one else raw.fetchall()
    if connection.queries_logged:  # counted by the query-bound tests like any other
        took = time.monotonic() - started
        connection.queries_log.append({"sql": sql, "time": f"{took:.3f}"})
    return rows


def db_datetime(value: datetime):
    """Return a datetime as a raw query must pass it: as the database stores it."""
    return connection.ops.adapt_datetimefield_value(value)


def aware(value) -> datetime:
    """Return a datetime column read with a raw cursor as an aware datetime.

    SQLite hands back text or naive UTC for columns read through a subquery or join.
    """
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value is None or timezone.is_aware(value) else value.replace(tzinfo=UTC)


class CompiledQuery:
    """A queryset compiled to SQL once per process and database, then run with ``fetch``.

    For the readers' lookups by slug: the ORM states the query, and each request pays neither
    for compiling it nor (on PostgreSQL) for planning it. ``build`` takes the query's
    parameters and returns the queryset, which should be a values_list(): rows come back as
    tuples of column values, without the fields' Python conversions.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.compiled: dict[str, tuple[str, list]] = {}

    def rows(self, *args) -> list[tuple]:
        compiled = self.compiled.get(connection.vendor)
        if compiled is None:
            compiled = self.compiled[connection.vendor] = self._compile(len(args))
        sql, params = compiled
        return fetch(sql, [args[p.index] if isinstance(p, _Param) else p for p in params])

    def first(self, *args) -> tuple | None:
        rows = self.rows(*args)
        return tuple(rows[0]) if rows else None

    def _compile(self, arity: int) -> tuple[str, list]:
        markers = [f"\x00param{i}\x00" for i in range(arity)]
        sql, params = self.build(*markers).query.sql_with_params()
        params = [_Param(markers.index(p)) if p in markers else p for p in params]
        if sorted(p.index for p in params if isinstance(p, _Param)) != list(range(arity)):
            raise ValueError("Each parameter must reach the SQL once, unchanged.")
        return sql, params


@dataclass(frozen=True, slots=True)
class _Param:
    index: int


# Connection health checks, skipped for connections busy a moment ago.

monotonic = time.monotonic  # the receivers' clock (tests replace it)


def skip_recent_health_checks(sender, **kwargs) -> None:
    """At a request's start: trust a connection that ended a request a moment ago.

    With CONN_HEALTH_CHECKS, Django checks a reused connection with a "SELECT 1" round trip
    before each request's first query, so that a connection the database dropped (a restart,
    an idle timeout) costs no reader an error. Those happen to idle connections; under load the
    check doubled the article page's round trips for nothing. As connection pools do (HikariCP's
    alive-bypass window), a connection that ended a request without error less than
    CONN_HEALTH_CHECK_IDLE seconds ago is not checked again. (Django closes a connection that
    raised a database error at the end of that request.)
    """
    window = settings.CONN_HEALTH_CHECK_IDLE
    now = monotonic()
    for conn in connections.all(initialized_only=True):
        ended = getattr(conn, "request_ended_at", None)
        if conn.connection is not None and ended is not None and now - ended < window:
            conn.health_check_done = True


def note_request_end(sender, **kwargs) -> None:
    """At a request's end, after Django closed unusable connections: note when each ended."""
    now = monotonic()
    for conn in connections.all(initialized_only=True):
        conn.request_ended_at = now if conn.connection is not None else None


def connect_signals() -> None:
    # Connected after django.db's close_old_connections (at app loading), so they run after it.
    request_started.connect(skip_recent_health_checks, dispatch_uid="skip-recent-health-checks")
    request_finished.connect(note_request_end, dispatch_uid="note-request-end")
