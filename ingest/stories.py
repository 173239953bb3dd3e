"""Build one story from its head and body lines, without Django.

The lead-in is taken off the first paragraph exactly as printed; credits printed at the end
("（记者 张三）", "陈丽红 文/图", a name alone, "（作者单位：……）") leave the body but are kept;
paragraphs cut at column breaks are rejoined around the caption dropped between their halves.
Every guess becomes a ``Flag`` with the printed line it was made on.
"""

from __future__ import annotations

import re

from ingest import rules
from ingest.credits import (
    ParsedByline,
    has_caption_prefix,
    is_name_line,
    looks_like_names,
    parse_credit,
    split_photo_credit,
)
from ingest.layout import Header, PageReader, trailing_credit_start
from ingest.lines import Line, ends_paragraph, strip_deck
from ingest.results import Block, Flag, ParsedCaption, ParsedParagraph, ParsedStory

__all__ = ["StoryBuilder"]

_END_NOTE = re.compile(rules.END_NOTE_PATTERN)


class StoryBuilder:
    """Build one story from its head and body lines."""

    def __init__(self, reader: PageReader, header: Header, end: int) -> None:
        self.reader = reader
        self.patterns = reader.patterns
        self.header = header
        self.body = reader.lines[header.body_start : end]
        self.warnings: list[str] = []
        self.flags: list[Flag] = []
        self.bylines: list[ParsedByline] = []
        self.lead_in = ""
        self.lead_in_text = ""
        self.lead_in_gap = ""
        self.end_notes: list[str] = []

    def flag(self, message: str, line: Line) -> None:
        """Record a guess for a person to confirm, with the printed line it was made on."""
        self.warnings.append(message)
        self.flags.append(Flag(message, line.number, line.text))

    def add_bylines(self, text: str, line: Line, *, allow_names_only: bool) -> bool:
        """Parse a credit and append its people; return False if it is not a credit."""
        result = parse_credit(text, self.patterns, allow_names_only, start=len(self.bylines))
        if result is None:
            return False
        people, warnings = result
        self.bylines.extend(people)
        for warning in warnings:
            self.flag(warning, line)
        unroled = [person.name for person in people if not person.role]
        if unroled:
            self.flag(
                f"署名未注明身份（记者或通讯员）：{'、'.join(unroled)}。版面未印身份，已留空，请补充。",
                line,
            )
        return True

    def build(self) -> ParsedStory:
        """Return the parsed story."""
        lines = self.reader.lines
        header = self.header
        headline = lines[header.headline].text if header.headline is not None else ""
        overline = lines[header.overline].text if header.overline is not None else ""
        deck = "".join(strip_deck(lines[index].text) for index in header.decks)
        for guess in header.guesses:
            self.flag(guess, lines[header.start])
        for index in header.bylines:
            self.add_bylines(lines[index].text, lines[index], allow_names_only=True)

        texts = self.take_lead_in(list(self.body))
        credited_at_top = len(self.bylines)
        texts = self.take_end_credits(texts)
        blocks = self.join_blocks(texts)
        if credited_at_top and len(self.bylines) > credited_at_top:
            self.warn_possible_hidden_story(blocks)

        missing: list[str] = []
        if not headline:
            missing.append(f"未找到标题：第 {self.first_line_number()} 行起的稿件没有标题。")
        if not self.bylines:
            missing.append("未找到署名：请补充记者和通讯员。")
        self.warnings[:0] = missing
        if not any(isinstance(block, ParsedParagraph) for block in blocks):
            self.warnings.append("稿件没有正文。")
        return ParsedStory(
            headline=headline,
            overline=overline,
            deck=deck,
            lead_in=self.lead_in,
            lead_in_text=self.lead_in_text,
            lead_in_gap=self.lead_in_gap,
            bylines=self.bylines,
            blocks=blocks,
            warnings=self.warnings,
            flags=self.flags,
            end_notes=self.end_notes,
        )

    def warn_possible_hidden_story(self, blocks: list[Block]) -> None:
        """Flag the last subhead of a story credited both at the top and at the end."""
        # Two sets of credits suggest a second story, without byline block or lead-in,
        # whose headline was read as a subhead; the page alone cannot tell.
        subheads = [
            block
            for block in blocks
            if isinstance(block, ParsedParagraph) and _looks_like_subhead(block.text)
        ]
        if subheads:
            self.warnings.append(
                f"拆分不确定：稿件开头和末尾都有署名，小标题“{subheads[-1].text}”"
                "可能是另一篇稿件的标题，请核对。"
            )

    def first_line_number(self) -> int:
        """Return the page line number where the story starts."""
        return self.reader.lines[self.header.start].number

    def take_lead_in(self, texts: list[Line]) -> list[Line]:
        """Take the lead-in and its credits off the first paragraph, exactly as printed."""
        position = next((i for i, line in enumerate(texts) if not self._is_caption(line)), None)
        if position is None:
            return texts
        first = texts[position]
        match = self.reader.lead_in(first.text)
        if match is None:
            return texts
        inner = match.group("inner")
        printed_end = match.end("lead")
        rest = first.text[match.end() :]
        if inner is not None:
            if self.add_bylines(inner, first, allow_names_only=True):
                printed_end = match.end("inner") + 1  # the closing parenthesis
            else:
                # Not a byline after all: keep the parenthesis in the text for a person to read.
                self.warnings.append(f"导语括号中的内容无法识别为署名：“{inner}”，已保留在正文中。")
                rest = first.text[match.end("lead") :].lstrip()
        elif match.group("space"):
            # "本报北京5月31日讯 记者袁定波 记者今天……": credits without parentheses.
            fused = self.patterns.fused_credits.match(rest)
            if fused and self.add_bylines(fused.group(0), first, allow_names_only=False):
                printed_end = match.end() + fused.end()
                rest = rest[fused.end() :]
        self.lead_in = match.group("lead")
        self.lead_in_text = first.text[:printed_end].rstrip()
        after = first.text[len(self.lead_in_text) :]
        self.lead_in_gap = after[: len(after) - len(after.lstrip())] if rest else ""
        remaining = [Line(rest, first.number, first.blank_before)] if rest else []
        return [*texts[:position], *remaining, *texts[position + 1 :]]

    def take_end_credits(self, texts: list[Line]) -> list[Line]:
        """Move credits printed at the end of the story ("（记者 张三 实习生 李四）") to bylines."""
        last_text = max(
            (i for i, line in enumerate(texts) if not self._is_caption(line)), default=-1
        )
        kept: list[Line] = []
        for index, line in enumerate(texts):
            text = line.text
            is_last = index == last_text
            if index > 0 and _END_NOTE.match(text):
                self.end_notes.append(text)  # "（作者单位：……）": kept, as printed
                continue
            # A parenthesised line of people after the opening is a credit; names without
            # roles count only on the last line, to spare a "（张三 李四）" inside the text.
            if (
                index > 0
                and text[:1] in "（("
                and text[-1:] in "）)"
                and self._add_end_credit(text, line, names_only=is_last)
            ):
                continue
            # A bare credit line closing the story: "文/图 张三", "编辑 李四", or a name alone.
            previous_closed = bool(kept) and ends_paragraph(kept[-1].text)
            if is_last and previous_closed:
                names_only = is_name_line(text)
                if self.add_bylines(text, line, allow_names_only=names_only):
                    continue
            kept.append(self._strip_trailing_credit(line) if is_last else line)
        return kept

    def _add_end_credit(self, text: str, line: Line, *, names_only: bool) -> bool:
        """Append the people of a credit line; names without roles must look like names."""
        result = parse_credit(text, self.patterns, allow_names_only=names_only)
        if result is None or not looks_like_names(result[0]):
            return False
        return self.add_bylines(text, line, allow_names_only=names_only)

    def _strip_trailing_credit(self, line: Line) -> Line:
        """Remove credits run onto the last paragraph: "……。（记者 张三）", "……。（陈琛）"."""
        opening = trailing_credit_start(line.text, self.patterns)
        if opening is None:
            return line
        if not self.add_bylines(line.text[opening:], line, allow_names_only=True):
            return line
        return Line(line.text[:opening].rstrip(), line.number, line.blank_before)

    def _is_caption(self, line: Line) -> bool:
        """Tell whether a body line carries an explicit caption cue."""
        return self.caption(line.text) is not None

    def caption(self, text: str) -> ParsedCaption | None:
        """Return a caption for a line with an explicit caption cue, or None."""
        if len(text) > rules.MAX_CUED_CAPTION_CHARS:
            return None
        split = split_photo_credit(text, self.patterns)
        if split is not None:
            caption_text, credit = split
            people = credit.removesuffix(rules.PHOTO_CREDIT_SUFFIX).rstrip(" /／\u3000")
            result = parse_credit(people, self.patterns, allow_names_only=True)
            photographers = [
                ParsedByline(p.name, p.role, p.position, rules.PHOTO_CREDIT_SUFFIX, p.unit)
                for p in (result[0] if result else [])
            ]
            return ParsedCaption(caption_text, credit=credit, photographers=photographers)
        if has_caption_prefix(text):
            return ParsedCaption(text)
        return None

    def join_blocks(self, texts: list[Line]) -> list[Block]:
        """Rejoin paragraphs cut at column breaks and place captions after them."""
        blocks: list[Block] = []
        parts: list[str] = []  # pieces of the paragraph still open
        pending: list[ParsedCaption] = []  # captions found inside the open paragraph
        after_caption = False  # the line before was a caption taken out of the open paragraph

        def flush() -> None:
            if parts:
                blocks.append(ParsedParagraph("".join(parts)))
                parts.clear()
            blocks.extend(pending)
            pending.clear()

        for index, line in enumerate(texts):
            text = line.text
            cued = self.caption(text)
            if parts:
                following = texts[index + 1] if index + 1 < len(texts) else None
                if cued is not None:
                    pending.append(cued)
                    after_caption = True
                    continue
                # The line after a caption is the paragraph's second half, whatever its length.
                if (
                    not after_caption
                    and following is not None
                    and _looks_like_dropped_caption(line, following)
                ):
                    pending.append(ParsedCaption(text))
                    after_caption = True
                    if line.blank_before < rules.LAYOUT_GAP_BLANK_LINES:
                        self.flag(
                            f"拆分不确定：第 {line.number} 行“{text}”夹在被分栏截断的段落中间，"
                            "已按图片说明处理，也可能是段落的一部分，请核对。",
                            line,
                        )
                    continue
                parts.append(text)
            elif cued is not None:
                if not cued.text and blocks and isinstance(blocks[-1], ParsedCaption):
                    # A credit on its own line under the caption it belongs to.
                    previous = blocks.pop()
                    cued = ParsedCaption(previous.text, cued.credit, cued.photographers)
                blocks.append(cued)
                continue
            elif _looks_like_subhead(text):
                blocks.append(ParsedParagraph(text))
                continue
            else:
                parts.append(text)
            after_caption = False
            if ends_paragraph(text):
                flush()

        if parts and len("".join(parts)) > rules.MAX_SUBHEAD_CHARS:
            tail = "".join(parts)[-12:]
            self.warnings.append(f"最后一段没有结束标点，可能不完整：“……{tail}”。")
        flush()
        return blocks


def _looks_like_subhead(text: str) -> bool:
    """Tell whether a line is a short subhead standing alone ("强化政治引领")."""
    # A subhead is one phrase: short, and without the clause punctuation that a paragraph
    # cut at its first column line ("近日，法院干警走进社区，向群众讲解民法") carries.
    return (
        len(text) <= rules.MAX_SUBHEAD_CHARS
        and not ends_paragraph(text)
        and not any(char in rules.CLAUSE_PUNCTUATION for char in text)
    )


def _looks_like_dropped_caption(line: Line, following: Line) -> bool:
    """Tell whether a line inside a cut paragraph is a caption dropped between its halves."""
    text = line.text
    if not rules.MIN_CAPTION_CHARS <= len(text) <= rules.MAX_CAPTION_CHARS:
        return False
    # With no second half after it, the line ends the paragraph ("……气氛热" / "烈。").
    if _looks_like_subhead(following.text):
        return False
    single_clause = not any(char in rules.CLAUSE_PUNCTUATION for char in text[:-1])
    return single_clause or line.blank_before >= rules.LAYOUT_GAP_BLANK_LINES
