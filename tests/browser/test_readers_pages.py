"""The readers' pages in Chromium at desktop (1366 px) and phone (390 px) width: no sideways
scroll, every image served, no serious or critical axe-core violation, headlines set well, a
phone reader reaching stories at once; screenshots of each under var/browser/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from people.models import Organization, OrganizationKind, Person
from tests.browser.helpers import (
    DESKTOP,
    PHONE,
    axe_violations,
    box,
    broken_images,
    describe,
    headline_line_faults,
    horizontal_overflow,
    screenshot,
)
from tests.factories import ImageFactory, OrganizationFactory, jpeg_bytes, story

pytestmark = pytest.mark.django_db(transaction=True)

# Headlines of the lengths that leave one character alone on the last line when nothing
# balances them (at 390 px and at 1366 px), as real ones do.
HEADLINES = [
    "渌口区法院开展“党旗引领 法耀渌湘”党建品牌创建活动",
    "株洲市渌口区人民法院召开2024年度执行工作推进会",
    "淦田法庭巡回审判进村入户调解邻里纠纷",
    "渌口区法院举办少年法庭开放日活动",
    "渌口区法院综合管理党支部开展主题党日活动",
    "渌口法院：诉源治理走深走实，推动矛盾纠纷就地化解取得新进展",
    "渌口区法院政治部组织干警观看警示教育片",
    "渌口区法院发布涉未成年人保护典型案例以案释法护航成长发展",
]
PAGES = ("home", "story", "court", "topic", "person", "search", "archive")
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def readers_site(demo):
    """The demo stories, plus recent stories with photos about a court with many parts."""
    court = Organization.objects.get(name="株洲市渌口区人民法院")
    for number in range(1, 31):  # a court page opens with its stories, not this list
        OrganizationFactory(
            parent=court, name=f"渌口区法院第{number}党支部", kind=OrganizationKind.PARTY_BRANCH
        )
    reporter = Person.objects.get(name="王薇")
    now = timezone.now()
    for number, headline in enumerate(HEADLINES):
        photo = None
        if number % 2 == 0:
            photo = ImageFactory(
                file=ContentFile(
                    jpeg_bytes(1200, 800, (40 + 20 * number, 90, 120)), name="scene.jpg"
                ),
                caption="干警在活动现场。",
                credit_text="渌口区法院供图",
                alt_text="活动现场",
            )
        story(
            headline=headline,
            organizations=[court],
            topics=["党建"],
            people=[reporter],
            lead_image=photo,
            published_at=now - timedelta(minutes=5 + number),
            body="<p>近日，株洲市渌口区人民法院组织开展相关活动，干警们积极参与。</p>"
            "<p>下一步，该院将持续推进各项工作落实落细。</p>",
        )
    day = timezone.localtime(now - timedelta(minutes=5))
    return {
        "home": reverse("readers:home"),
        "story": demo[0].get_absolute_url(),
        "court": court.get_absolute_url(),
        "topic": reverse("readers:topic_detail", args=["dang-jian"]),
        "person": reporter.get_absolute_url(),
        "search": reverse("search:results") + "?q=渌口区法院",
        "archive": reverse("readers:archive_day", args=[day.year, day.month, day.day]),
    }


def open_at(page, url: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    response = page.goto(url)
    assert response.status == 200, url


@pytest.mark.parametrize("width", WIDTHS)
def test_readers_pages_fit_load_their_images_and_pass_axe(page, readers_site, width):
    faults = []
    for name in PAGES:
        url = readers_site[name]
        open_at(page, url, WIDTHS[width])
        if overflow := horizontal_overflow(page):
            faults.append(f"{name}: {overflow}px wider than the window")
        if broken := broken_images(page):
            faults.append(f"{name}: broken images {broken}")
        if violations := axe_violations(page):
            faults.append(f"{name}: axe\n{describe(violations)}")
        if bad_lines := headline_line_faults(page, "h1, h2, .card-title"):
            faults.append(f"{name}: {bad_lines}")
        screenshot(page, f"readers-{name}-{width}")
    assert page.errors == []
    assert not faults, "\n".join(faults)


def test_a_phone_reader_sees_a_story_on_the_first_screen_of_every_page(page, readers_site):
    for name in ("home", "court", "topic", "person", "archive"):
        open_at(page, readers_site[name], PHONE)
        header = box(page, ".site-header")
        assert header["height"] <= 110, f"{name}: the masthead takes {header['height']}px"
        first = box(page, ".lead-title, .card-title")
        assert first["y"] + first["height"] <= PHONE["height"], (
            f"{name}: the first story starts {first['y']}px down"
        )


def test_phone_cards_give_the_text_the_width_of_the_screen(page, readers_site):
    open_at(page, readers_site["topic"], PHONE)
    card = box(page, ".card.has-thumb")
    title = box(page, ".card.has-thumb .card-title")
    excerpt = box(page, ".card.has-thumb .card-excerpt")
    thumb = box(page, ".card.has-thumb .card-thumb img")
    assert title["width"] >= card["width"] * 0.6  # beside a small thumbnail
    assert excerpt["width"] >= card["width"] * 0.95  # under it, the whole width
    assert thumb["height"] <= 80


def test_a_court_page_lists_what_lies_under_it_after_its_stories_on_a_phone(page, readers_site):
    open_at(page, readers_site["court"], PHONE)
    stories = box(page, ".org-stories")
    children = box(page, ".org-children")
    assert children["y"] >= stories["y"] + stories["height"]
    open_at(page, readers_site["court"], DESKTOP)  # beside them on a wide screen
    assert box(page, ".org-children")["x"] > box(page, ".org-stories")["x"]
    assert box(page, ".org-children")["y"] < box(page, ".org-stories .card-title")["y"] + 200


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_form_has_controls_a_finger_can_use(page, readers_site, width):
    open_at(page, readers_site["search"], WIDTHS[width])
    for selector in ("#id_q", ".search-bar button", "#id_court", "#id_topic", "#id_start"):
        control = page.locator(selector)
        size = control.bounding_box()
        font = control.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size["height"] >= 44, f"{selector} is {size['height']}px tall"
        assert font >= 16, f"{selector} has {font}px text (phones zoom in below 16px)"
    query = box(page, "#id_q")
    assert query["width"] >= WIDTHS[width]["width"] * 0.5 or query["width"] >= 500
