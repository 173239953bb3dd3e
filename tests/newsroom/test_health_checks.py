"""Connection health checks: skipped for a connection that ended a request a moment ago."""

import ast
import subprocess
import sys

import pytest
from django.db import connections

from newsroom import sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def conn(monkeypatch):
    """The default connection with health checks on, as on PostgreSQL in production."""
    connection = connections["default"]
    connection.ensure_connection()
    monkeypatch.setattr(connection, "health_check_enabled", True)
    monkeypatch.setattr(connection, "request_ended_at", None, raising=False)
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    connection.checks = checks
    yield connection
    del connection.checks


# The signals' other receivers would close the test's connection (it is in a transaction):
# the steps of a request are played by hand, in the order the receivers run.


def next_request(connection):
    connection.health_check_done = False  # Django's close_old_connections, at request start
    sql.skip_recent_health_checks(sender=None)
    connection.close_if_health_check_failed()  # what the request's first query does


def end_request(connection):
    sql.note_request_end(sender=None)


def test_receivers_run_after_djangos_own():
    """In a fresh process (the test client reconnects Django's receiver, so not in this one)."""
    code = (
        "import django; django.setup()\n"
        "from django.core.signals import request_finished as f, request_started as s\n"
        "print([r[1]().__name__ for r in s.receivers], [r[1]().__name__ for r in f.receivers])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    started, finished = ast.literal_eval(out.strip().replace("] [", "], ["))
    assert started.index("skip_recent_health_checks") > started.index("close_old_connections")
    assert finished.index("note_request_end") > finished.index("close_old_connections")


def test_a_connection_busy_a_moment_ago_is_not_checked_again(conn, settings):
    settings.CONN_HEALTH_CHECK_IDLE = 60
    next_request(conn)
    assert conn.checks == [1]  # the first request: checked
    for _ in range(3):
        end_request(conn)
        next_request(conn)
    assert conn.checks == [1]


def test_a_connection_idle_longer_than_the_window_is_checked(conn, settings, monkeypatch):
    settings.CONN_HEALTH_CHECK_IDLE = 1
    clock = iter([100.0, 100.5, 200.0, 203.0])
    monkeypatch.setattr(sql, "monotonic", lambda: next(clock))
    end_request(conn)  # ended at 100.0
    next_request(conn)  # starts at 100.5: not checked
    assert conn.checks == []
    end_request(conn)  # ended at 200.0
    next_request(conn)  # starts at 203.0: idle for 3 s, checked
    assert conn.checks == [1]


def test_a_window_of_zero_checks_every_request(conn, settings):
    settings.CONN_HEALTH_CHECK_IDLE = 0
    for _ in range(3):
        next_request(conn)
        end_request(conn)
    assert conn.checks == [1, 1, 1]


def test_a_connection_closed_at_the_end_of_a_request_is_not_trusted(conn, monkeypatch):
    end_request(conn)
    assert conn.request_ended_at is not None
    monkeypatch.setattr(conn, "connection", None)  # closed: a database error, its maximum age
    end_request(conn)
    assert conn.request_ended_at is None
