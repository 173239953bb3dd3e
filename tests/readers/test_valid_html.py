"""Every public page is well-formed HTML5 (html5lib's strict parser raises on any parse error)."""

import re

import html5lib
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def pages(demo):
    feature = demo[0]
    court = feature.organizations.first()
    person = feature.bylines.first().person
    return [
        reverse("readers:home"),
        reverse("readers:latest"),
        feature.get_absolute_url(),
        reverse("readers:organization_list"),
        court.get_absolute_url(),
        reverse("readers:topic_list"),
        reverse("readers:topic_detail", args=["dang-jian"]),
        person.get_absolute_url(),
        reverse("readers:archive_year", args=[2024]),
        reverse("readers:archive_month", args=[2024, 6]),
        reverse("readers:archive_day", args=[2024, 6, 18]),
        "/no-such-page/",
    ]


def test_every_page_parses_as_strict_html5(demo, client):
    parser = html5lib.HTMLParser(strict=True)
    for url in pages(demo):
        response = client.get(url)
        try:
            parser.parse(response.content)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{url}: {error}")


# HTML's "valid global date and time string" as the pages write it: whole seconds, offset.
HTML_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")


def test_every_time_element_has_a_valid_datetime(demo, client):
    """|date:'c' printed microseconds (2026-11-26T07:23:01.514943+08:00), which HTML refuses."""
    from tests.factories import CorrectionFactory

    CorrectionFactory(article=demo[1])
    seen = 0
    for url in [*pages(demo), demo[1].get_absolute_url(), "/search/?q=党建"]:
        html = client.get(url).content.decode()
        for value in re.findall(r'<time datetime="([^"]*)"', html):
            assert HTML_DATETIME.fullmatch(value), f"{url}: {value}"
            seen += 1
    assert seen > 10
