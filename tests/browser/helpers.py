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


def horizontal_overflow(page) -> int:
    """Return by how many CSS pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def broken_images(page) -> list[str]:
    """Load every image of the page (lazy ones too) and return those that did not load: the
    address of each img whose naturalWidth is 0."""
    return page.evaluate(
        """async () => {
            const images = [...document.images];
            images.forEach((img) => { img.loading = "eager"; });
            await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
                img.addEventListener("load", done, {once: true});
                img.addEventListener("error", done, {once: true});
            })));
            return images.filter((img) => img.naturalWidth === 0)
                .map((img) => img.currentSrc || img.src || img.outerHTML);
        }"""
    )


# Closing punctuation that Chinese typesetting never puts at the start of a line.
LINE_START_FORBIDDEN = "，。、；：？！）》」』】”’…"


def headline_line_faults(page, selector: str) -> list[str]:
    """Return the headlines (matching selector) set badly: a last line of one character alone
    (活/动), or a line that starts with closing punctuation. Lines are read from where the
    browser put each character."""
    return page.evaluate(
        """([selector, forbidden]) => {
            const faults = [];
            for (const element of document.querySelectorAll(selector)) {
                if (!element.getClientRects().length) continue;
                const lines = [];
                const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    for (let i = 0; i < node.length; i++) {
                        if (!node.data[i].trim()) continue;
                        const range = document.createRange();
                        range.setStart(node, i);
                        range.setEnd(node, i + 1);
                        const rect = range.getClientRects()[0];
                        if (!rect) continue;
                        const line = lines[lines.length - 1];
                        if (line && Math.abs(line.top - rect.top) < rect.height / 2) {
                            line.text += node.data[i];
                        } else {
                            lines.push({top: rect.top, text: node.data[i]});
                        }
                    }
                }
                const text = lines.map((line) => line.text).join(" / ");
                if (lines.length > 1 && [...lines[lines.length - 1].text].length < 2) {
                    faults.push(`one character alone on the last line: ${text}`);
                }
                if (lines.slice(1).some((line) => forbidden.includes(line.text[0]))) {
                    faults.push(`a line starts with punctuation: ${text}`);
                }
            }
            return faults;
        }""",
        [selector, LINE_START_FORBIDDEN],
    )


def box(page, selector: str) -> dict | None:
    """Return the first matching element's box (x, y, width, height), or None."""
    element = page.locator(selector).first
    return element.bounding_box() if element.count() else None
