"""The lines of a page dump, and what a single line says about itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import rules

__all__ = [
    "NOT_HEADLINE_ENDINGS",
    "Line",
    "drop_page_furniture",
    "ends_paragraph",
    "is_deck",
    "split_lines",
    "strip_deck",
]


@dataclass(frozen=True)
class Line:
    """A non-blank line of the page, with the blank lines that came before it."""

    text: str
    number: int  # 1-based line number in the page, for messages
    blank_before: int


_BLANKS = " \t\u3000\xa0\ufeff\f\v"


def split_lines(text: str) -> list[Line]:
    """Split the page into non-blank, trimmed lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    blanks = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        # Only the ends are trimmed: a full-width space inside a line is part of what was
        # printed ("曾　玲", "本报记者　李文秀　摄") and is kept.
        stripped = raw.strip(_BLANKS)
        if not stripped:
            blanks += 1
            continue
        lines.append(Line(stripped, number, blanks))
        blanks = 0
    return lines


_PAGE_FURNITURE = re.compile("|".join(f"(?:{p})" for p in rules.PAGE_FURNITURE_PATTERNS))


def drop_page_furniture(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Separate date lines, page labels and page editor credits from the stories' lines."""
    kept: list[Line] = []
    dropped: list[Line] = []
    for line in lines:
        furniture = len(line.text) <= rules.MAX_FURNITURE_CHARS and _PAGE_FURNITURE.match(line.text)
        (dropped if furniture else kept).append(line)
    return kept, dropped


def ends_paragraph(text: str) -> bool:
    """Tell whether a line ends with the punctuation that closes a paragraph."""
    if not text:
        return True
    if text[-1] in rules.PARAGRAPH_END_CHARS:
        return True
    if text[-1] in rules.CLOSING_CHARS:
        inner = text.rstrip(rules.CLOSING_CHARS)
        return bool(inner) and inner[-1] in rules.PARAGRAPH_END_CHARS
    return False


def is_deck(text: str) -> bool:
    """Tell whether a line is a deck (副题) starting with a dash."""
    return text.startswith(rules.DECK_PREFIXES) and len(text) <= rules.MAX_DECK_CHARS


def strip_deck(text: str) -> str:
    """Remove the leading dashes of a deck."""
    for prefix in sorted(rules.DECK_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix):
            return text[len(prefix) :].lstrip("—─－- ").strip()
    return text


NOT_HEADLINE_ENDINGS = frozenset(rules.PARAGRAPH_END_CHARS + "，,、") - frozenset("！？!?")
