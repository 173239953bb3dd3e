"""The browser harness itself: Chromium opens the site, JavaScript runs, a login works."""

import pytest

from tests.browser.helpers import screenshot
from tests.factories import UserFactory, story

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_opens_the_front_page_and_a_story(page):
    article = story(headline="渌口区法院开展党建活动")
    page.goto("/")
    page.get_by_role("link", name="渌口区法院开展党建活动").first.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "渌口区法院开展党建活动"
    screenshot(page, "smoke-story")
    assert page.errors == []


def test_a_logged_in_editor_reaches_the_admin(page, login):
    login(page, UserFactory(is_superuser=True))
    page.goto("/admin/")
    assert "采编工作台" in page.title()
