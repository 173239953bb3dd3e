"""Turn the plain-text dump of a print page into stories, without Django.

A page dump holds several stories one after another. Each story opens with an optional
overline (引题), a headline, an optional deck starting with "——", and a byline block, or a
lead-in such as "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）" at the start of its
first paragraph. The layout cuts paragraphs at column boundaries, sometimes mid-word, and may
drop a photo caption between the two halves; the parser rejoins them and keeps the caption
as its own block after the rejoined paragraph.

Everything uncertain is reported as a Chinese warning for the journalist who checks the
draft, never silently guessed away. The conventions themselves live in ``rules``.
"""

from __future__ import annotations

import codecs
import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from articles.ingest import rules

__all__ = [
    "EmptyPageError",
    "PageDecodeError",
    "PageInputError",
    "ParsedByline",
    "ParsedCaption",
    "ParsedPage",
    "ParsedParagraph",
    "ParsedStory",
    "decode_page",
    "decode_page_with_encoding",
    "parse_byline",
    "parse_page",
    "render_blocks_html",
]


# --- Errors -------------------------------------------------------------------------------


class PageInputError(ValueError):
    """The uploaded page cannot be read as text."""


class EmptyPageError(PageInputError):
    """The uploaded page holds no text at all."""


class PageDecodeError(PageInputError):
    """The uploaded page is binary or in an encoding the importer does not read."""


# --- Results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedByline:
    """One person credited on a story, with the role printed before the name."""

    name: str
    role: str  # canonical role word, "" when the page prints names without roles
    position: int  # order on the page, from 0
    suffix: str = ""  # role word printed after the name: "文/图", or "摄" on photo credits


@dataclass(frozen=True)
class ParsedParagraph:
    """A body paragraph, with column breaks rejoined."""

    text: str


@dataclass(frozen=True)
class ParsedCaption:
    """A photo caption, kept where the photo sits in the body."""

    text: str
    credit: str = ""  # photographer credit as printed, e.g. "本报记者 王五 摄"
    photographers: list[ParsedByline] = field(default_factory=list)


Block = ParsedParagraph | ParsedCaption


@dataclass(frozen=True)
class ParsedStory:
    """One story found on the page."""

    headline: str
    overline: str = ""
    deck: str = ""
    lead_in: str = ""  # "湖南法治报讯", "本报讯", or "" when the story has none
    lead_in_text: str = ""  # the lead-in exactly as printed: "湖南法治报讯（全媒体记者 伏志勇）"
    bylines: list[ParsedByline] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[ParsedParagraph]:
        """Return the body paragraphs without the captions."""
        return [block for block in self.blocks if isinstance(block, ParsedParagraph)]

    @property
    def captions(self) -> list[ParsedCaption]:
        """Return the photo captions in page order."""
        return [block for block in self.blocks if isinstance(block, ParsedCaption)]

    @property
    def photo_credits(self) -> list[str]:
        """Return the names credited for photos: "文/图" and photographer bylines, then captions."""
        names = [
            byline.name
            for byline in self.bylines
            if byline.role in rules.PHOTO_ROLES or byline.suffix in rules.PHOTO_ROLES
        ]
        names += [p.name for caption in self.captions for p in caption.photographers]
        return list(dict.fromkeys(names))


@dataclass(frozen=True)
class ParsedPage:
    """All stories found on one page, and what could not be placed."""

    stories: list[ParsedStory] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- Decoding -----------------------------------------------------------------------------

_CONTROL_OR_PRIVATE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
# Share of control, private-use or replacement characters above which text is not a page.
_MAX_GARBAGE_RATIO = 0.01
# A file whose non-ASCII part is at least this share valid UTF-8 is damaged UTF-8, not GBK.
_DAMAGED_UTF8_RATIO = 0.9


def decode_page(data: bytes) -> str:
    """Decode an uploaded page: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    return decode_page_with_encoding(data)[0]


def decode_page_with_encoding(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Decode an uploaded page and return (text, encoding used); "auto" detects the encoding."""
    if not data or not data.strip():
        raise EmptyPageError("文件是空的，没有可导入的内容。")
    if encoding != "auto":
        text = _decode_as(data, encoding)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PageDecodeError("文件声明为 UTF-16 编码，但内容已损坏，无法解码。") from exc
    else:
        if b"\x00" in data:
            raise PageDecodeError("文件包含二进制数据（空字节），不是纯文本的版面文件。")
        text, encoding = _decode_utf8_or_gb18030(data)
    if not text.strip():
        raise EmptyPageError("文件中只有空白，没有可导入的内容。")
    garbage = len(_CONTROL_OR_PRIVATE.findall(text))
    if garbage > _MAX_GARBAGE_RATIO * len(text):
        raise PageDecodeError("文件中有大量控制字符或乱码，看起来不是纯文本的版面文件。")
    return text.removeprefix("\ufeff"), encoding


def _decode_as(data: bytes, encoding: str) -> str:
    """Decode with the encoding the uploader named, refusing unknown names and bad bytes."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise PageDecodeError(
            f"不认识的编码名称“{encoding}”，请使用 utf-8、gb18030 或 auto。"
        ) from exc
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        raise PageDecodeError(
            f"文件不是 {encoding} 编码：第 {exc.start} 字节处无法解码。可改用自动识别（auto）。"
        ) from exc


def _decode_utf8_or_gb18030(data: bytes) -> tuple[str, str]:
    """Decode as UTF-8, else GB18030, refusing to turn damaged UTF-8 into mojibake."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if _looks_like_damaged_utf8(data):
            raise PageDecodeError(
                f"文件是 UTF-8 编码，但第 {utf8_error.start} 字节处已损坏，无法解码。"
                "请重新导出版面文本。"
            ) from utf8_error
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            raise PageDecodeError(
                "无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK 编码的文本。"
            ) from gb_error


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """Tell UTF-8 with a few bad bytes from text in a GB encoding."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    non_ascii = sum(1 for char in decoded if ord(char) > 0x7F)
    return non_ascii > 0 and (non_ascii - bad) >= _DAMAGED_UTF8_RATIO * non_ascii


# --- Compiled rules -----------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME_CHARS = _CJK + "·•"


@dataclass(frozen=True)
class _Patterns:
    """Regular expressions compiled from ``rules`` for one set of publication names."""

    publications: tuple[str, ...]
    role: re.Pattern[str]
    lead_in: re.Pattern[str]
    credit_with_role: re.Pattern[str]
    credit_names_only: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    """Build a regex alternation that prefers longer words."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=16)
def _patterns(publications: tuple[str, ...]) -> _Patterns:
    """Compile the rules for the given publication names."""
    roles = _alternation([*rules.ROLES, *rules.ROLE_ALIASES])
    named = _alternation(publications) if publications else r"(?!)"
    # Another paper's name must start a token; the configured names may run into the text.
    generic = rf"(?<![{_CJK}]){rules.GENERIC_PUBLICATION_PATTERN}"
    publication = rf"(?:{named}|{generic})"
    # The publication is optional and tried last, so "本报记者" stays one role word, and is
    # only taken at the start of a token, so a name run into a role is never read as a paper.
    role = re.compile(rf"(?:(?<!\S)(?P<pub>{publication}))??(?P<role>{roles})")
    own = re.escape(rules.OWN_PAPER_LEAD_IN_PUBLICATION)
    verbs = _alternation(rules.LEAD_IN_VERBS)
    lead_in = re.compile(
        rf"(?P<lead>(?:(?P<known>{named}|{own})|{rules.GENERIC_PUBLICATION_PATTERN})"
        rf"(?P<place>[^\s（()）“”，。、；：]{{0,{rules.MAX_LEAD_IN_PLACE_CHARS}}}?)(?:{verbs}))"
        r"(?:\s*[（(](?P<inner>[^（()）]{1,120})[）)])?"
        r"(?P<space>\s*)"
    )
    names = rf"[{_CJK}][{_NAME_CHARS}]{{1,3}}(?:\s+[{_CJK}][{_NAME_CHARS}]{{1,3}}){{0,5}}"
    credit = re.escape(rules.PHOTO_CREDIT_SUFFIX)
    credit_with_role = re.compile(
        rf"(?P<credit>(?:{publication})??(?:{roles})\s*{names}\s*[/／]?\s*{credit})$"
    )
    credit_names_only = re.compile(
        rf"(?:^|(?<=[\s。！？…，、；：”’）)]))(?P<credit>{names}(?:\s+|\s*[/／]\s*){credit})$"
    )
    return _Patterns(publications, role, lead_in, credit_with_role, credit_names_only)


# --- Bylines ------------------------------------------------------------------------------


def parse_byline(
    text: str,
    publications: Sequence[str] = rules.DEFAULT_PUBLICATIONS,
    *,
    allow_names_only: bool = False,
) -> list[ParsedByline] | None:
    """Parse one byline line ("湖南法治报全媒体记者 王薇"), or return None if it is not one."""
    result = _parse_byline(text, _patterns(tuple(publications)), allow_names_only)
    return None if result is None else result[0]


_NOT_IN_BYLINE = re.compile("[。！？；：“”]")


def _parse_byline(
    text: str, patterns: _Patterns, allow_names_only: bool, start: int = 0
) -> tuple[list[ParsedByline], list[str]] | None:
    """Parse a byline into people and warnings, or return None if the text is not a byline."""
    text = text.strip().lstrip(rules.BULLET_GLYPHS).strip()
    if text[:1] in "（(" and text[-1:] in "）)":
        text = text[1:-1].strip()
    if not text or len(text) > rules.MAX_BYLINE_CHARS:
        return None
    if _NOT_IN_BYLINE.search(text) or text[-1] in rules.CLAUSE_PUNCTUATION:
        return None
    matches = list(patterns.role.finditer(text))
    if not matches and not allow_names_only:
        return None

    # Tokens in order: ("role", canonical role) or ("names", [names]).
    tokens: list[tuple[str, str | list[str]]] = []
    warnings: list[str] = []
    cursor = 0
    for match in matches:
        before = text[cursor : match.start()]
        if before.strip():
            names = _split_names(before, warnings)
            if names is None:
                return None
            tokens.append(("names", names))
        word = match.group("role")
        tokens.append(("role", rules.ROLE_ALIASES.get(word, word)))
        cursor = match.end()
    if text[cursor:].strip():
        names = _split_names(text[cursor:], warnings)
        if names is None:
            return None
        tokens.append(("names", names))

    has_role = any(kind == "role" for kind, _ in tokens)
    if not has_role and not allow_names_only:
        return None

    people: list[tuple[str, str, str]] = []  # (name, role, suffix)
    role = ""
    group_start = 0  # index in people where the current role's names start
    for index, (kind, value) in enumerate(tokens):
        if kind == "names":
            people.extend((name, role, "") for name in value)
            continue
        assert isinstance(value, str)
        next_is_names = index + 1 < len(tokens) and tokens[index + 1][0] == "names"
        previous_is_names = index > 0 and tokens[index - 1][0] == "names"
        if value in rules.SUFFIX_ROLES and previous_is_names and not next_is_names:
            # "记者 张三 文/图": the suffix qualifies the names just before it.
            people[group_start:] = [
                (name, old_role or value, value if old_role else "")
                for name, old_role, _ in people[group_start:]
            ]
            continue
        if not next_is_names:
            return None  # a role with nobody after it is not a byline
        role = value
        group_start = len(people)
    if not people:
        return None

    bylines = [
        ParsedByline(name=name, role=role, position=start + offset, suffix=suffix)
        for offset, (name, role, suffix) in enumerate(people)
    ]
    return bylines, warnings


_NAME_SPLIT = re.compile(rf"[\s{re.escape(rules.NAME_SEPARATORS)}]+")
_NAME_RUN = re.compile(rf"[{_CJK}][{_NAME_CHARS}]*")


def _split_names(text: str, warnings: list[str]) -> list[str] | None:
    """Split the names after a role word, or return None if they are not names."""
    chunks = [chunk for chunk in _NAME_SPLIT.split(text) if chunk]
    # Print pads two-character names to the width of three: "王  薇" is one name.
    merged: list[str] = []
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        if len(chunk) == 1 and index + 1 < len(chunks) and len(chunks[index + 1]) == 1:
            chunk += chunks[index + 1]
            index += 1
        merged.append(chunk)
        index += 1

    names: list[str] = []
    for chunk in merged:
        if not _NAME_RUN.fullmatch(chunk) or any(word in chunk for word in rules.NOT_NAMES):
            return None
        # Transliterated names ("阿依古丽·买买提") are longer but carry a middle dot.
        longest = rules.NAME_RUN_MAX_CHARS * (2 if "·" in chunk else 1)
        if len(chunk) < rules.NAME_MIN_CHARS or len(chunk) > longest:
            return None
        if len(chunk) > rules.NAME_MAX_CHARS and "·" not in chunk:
            warnings.append(f"拆分不确定：署名“{chunk}”可能是几个人的名字连在一起，请核对。")
        names.append(chunk)
    return names


# --- Lines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A non-blank line of the page, with the blank lines that came before it."""

    text: str
    number: int  # 1-based line number in the page, for messages
    blank_before: int


def _split_lines(text: str) -> list[_Line]:
    """Split the page into non-blank, trimmed lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines: list[_Line] = []
    blanks = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ").strip()
        if not stripped:
            blanks += 1
            continue
        lines.append(_Line(stripped, number, blanks))
        blanks = 0
    return lines


_PAGE_FURNITURE = re.compile("|".join(f"(?:{p})" for p in rules.PAGE_FURNITURE_PATTERNS))


def _drop_page_furniture(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Separate date lines, page labels and page editor credits from the stories' lines."""
    kept: list[_Line] = []
    dropped: list[_Line] = []
    for line in lines:
        furniture = len(line.text) <= rules.MAX_FURNITURE_CHARS and _PAGE_FURNITURE.match(line.text)
        (dropped if furniture else kept).append(line)
    return kept, dropped


def _ends_paragraph(text: str) -> bool:
    """Tell whether a line ends with the punctuation that closes a paragraph."""
    if not text:
        return True
    if text[-1] in rules.PARAGRAPH_END_CHARS:
        return True
    if text[-1] in rules.CLOSING_CHARS:
        inner = text.rstrip(rules.CLOSING_CHARS)
        return bool(inner) and inner[-1] in rules.PARAGRAPH_END_CHARS
    return False


def _is_deck(text: str) -> bool:
    """Tell whether a line is a deck (副题) starting with a dash."""
    return text.startswith(rules.DECK_PREFIXES) and len(text) <= rules.MAX_DECK_CHARS


def _strip_deck(text: str) -> str:
    """Remove the leading dashes of a deck."""
    for prefix in sorted(rules.DECK_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix):
            return text[len(prefix) :].lstrip("—─－- ").strip()
    return text


def _has_caption_prefix(text: str) -> bool:
    """Tell whether a line opens like a photo caption ("图为……")."""
    return text.startswith(rules.CAPTION_PREFIXES)


def _split_photo_credit(text: str, patterns: _Patterns) -> tuple[str, str] | None:
    """Split "…… 本报记者 王五 摄" into caption text and credit, or return None."""
    suffix = rules.PHOTO_CREDIT_SUFFIX
    tail_length = rules.MAX_BYLINE_CHARS
    if text.endswith((suffix + "）", suffix + ")")):
        opening = max(text.rfind("（"), text.rfind("("))
        if opening == -1:
            return None
        inner = text[opening + 1 : -1].strip()
        if patterns.credit_with_role.fullmatch(inner) or patterns.credit_names_only.fullmatch(
            inner
        ):
            return text[:opening].rstrip(), inner
        return None
    if not text.endswith(suffix):
        return None
    offset = max(0, len(text) - tail_length)
    tail = text[offset:]
    match = patterns.credit_with_role.search(tail) or patterns.credit_names_only.search(tail)
    if match is None:
        return None
    start = offset + match.start("credit")
    return text[:start].rstrip(), text[start:].strip()


# A headline-shaped line never ends like a sentence or a clause; ！ and ？ are decided apart.
_NOT_HEADLINE_ENDINGS = frozenset(rules.PARAGRAPH_END_CHARS + "，,、") - frozenset("！？!?")


# --- Page structure -----------------------------------------------------------------------


@dataclass
class _Header:
    """Where a story starts on the page and which lines form its head."""

    start: int
    body_start: int
    overline: int | None = None
    headline: int | None = None
    decks: list[int] = field(default_factory=list)
    bylines: list[int] = field(default_factory=list)


class _PageReader:
    """Classify the lines of one page and cut it into stories."""

    def __init__(self, lines: list[_Line], patterns: _Patterns) -> None:
        self.lines = lines
        self.patterns = patterns
        # Every line is classified once, up front: trying story heads asks about the same
        # lines again and again, and the page must stay linear in its number of lines.
        self.bylines: list[tuple[list[ParsedByline], list[str]] | None] = []
        self.lead_ins: list[bool] = []
        self.caption_cues: list[bool] = []
        self.credit_lines: list[bool] = []
        self.decks: list[bool] = []
        self.headline_shaped: list[bool] = []  # may end with ！ or ？
        self.plain_headline_shaped: list[bool] = []  # ends with no punctuation at all
        for line in lines:
            self._classify(line.text)

    def _classify(self, text: str) -> None:
        """Append the classification of one line."""
        short = len(text) <= rules.MAX_BYLINE_CHARS + 2
        cue = _has_caption_prefix(text) or (
            len(text) <= rules.MAX_CUED_CAPTION_CHARS
            and _split_photo_credit(text, self.patterns) is not None
        )
        byline = (
            _parse_byline(text, self.patterns, allow_names_only=False)
            if short and not cue
            else None
        )
        lead_in = self.lead_in(text) is not None
        credit = (
            short
            and text[:1] in "（("
            and text[-1:] in "）)"
            and (
                byline is not None
                or _parse_byline(text, self.patterns, allow_names_only=True) is not None
            )
        )
        deck = _is_deck(text)
        self.bylines.append(byline)
        self.lead_ins.append(lead_in)
        self.caption_cues.append(cue)
        self.credit_lines.append(credit)
        self.decks.append(deck)

        shaped = (
            rules.MAX_HEADLINE_CHARS >= len(text) >= 2
            and "。" not in text
            and text[-1] not in _NOT_HEADLINE_ENDINGS
            and not (text[0] in "（(" and text[-1] in "）)")  # "（完）", "（上接A1版）"
            and not (deck or cue or byline or lead_in or credit)
        )
        self.headline_shaped.append(shaped)
        self.plain_headline_shaped.append(shaped and text[-1] not in "！？!?")

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
            _ends_paragraph(self.lines[previous].text)
            or self.credit_lines[previous]
            or self.caption_cues[previous]
            or self.bylines[previous] is not None
            or self.decks[previous]
        )

    # Story heads.

    def head_after(self, headline: int) -> _Header:
        """Collect the deck and byline lines that follow a headline."""
        header = _Header(start=headline, body_start=headline + 1, headline=headline)
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

    def has_strong_head(self, header: _Header) -> bool:
        """Tell whether a headline is confirmed by a deck, a byline block or a lead-in."""
        body_start = header.body_start
        return bool(
            header.decks
            or header.bylines
            or (body_start < len(self.lines) and self.lead_ins[body_start])
        )

    def header_at(self, index: int, *, page_start: bool) -> _Header | None:
        """Return the head of a story starting at ``index``, or None if none starts there."""
        lines = self.lines
        weak_context = page_start or (index > 0 and self.credit_lines[index - 1])
        if self.lead_ins[index]:
            # A lead-in without a headline line before it still opens a story.
            if self.closes_previous(index):
                return _Header(start=index, body_start=index)
            return None
        if not self.is_headline_candidate(index):
            return None
        header = self.head_after(index)
        if self.has_strong_head(header):
            return header
        # Overline + headline: two headline-shaped lines, the second confirmed.
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
                second.start = index
                second.overline = index
                return second
        # Without byline or deck, only where a story must start: the top of the page, or
        # right after the credits that close the previous story.
        if (
            weak_context
            and self.is_headline_candidate(index, strict=True)
            and header.body_start < len(lines)
            and not self.is_headline_candidate(header.body_start)
        ):
            return header
        return None

    def find_headers(self) -> list[_Header]:
        """Find where each story starts, in page order."""
        headers: list[_Header] = []
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


# --- Story bodies -------------------------------------------------------------------------


class _StoryBuilder:
    """Build one story from its head and body lines."""

    def __init__(self, reader: _PageReader, header: _Header, end: int) -> None:
        self.reader = reader
        self.patterns = reader.patterns
        self.header = header
        self.body = reader.lines[header.body_start : end]
        self.warnings: list[str] = []
        self.bylines: list[ParsedByline] = []
        self.lead_in = ""

    def add_bylines(self, text: str, *, allow_names_only: bool) -> bool:
        """Parse a byline and append its people; return False if it is not a byline."""
        result = _parse_byline(text, self.patterns, allow_names_only, start=len(self.bylines))
        if result is None:
            return False
        people, warnings = result
        self.bylines.extend(people)
        self.warnings.extend(warnings)
        return True

    def build(self) -> ParsedStory:
        """Return the parsed story."""
        lines = self.reader.lines
        header = self.header
        headline = lines[header.headline].text if header.headline is not None else ""
        overline = lines[header.overline].text if header.overline is not None else ""
        deck = "".join(_strip_deck(lines[index].text) for index in header.decks)
        for index in header.bylines:
            people, warnings = self.reader.bylines[index] or ([], [])
            start = len(self.bylines)
            self.bylines.extend(
                ParsedByline(p.name, p.role, start + p.position, p.suffix) for p in people
            )
            self.warnings.extend(warnings)

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
        unroled = [byline.name for byline in self.bylines if not byline.role]
        if unroled:
            self.warnings.append(f"署名未注明身份（记者或通讯员）：{'、'.join(unroled)}。")
        if not any(isinstance(block, ParsedParagraph) for block in blocks):
            self.warnings.append("稿件没有正文。")
        return ParsedStory(
            headline=headline,
            overline=overline,
            deck=deck,
            lead_in=self.lead_in,
            bylines=self.bylines,
            blocks=blocks,
            warnings=self.warnings,
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

    def take_lead_in(self, texts: list[_Line]) -> list[_Line]:
        """Move the lead-in and its parenthesised bylines out of the first paragraph."""
        if not texts:
            return texts
        first = texts[0]
        match = self.reader.lead_in(first.text)
        if match is None:
            return texts
        inner = match.group("inner")
        rest = first.text[match.end() :]
        if inner is not None and not self.add_bylines(inner, allow_names_only=True):
            # Not a byline after all: keep the parenthesis in the text for a person to read.
            self.warnings.append(f"导语括号中的内容无法识别为署名：“{inner}”，已保留在正文中。")
            rest = first.text[match.end("lead") :].lstrip()
        self.lead_in = match.group("lead")
        if not rest:
            return texts[1:]
        return [_Line(rest, first.number, first.blank_before), *texts[1:]]

    def take_end_credits(self, texts: list[_Line]) -> list[_Line]:
        """Move credits printed at the end of the story ("（记者 张三 实习生 李四）") to bylines."""
        last_text = max(
            (i for i, line in enumerate(texts) if not self._is_caption_text(line.text)),
            default=-1,
        )
        kept: list[_Line] = []
        for index, line in enumerate(texts):
            text = line.text
            is_last = index == last_text
            # A parenthesised line of people after the opening is a credit; names without
            # roles count only on the last line, to spare a "（张三 李四）" inside the text.
            if (
                index > 0
                and text[:1] in "（("
                and text[-1:] in "）)"
                and self.add_bylines(text, allow_names_only=is_last)
            ):
                continue
            # A bare credit line closing the story: "文/图 张三", "编辑 李四".
            previous_closed = bool(kept) and _ends_paragraph(kept[-1].text)
            if is_last and previous_closed and self.add_bylines(text, allow_names_only=False):
                continue
            kept.append(self._strip_trailing_credit(line) if is_last else line)
        return kept

    def _strip_trailing_credit(self, line: _Line) -> _Line:
        """Remove credits run onto the last paragraph: "……。（记者 张三）"."""
        text = line.text
        if text[-1:] not in "）)":
            return line
        opening = max(text.rfind("（"), text.rfind("("))
        if opening <= 0 or not _ends_paragraph(text[:opening].rstrip()):
            return line
        if not self.add_bylines(text[opening:], allow_names_only=False):
            return line
        return _Line(text[:opening].rstrip(), line.number, line.blank_before)

    def _is_caption_text(self, text: str) -> bool:
        """Tell whether a body line carries an explicit caption cue."""
        return _has_caption_prefix(text) or _split_photo_credit(text, self.patterns) is not None

    def caption(self, text: str) -> ParsedCaption | None:
        """Return a caption for a line with an explicit caption cue, or None."""
        if len(text) > rules.MAX_CUED_CAPTION_CHARS:
            return None
        split = _split_photo_credit(text, self.patterns)
        if split is not None:
            caption_text, credit = split
            people = credit.removesuffix(rules.PHOTO_CREDIT_SUFFIX).rstrip(" /／")
            result = _parse_byline(people, self.patterns, allow_names_only=True)
            photographers = [
                ParsedByline(p.name, p.role, p.position, rules.PHOTO_CREDIT_SUFFIX)
                for p in (result[0] if result else [])
            ]
            return ParsedCaption(caption_text, credit=credit, photographers=photographers)
        if _has_caption_prefix(text):
            return ParsedCaption(text)
        return None

    def join_blocks(self, texts: list[_Line]) -> list[Block]:
        """Rejoin paragraphs cut at column breaks and place captions after them."""
        blocks: list[Block] = []
        parts: list[str] = []  # pieces of the paragraph still open
        pending: list[ParsedCaption] = []  # captions found inside the open paragraph

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
                    continue
                if following is not None and _looks_like_dropped_caption(line):
                    pending.append(ParsedCaption(text))
                    if line.blank_before < rules.LAYOUT_GAP_BLANK_LINES:
                        self.warnings.append(
                            f"拆分不确定：第 {line.number} 行“{text}”夹在被分栏截断的段落中间，"
                            "已按图片说明处理，也可能是段落的一部分，请核对。"
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
            if _ends_paragraph(text):
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
        and not _ends_paragraph(text)
        and not any(char in rules.CLAUSE_PUNCTUATION for char in text)
    )


def _looks_like_dropped_caption(line: _Line) -> bool:
    """Tell whether a line inside a cut paragraph is a caption dropped between its halves."""
    text = line.text
    if len(text) > rules.MAX_CAPTION_CHARS:
        return False
    single_clause = not any(char in rules.CLAUSE_PUNCTUATION for char in text[:-1])
    return single_clause or line.blank_before >= rules.LAYOUT_GAP_BLANK_LINES


# --- Entry points -------------------------------------------------------------------------


def parse_page(text: str, publications: Sequence[str] = rules.DEFAULT_PUBLICATIONS) -> ParsedPage:
    """Split a page's text into stories with heads, bylines, paragraphs and captions."""
    lines, furniture = _drop_page_furniture(_split_lines(text))
    warnings: list[str] = [
        f"已忽略版面信息：第 {line.number} 行“{line.text}”。" for line in furniture
    ]
    if not lines:
        return ParsedPage(stories=[], warnings=[*warnings, "页面没有文字内容。"])
    reader = _PageReader(lines, _patterns(tuple(publications)))
    headers = reader.find_headers()
    if not headers:
        warnings.append("未识别出任何稿件：没有找到“标题 + 署名/副题/导语”的结构，请检查文件。")
        return ParsedPage(stories=[], warnings=warnings)

    if headers[0].start > 0:
        first, last = lines[0], lines[headers[0].start - 1]
        warnings.append(
            f"第 {first.number}–{last.number} 行不属于任何稿件，未导入：“{first.text[:20]}……”。"
        )
    ends = [header.start for header in headers[1:]] + [len(lines)]
    stories = [
        _StoryBuilder(reader, header, end).build()
        for header, end in zip(headers, ends, strict=True)
    ]
    return ParsedPage(stories=stories, warnings=warnings)


def render_blocks_html(blocks: Sequence[Block]) -> str:
    """Render body blocks as HTML: paragraphs as <p>, captions as image placeholders."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, ParsedCaption):
            caption = " ".join(part for part in (block.text, block.credit) if part)
            parts.append(
                '<figure class="image-placeholder">'
                f"<figcaption>{html.escape(caption, quote=False)}</figcaption></figure>"
            )
        else:
            parts.append(f"<p>{html.escape(block.text, quote=False)}</p>")
    return "\n".join(parts)
