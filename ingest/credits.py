"""Read the credits of a print story: bylines, lead-ins and photographers, without Django.

A credit is read as printed and never completed: a name printed without a role gets no role
(``""``, for a person to fill in), "文/图" stays on the name it follows, and a unit printed
before names ("（宜良县法院 李翠花）") is the unit of those names, not a name. The parser asks
here whether a line is a byline, where a lead-in ends and which part of a caption is its
photographer's credit; the conventions come from ``rules``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest import rules

__all__ = [
    "CJK",
    "ParsedByline",
    "Patterns",
    "has_caption_prefix",
    "is_name_line",
    "looks_like_names",
    "parse_byline",
    "parse_credit",
    "patterns_for",
    "split_photo_credit",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NAME_CHARS = CJK + "·•"


@dataclass(frozen=True)
class ParsedByline:
    """One person credited on a story, with the role printed before the name."""

    name: str
    role: str  # canonical role word, "" when the page prints names without roles
    position: int  # order on the page, from 0
    suffix: str = ""  # role word printed after the name: "文/图", or "摄" on photo credits
    unit: str = ""  # unit printed before the name in a credit: "宜良县法院"


# --- Compiled rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class Patterns:
    """Regular expressions compiled from ``rules`` for one set of publication names."""

    publications: tuple[str, ...]
    role: re.Pattern[str]
    lead_in: re.Pattern[str]
    fused_credits: re.Pattern[str]
    credit_with_role: re.Pattern[str]
    credit_names_only: re.Pattern[str]


def _alternation(words: Sequence[str]) -> str:
    """Build a regex alternation that prefers longer words."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=16)
def patterns_for(publications: tuple[str, ...]) -> Patterns:
    """Compile the rules for the given publication names."""
    roles = _alternation([*rules.ROLES, *rules.ROLE_ALIASES])
    named = _alternation(publications) if publications else r"(?!)"
    # Another paper's name must start a token; the configured names may run into the text.
    generic = rf"(?<![{CJK}]){rules.GENERIC_PUBLICATION_PATTERN}"
    publication = rf"(?:{named}|{generic})"
    # The publication is optional and tried last, so "本报记者" stays one role word, and is
    # only taken at the start of a token, so a name run into a role is never read as a paper.
    role = re.compile(rf"(?:(?<!\S)(?P<pub>{publication}))??(?P<role>{roles})")
    own = re.escape(rules.OWN_PAPER_LEAD_IN_PUBLICATION)
    verbs = _alternation(rules.LEAD_IN_VERBS)
    prefixes = _alternation(rules.LEAD_IN_PREFIXES)
    lead_in = re.compile(
        rf"(?P<lead>(?:{prefixes})?(?:(?P<known>{named}|{own})|{rules.GENERIC_PUBLICATION_PATTERN})"
        rf"(?P<place>[^\s（()）“”，。、；：]{{0,{rules.MAX_LEAD_IN_PLACE_CHARS}}}?)(?:{verbs}))"
        r"(?:\s*[（(](?P<inner>[^（()）]{1,120})[）)])?"
        r"(?P<space>\s*)"
    )
    # "本报北京5月31日讯 记者袁定波 记者今天……": role and name run together, then a space.
    fused_credits = re.compile(
        rf"(?:(?:{publication})??(?:{roles})[{CJK}][{_NAME_CHARS}]{{1,3}}\s+)+"
    )
    names = rf"[{CJK}][{_NAME_CHARS}]{{1,3}}(?:\s+[{CJK}][{_NAME_CHARS}]{{1,3}}){{0,5}}"
    credit = re.escape(rules.PHOTO_CREDIT_SUFFIX)
    credit_with_role = re.compile(
        rf"(?P<credit>(?:{publication})??(?:{roles})\s*{names}\s*[/／]?\s*{credit})$"
    )
    credit_names_only = re.compile(
        rf"(?:^|(?<=[\s。！？…，、；：”’）)]))(?P<credit>{names}(?:\s+|\s*[/／]\s*){credit})$"
    )
    return Patterns(publications, role, lead_in, fused_credits, credit_with_role, credit_names_only)


# --- Bylines ------------------------------------------------------------------------------


def parse_byline(
    text: str,
    publications: Sequence[str] = rules.DEFAULT_PUBLICATIONS,
    *,
    allow_names_only: bool = False,
) -> list[ParsedByline] | None:
    """Parse one byline line ("湖南法治报全媒体记者 王薇"), or return None if it is not one."""
    result = parse_credit(text, patterns_for(tuple(publications)), allow_names_only)
    return None if result is None else result[0]


_NOT_IN_BYLINE = re.compile("[。！？；：“”]")


def parse_credit(
    text: str, patterns: Patterns, allow_names_only: bool, start: int = 0
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

    # Tokens in order: ("role", canonical role) or ("names", [(name, unit)]).
    tokens: list[tuple[str, object]] = []
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

    people: list[tuple[str, str, str, str]] = []  # (name, role, suffix, unit)
    role = ""
    group_start = 0  # index in people where the current role's names start
    for index, (kind, value) in enumerate(tokens):
        if kind == "names":
            assert isinstance(value, list)
            people.extend((name, role, "", unit) for name, unit in value)
            continue
        assert isinstance(value, str)
        next_is_names = index + 1 < len(tokens) and tokens[index + 1][0] == "names"
        previous_is_names = index > 0 and tokens[index - 1][0] == "names"
        if value in rules.SUFFIX_ROLES and previous_is_names and not next_is_names:
            # "记者 张三 文/图": the suffix qualifies the names just before it.
            people[group_start:] = [
                (name, old_role or value, value if old_role else "", unit)
                for name, old_role, _, unit in people[group_start:]
            ]
            continue
        if not next_is_names:
            return None  # a role with nobody after it is not a byline
        role = value
        group_start = len(people)
    if not people:
        return None

    bylines = [
        ParsedByline(name=name, role=role, position=start + offset, suffix=suffix, unit=unit)
        for offset, (name, role, suffix, unit) in enumerate(people)
    ]
    return bylines, warnings


_NAME_SPLIT = re.compile(rf"[\s{re.escape(rules.NAME_SEPARATORS)}]+")
_NAME_RUN = re.compile(rf"[{CJK}][{_NAME_CHARS}]*")
_UNIT = re.compile(rf"[{CJK}]{{1,16}}(?:{_alternation(rules.UNIT_SUFFIXES)})")


def _split_names(text: str, warnings: list[str]) -> list[tuple[str, str]] | None:
    """Split the names after a role word into (name, unit), or return None if not names."""
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

    names: list[tuple[str, str]] = []
    unit = ""
    for chunk in merged:
        if _UNIT.fullmatch(chunk) and not names:
            unit = chunk  # "（宜良县法院 李翠花）": the unit of the names after it
            continue
        if not _NAME_RUN.fullmatch(chunk) or any(word in chunk for word in rules.NOT_NAMES):
            return None
        # Transliterated names ("阿依古丽·买买提") are longer but carry a middle dot.
        longest = rules.NAME_RUN_MAX_CHARS * (2 if "·" in chunk else 1)
        if len(chunk) < rules.NAME_MIN_CHARS or len(chunk) > longest:
            return None
        if len(chunk) > rules.NAME_MAX_CHARS and "·" not in chunk:
            warnings.append(f"拆分不确定：署名“{chunk}”可能是几个人的名字连在一起，请核对。")
        names.append((chunk, unit))
    return names or None


_NAME_LINE = re.compile(rf"[{CJK}]{{2,4}}(?:[ \u3000]+[{CJK}]{{2,4}}){{0,2}}")


def is_name_line(text: str) -> bool:
    """Tell whether a line is one to three names alone, each with a common surname ("齐琪")."""
    if not _NAME_LINE.fullmatch(text) or any(word in text for word in rules.NOT_NAMES):
        return False
    return all(name.startswith(rules.COMMON_SURNAMES) for name in re.split(r"[ \u3000]+", text))


def looks_like_names(people: Sequence[ParsedByline]) -> bool:
    """Tell whether credits printed without roles are names: each starts with a surname."""
    return all(
        person.role or "·" in person.name or person.name.startswith(rules.COMMON_SURNAMES)
        for person in people
    )


# --- Captions -----------------------------------------------------------------------------


def has_caption_prefix(text: str) -> bool:
    """Tell whether a line opens like a photo caption ("图为……")."""
    return text.startswith(rules.CAPTION_PREFIXES)


def split_photo_credit(text: str, patterns: Patterns) -> tuple[str, str] | None:
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
