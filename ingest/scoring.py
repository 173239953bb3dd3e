"""Score the parser against the corpus of print pages and their expected results, without Django.

Each page ``NNN_name.txt`` in ``ingest/corpus/`` has ``NNN_name.expected.json`` beside
it: per story the overline, headline, deck, lead-in exactly as printed, bylines with the role
printed before each name ("" when none is printed), the names credited for photos, the first
and last paragraph, the paragraph count and the captions with their credits. A page scores one
check for its number of stories and ten per expected story; a story the parser did not find
fails all ten. ``manage.py ingest_score`` prints the result; ``tests/articles/test_ingest_corpus``
keeps the score from dropping. The pages in ``corpus/heldout/`` were not looked at while the
parser was tuned: score them apart (``ingest_score --heldout``) to see how it does on new pages.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.parser import ParsedStory, decode_page_with_encoding, parse_page

__all__ = [
    "CHECK_KINDS",
    "CORPUS_DIR",
    "HELDOUT_DIR",
    "Check",
    "CorpusScore",
    "PageScore",
    "expected_path",
    "format_report",
    "page_paths",
    "score_corpus",
    "score_page",
    "validate_expected",
]

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
HELDOUT_DIR = CORPUS_DIR / "heldout"

STORY_CHECKS = (
    "overline",
    "headline",
    "deck",
    "lead_in",
    "bylines",
    "photo_credits",
    "first_paragraph",
    "last_paragraph",
    "paragraphs",
    "captions",
)
CHECK_KINDS = ("stories", *STORY_CHECKS)
_TEXT_FIELDS = ("overline", "headline", "deck", "lead_in", "first_paragraph", "last_paragraph")


@dataclass(frozen=True)
class Check:
    """One comparison between the expected result and what the parser found."""

    kind: str
    story: int | None  # index of the expected story, None for the page's story count
    expected: object
    got: object

    @property
    def passed(self) -> bool:
        return self.expected == self.got


@dataclass
class PageScore:
    path: Path
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(check.passed for check in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)


@dataclass
class CorpusScore:
    pages: list[PageScore] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(page.passed for page in self.pages)

    @property
    def total(self) -> int:
        return sum(page.total for page in self.pages)

    @property
    def ratio(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Return (passed, total) for each kind of check."""
        passed: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for page in self.pages:
            for check in page.checks:
                total[check.kind] += 1
                passed[check.kind] += check.passed
        return {kind: (passed[kind], total[kind]) for kind in CHECK_KINDS if total[kind]}


# --- Expected files -----------------------------------------------------------------------


def expected_path(page: Path) -> Path:
    """Return the expected-result file of a page."""
    return page.with_name(page.name.removesuffix(".txt") + ".expected.json")


def page_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders to their pages (not recursively), in name order."""
    pages: list[Path] = []
    for path in map(Path, paths):
        pages.extend(sorted(path.glob("*.txt")) if path.is_dir() else [path])
    return pages


def validate_expected(data: object) -> list[str]:
    """Return what is wrong with an expected-result document (nothing if it is valid)."""
    if not isinstance(data, dict) or not isinstance(data.get("stories"), list):
        return ["the document must be an object with a list of stories"]
    errors: list[str] = []
    if not data["stories"]:
        errors.append("no story")
    for index, story in enumerate(data["stories"]):
        where = f"story {index}"
        if not isinstance(story, dict):
            errors.append(f"{where}: not an object")
            continue
        missing = set(STORY_CHECKS) - story.keys()
        if missing:
            errors.append(f"{where}: missing {sorted(missing)}")
            continue
        errors += [
            f"{where}: {k} is not text" for k in _TEXT_FIELDS if not isinstance(story[k], str)
        ]
        if not story["headline"]:
            errors.append(f"{where}: empty headline")
        if not isinstance(story["paragraphs"], int) or story["paragraphs"] < 0:
            errors.append(f"{where}: paragraphs must be a count")
        bylines = story["bylines"]
        if not isinstance(bylines, list) or not all(
            isinstance(b, dict) and b.keys() == {"role", "name"} and b["name"] for b in bylines
        ):
            errors.append(f"{where}: bylines must be objects with a role and a name")
        captions = story["captions"]
        if not isinstance(captions, list) or not all(
            isinstance(c, dict) and c.keys() == {"text", "credit"} for c in captions
        ):
            errors.append(f"{where}: captions must be objects with a text and a credit")
        credits = story["photo_credits"]
        if not isinstance(credits, list) or not all(isinstance(c, str) and c for c in credits):
            errors.append(f"{where}: photo_credits must be a list of names")
    return errors


# --- Scoring ------------------------------------------------------------------------------


def story_result(story: ParsedStory) -> dict[str, object]:
    """Return what the parser found for a story, in the shape of an expected story."""
    paragraphs = story.paragraphs
    return {
        "overline": story.overline,
        "headline": story.headline,
        "deck": story.deck,
        "lead_in": story.lead_in_text,
        "bylines": [{"role": b.role, "name": b.name} for b in story.bylines],
        "photo_credits": sorted(set(story.photo_credits)),
        "first_paragraph": paragraphs[0].text if paragraphs else "",
        "last_paragraph": paragraphs[-1].text if paragraphs else "",
        "paragraphs": len(paragraphs),
        "captions": [{"text": c.text, "credit": c.credit} for c in story.captions],
    }


def _align(expected: Sequence[dict], found: Sequence[ParsedStory]) -> list[ParsedStory | None]:
    """Pair each expected story with a parsed one: by position, or by headline if counts differ."""
    if len(expected) == len(found):
        return list(found)
    paired: list[ParsedStory | None] = []
    start = 0
    for story in expected:
        match = next(
            (i for i in range(start, len(found)) if found[i].headline == story["headline"]), None
        )
        if match is None:
            paired.append(None)
        else:
            paired.append(found[match])
            start = match + 1
    return paired


def score_page(path: Path, publications: Sequence[str] = ()) -> PageScore:
    """Parse one page of the corpus and compare it with its expected result."""
    expected = json.loads(expected_path(path).read_text(encoding="utf-8"))
    text, _ = decode_page_with_encoding(path.read_bytes())
    page = parse_page(text, publications) if publications else parse_page(text)
    score = PageScore(path)
    score.checks.append(Check("stories", None, len(expected["stories"]), len(page.stories)))
    for index, (want, story) in enumerate(
        zip(expected["stories"], _align(expected["stories"], page.stories), strict=True)
    ):
        got = story_result(story) if story is not None else {}
        for kind in STORY_CHECKS:
            wanted = want[kind]
            if kind == "photo_credits":
                wanted = sorted(set(wanted))
            score.checks.append(Check(kind, index, wanted, got.get(kind)))
    return score


def score_corpus(paths: Iterable[Path | str] = (CORPUS_DIR,)) -> CorpusScore:
    """Score every page under the given files or folders."""
    return CorpusScore([score_page(path) for path in page_paths(paths)])


# --- Report -------------------------------------------------------------------------------


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def format_report(score: CorpusScore, *, verbose: bool = True) -> str:
    """Return the per-page, per-check report with totals per kind of check."""
    lines: list[str] = []
    for page in score.pages:
        lines.append(f"{page.path.name}: {page.passed}/{page.total}")
        for check in page.checks:
            where = "page" if check.story is None else f"story {check.story + 1}"
            if check.passed:
                if verbose:
                    lines.append(f"  ok    {where} {check.kind}: {_show(check.got)}")
            else:
                lines.append(f"  FAIL  {where} {check.kind}")
                lines.append(f"        expected {_show(check.expected)}")
                lines.append(f"        got      {_show(check.got)}")
    lines.append("")
    lines.append("By kind of check:")
    for kind, (passed, total) in score.by_kind().items():
        lines.append(f"  {kind:<16} {passed:>4}/{total:<4} {100 * passed / total:5.1f} %")
    lines.append(
        f"Total: {score.passed}/{score.total} checks = {100 * score.ratio:.1f} % "
        f"on {len(score.pages)} pages"
    )
    return "\n".join(lines)
