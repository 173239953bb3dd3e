"""What browser tests share: page sizes, screenshots and the accessibility check."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "browser"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as var/browser/<name>.png (a CI artefact) and return it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (shipped in axe-playwright-python) on the page; return the violations of
    these impacts, each with its rule id, help text and the failing elements."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in violations
    )
