"""What a reader typed, made safe: terms (AND), quoted phrases, and messages about the input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.tokens import Phrase, query_phrase, term_pattern

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})


@dataclass(frozen=True)
class Term:
    """One ANDed part of the query: its text as typed and its phrase of tokens."""

    text: str
    phrase: Phrase


@dataclass
class SearchQuery:
    """A parsed query. Every part is data for the backends; nothing is passed through raw."""

    text: str
    terms: list[Term] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def patterns(self) -> list[str]:
        """Return regular expressions that find each term in folded text (for highlighting)."""
        found = (term_pattern(term.text) for term in self.terms)
        return [pattern for pattern in found if pattern]


def parse_query(raw: str | None) -> SearchQuery:
    """Split the input into terms: spaces mean AND, double quotes keep a phrase together.

    No character has any other meaning: operators (AND, OR, -, *), SQL and markup are
    searched as the words they contain, so no input can make a query fail.
    """
    text = " ".join((raw or "").split())
    messages = []
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        messages.append(f"搜索词过长，已只用前 {MAX_QUERY_LENGTH} 个字搜索。")
    normalised = text.translate(_QUOTES)
    if normalised.count('"') % 2:
        messages.append("引号不成对，最后一个引号之后的文字按一个词组搜索。")
        normalised += '"'
    parts = []
    for quoted, bare in re.findall(r'"([^"]*)"|([^\s"]+)', normalised):
        parts.append(quoted.strip() if quoted else bare)
    terms = []
    for part in dict.fromkeys(p for p in parts if p):
        phrase = query_phrase(part)
        if phrase is not None:
            terms.append(Term(part, phrase))
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        messages.append(f"搜索词太多，已只用前 {MAX_TERMS} 个。")
    if text and not terms:
        messages.append("搜索词里没有可以检索的文字或数字，请换个说法。")
    return SearchQuery(text=text, terms=terms, messages=messages)
