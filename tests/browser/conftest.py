"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Chromium comes from the system (``apt-get install chromium``; .ci/run installs it), never from
a download: Playwright only drives it. Every test here is marked ``browser``; .ci/run runs them
once (on SQLite), not once per database. Screenshots go to var/browser/ (kept by CI, ignored
by git). A test opens pages through ``page`` (a fresh context per test) and may log a user in
with ``login(page, user)``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.helpers import DESKTOP

CHROMIUM = os.environ.get("CHROMIUM", "") or shutil.which("chromium") or "/usr/bin/chromium"
# The flags a sandboxed, offline machine needs (no background networking, no GPU).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_driver():
    # Playwright's sync API runs an event loop in this thread; Django's ORM, used by the
    # tests beside it, refuses to run in a thread with a running loop unless told it is safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    """A new browser page at desktop size, with console errors collected in ``page.errors``."""
    context = chromium.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: page.errors.append(message.text) if message.type == "error" else None,
    )
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """Return log_in(page, user): a session cookie for the live server, as the login form sets."""
    from django.test import Client

    def log_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return log_in
