"""Find where each story of a page starts and which lines form its head, without Django.

A story starts at a headline confirmed by what follows it (a deck, a byline block or a
lead-in), at a lead-in after a finished story, at the top of the page or after the credits
that close the story before, or, with neither byline nor lead-in, at a headline-shaped line
after a finished paragraph that reads like a headline and is followed by a news opening.
That last kind of start, and every reading of two title lines (overline and headline, or
headline and a deck without "——"), is a guess: the head records it for a flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import rules
from ingest.credits import (
    ParsedByline,
    Patterns,
    has_caption_prefix,
    is_name_line,
    looks_like_names,
    parse_credit,
    split_photo_credit,
)
from ingest.lines import NOT_HEADLINE_ENDINGS, Line, ends_paragraph, is_deck

__all__ = ["Header", "PageReader", "trailing_credit_start"]

_NEWS_OPENING = re.compile(rules.NEWS_OPENING_PATTERN)
_NEWS_TIME = re.compile(rules.NEWS_TIME_PATTERN)
_ENUMERATED = re.compile(rules.ENUMERATED_SUBHEAD_PATTERN)
_END_NOTE = re.compile(rules.END_NOTE_PATTERN)


@dataclass
class Header:
    """Where a story starts on the page and which lines form its head."""

    start: int
    body_start: int
    overline: int | None = None
    headline: int | None = None
    decks: list[int] = field(default_factory=list)
    bylines: list[int] = field(default_factory=list)
    # Guesses for the flags, as Chinese messages: how two title lines were read, or that the
    # story was split from the one before without a byline or lead-in.
    guesses: list[str] = field(default_factory=list)


def trailing_credit_start(text: str, patterns: Patterns) -> int | None:
    """Return where credits run onto a paragraph begin ("……。（记者 张三）"), or None."""
    if text[-1:] not in "）)":
        return None
    opening = max(text.rfind("（"), text.rfind("("))
    if opening <= 0 or not ends_paragraph(text[:opening].rstrip()):
        return None
    result = parse_credit(text[opening:], patterns, allow_names_only=True)
    if result is None or not looks_like_names(result[0]):
        return None
    return opening


class PageReader:
    """Classify the lines of one page and cut it into stories."""

    def __init__(self, lines: list[Line], patterns: Patterns) -> None:
        self.lines = lines
        self.patterns = patterns
        # Every line is classified once, up front: trying story heads asks about the same
        # lines again and again, and the page must stay linear in its number of lines.
        self.bylines: list[tuple[list[ParsedByline], list[str]] | None] = []
        self.lead_ins: list[bool] = []
        self.caption_cues: list[bool] = []
        self.credit_lines: list[bool] = []
        self.closed: list[bool] = []  # ends a paragraph, or ends with credits after one
        self.decks: list[bool] = []
        self.headline_shaped: list[bool] = []  # may end with ！ or ？
        self.plain_headline_shaped: list[bool] = []  # ends with no punctuation at all
        for line in lines:
            self._classify(line.text)
        # A name alone after a finished paragraph ("齐琪") signs the story it closes.
        for index, line in enumerate(lines):
            if index and self.closed[index - 1] and is_name_line(line.text):
                self.credit_lines[index] = True
                self.headline_shaped[index] = self.plain_headline_shaped[index] = False

    def _classify(self, text: str) -> None:
        """Append the classification of one line."""
        short = len(text) <= rules.MAX_BYLINE_CHARS + 2
        cue = has_caption_prefix(text) or (
            len(text) <= rules.MAX_CUED_CAPTION_CHARS
            and split_photo_credit(text, self.patterns) is not None
        )
        # A bullet glyph ("■张祖成") marks a byline even without a role.
        bulleted = text[:1] in rules.BULLET_GLYPHS
        byline = (
            parse_credit(text, self.patterns, allow_names_only=bulleted)
            if short and not cue
            else None
        )
        lead_in = self.lead_in(text) is not None
        credit = short and (
            bool(_END_NOTE.match(text))
            or (text[:1] in "（(" and text[-1:] in "）)" and self._names_credit(text))
        )
        deck = is_deck(text)
        self.bylines.append(byline)
        self.lead_ins.append(lead_in)
        self.caption_cues.append(cue)
        self.credit_lines.append(credit)
        self.decks.append(deck)
        self.closed.append(
            ends_paragraph(text) or trailing_credit_start(text, self.patterns) is not None
        )

        shaped = (
            rules.MAX_HEADLINE_CHARS >= len(text) >= 2
            and "。" not in text
            and text[-1] not in NOT_HEADLINE_ENDINGS
            and not (text[0] in "（(" and text[-1] in "）)")  # "（完）", "（上接A1版）"
            and not (deck or cue or byline or lead_in or credit)
        )
        self.headline_shaped.append(shaped)
        self.plain_headline_shaped.append(shaped and text[-1] not in "！？!?")

    def _names_credit(self, text: str) -> bool:
        """Tell whether a parenthesised line credits people ("（记者 张三）", "（陈琛）")."""
        result = parse_credit(text, self.patterns, allow_names_only=True)
        return result is not None and looks_like_names(result[0])

    def lead_in(self, text: str) -> re.Match[str] | None:
        """Match a lead-in ("本报讯", "湖南法治报讯（……）") at the start of a line."""
        match = self.patterns.lead_in.match(text)
        if match is None:
            return None
        if match.group("inner") is not None or match.group("space"):
            return match
        # "本报讯近日……" may run straight into the text; another paper's name or a place
        # may not, or sentences such as "本报记者近日从市电力公司获悉" would open a story.
        return match if match.group("known") and not match.group("place") else None

    def is_headline_candidate(self, index: int, *, strict: bool = False) -> bool:
        """Tell whether a line is shaped like a headline: short, no full stop at the end.

        A headline may end with a question or exclamation mark, but only when a byline,
        deck or lead-in confirms it; ``strict`` refuses those endings.
        """
        return (self.plain_headline_shaped if strict else self.headline_shaped)[index]

    def closes_previous(self, index: int) -> bool:
        """Tell whether the line before ``index`` ends whatever came before (or there is none)."""
        if index == 0:
            return True
        previous = index - 1
        return (
            self.closed[previous]
            or self.credit_lines[previous]
            or self.caption_cues[previous]
            or self.bylines[previous] is not None
            or self.decks[previous]
        )

    def after_credits(self, index: int) -> bool:
        """Tell whether the line before ``index`` closes a story with its credits."""
        if index == 0:
            return False
        previous = index - 1
        text = self.lines[previous].text
        return self.credit_lines[previous] or (
            not ends_paragraph(text) and trailing_credit_start(text, self.patterns) is not None
        )

    # Story heads.

    def head_after(self, headline: int) -> Header:
        """Collect the deck and byline lines that follow a headline."""
        header = Header(start=headline, body_start=headline + 1, headline=headline)
        index = headline + 1
        while index < len(self.lines):
            if self.decks[index]:
                header.decks.append(index)
            elif self.bylines[index] is not None:
                header.bylines.append(index)
            else:
                break
            index += 1
        header.body_start = index
        return header

    def has_strong_head(self, header: Header) -> bool:
        """Tell whether a headline is confirmed by a deck, a byline block or a lead-in."""
        body_start = header.body_start
        return bool(
            header.decks
            or header.bylines
            or (body_start < len(self.lines) and self.lead_ins[body_start])
        )

    def header_at(self, index: int, *, page_start: bool) -> Header | None:
        """Return the head of a story starting at ``index``, or None if none starts there."""
        lines = self.lines
        weak_context = page_start or self.after_credits(index)
        if self.lead_ins[index]:
            # A lead-in without a headline line before it still opens a story.
            if self.closes_previous(index):
                return Header(start=index, body_start=index)
            return None
        if not self.is_headline_candidate(index):
            return None
        header = self.head_after(index)
        if self.has_strong_head(header):
            return header
        # Two headline-shaped lines, the second confirmed: overline + headline, or headline +
        # a deck printed without "——".
        if (
            index + 1 < len(lines)
            and self.closes_previous(index)
            and self.is_headline_candidate(index + 1)
        ):
            second = self.head_after(index + 1)
            confirmed = self.has_strong_head(second) or (
                weak_context
                and self.is_headline_candidate(index, strict=True)
                and self.is_headline_candidate(index + 1, strict=True)
                and second.body_start < len(lines)
            )
            if confirmed:
                return self._two_title_lines(index, second)
        # Without byline or deck: where a story must start (the top of the page, or right
        # after the credits that close the previous story), or where a finished paragraph is
        # followed by a line that reads like a headline and then by a news opening.
        if (
            self.is_headline_candidate(index, strict=True)
            and header.body_start < len(lines)
            and not self.is_headline_candidate(header.body_start)
            and not self.caption_cues[header.body_start]
        ):
            if weak_context:
                return header
            if self.closes_previous(index) and self._reads_like_unsigned_story(index):
                first = lines[index]
                header.guesses.append(
                    f"拆分不确定：第 {first.number} 行“{first.text}”没有署名或电头，"
                    "已按另一篇稿件的标题处理，也可能是上一篇稿件的小标题，请核对。"
                )
                return header
        return None

    def _two_title_lines(self, first: int, second: Header) -> Header:
        """Read two title lines as overline + headline or as headline + deck, and say which."""
        top, under = self.lines[first], self.lines[first + 1]
        if len(top.text) > rules.MAX_OVERLINE_CHARS and len(under.text) > len(top.text):
            header = Header(
                start=first,
                body_start=second.body_start,
                headline=first,
                decks=[first + 1, *second.decks],
                bylines=second.bylines,
            )
            reading = f"“{top.text}”为主题，“{under.text}”为副题（未印“——”）"
        else:
            header = second
            header.start = first
            header.overline = first
            reading = f"“{top.text}”为引题，“{under.text}”为主题"
        header.guesses.append(
            f"标题层次不确定：第 {top.number}–{under.number} 行两行标题已按{reading}处理，请核对。"
        )
        return header

    def _reads_like_unsigned_story(self, index: int) -> bool:
        """Tell a headline without byline or lead-in from a subhead inside a story."""
        text = self.lines[index].text
        if _ENUMERATED.match(text):
            return False
        opening = self.lines[index + 1].text
        signs = (
            bool(
                _NEWS_OPENING.match(opening)
                or _NEWS_TIME.search(opening[: rules.NEWS_TIME_WITHIN_CHARS])
            ),
            any(word in text for word in rules.INSTITUTION_WORDS),
            len(text) >= rules.MIN_UNSIGNED_HEADLINE_CHARS and not re.search(r"\s", text),
            self._closes_with_credits(index + 1),
        )
        return sum(signs) >= 2

    def _closes_with_credits(self, start: int) -> bool:
        """Tell whether the text from ``start`` ends with credits before the next title line."""
        for index in range(start, len(self.lines)):
            if self.credit_lines[index] or (
                self.bylines[index] is not None and self.closes_previous(index)
            ):
                return True
            if self.headline_shaped[index] or self.lead_ins[index]:
                return False
            text = self.lines[index].text
            if not ends_paragraph(text) and trailing_credit_start(text, self.patterns) is not None:
                return True
        return False

    def find_headers(self) -> list[Header]:
        """Find where each story starts, in page order."""
        headers: list[Header] = []
        index = 0
        body_start = -1
        while index < len(self.lines):
            if index != body_start:
                header = self.header_at(index, page_start=not headers and index == 0)
                if header is not None:
                    headers.append(header)
                    body_start = header.body_start
                    index = header.body_start
                    continue
            index += 1
        return headers
