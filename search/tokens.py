"""The one tokeniser: CJK bigrams without a dictionary, shared by indexing and querying.

It follows Lucene's CJKAnalyzer and Elasticsearch's ``cjk`` analyzer:

- Text is NFKC-normalised (full-width ``２０２４`` and ``Ａ３`` become ``2024`` and ``A3``) and
  lower-cased. Anything that is not a letter or a digit separates tokens.
- A run of CJK characters (Han, kana, Hangul) gives overlapping two-character tokens:
  ``法检协作`` → ``法检 检协 协作``. A CJK run of one character is a one-character token.
- Runs of other letters and digits are ordinary tokens: ``A3`` → ``a3``, ``Hello`` → ``hello``.
  A change of script splits a token: ``2024年`` → ``2024 年``, ``A3版`` → ``a3 版``.

One addition to the analyzers above: when indexing, a CJK run of two or more characters also
ends with its last character as a one-character token (``谢燕`` → ``谢燕 燕``). Every character
of the text is then the first character of some token, so a one-character query is a prefix
query (``燕*``) that finds the character wherever it stands, with no second index and no LIKE
scan. The cost is one token per CJK run (runs end at punctuation, about one in ten tokens).

A query term is matched as a phrase of its tokens (consecutive positions). Query tokens follow
the same rules, except that a CJK run ends with its one-character token only where the query
itself goes on after it (``年度2024`` → ``年度 度 2024``: the document must break there too),
and a trailing one-character run is a prefix (``2024年`` → ``2024 年*``: the document may go on
with ``年度``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Scripts that CJK analyzers bigram: Han (with extensions and compatibility ideographs),
# Hiragana, Katakana and Hangul.
CJK_RANGES = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # Han compatibility
    "\U00020000-\U0003134f"  # Han extensions B–G
)
MAX_TOKEN_LENGTH = 60  # longer Latin/digit runs are cut: no real word is longer

# Block-level tags end a run of text; inline tags (<strong>一是</strong>把…) do not.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|figure|figcaption|blockquote|table|tr|td|th|pre)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")


def html_to_text(markup: str) -> str:
    """Return the text of sanitised HTML, with a line break where a block ends."""
    text = _BLOCK_TAG.sub("\n", markup or "")
    return html.unescape(_ANY_TAG.sub("", text))


def fold(text: str) -> tuple[str, list[int]]:
    """Return NFKC-lower-cased text and, for each of its characters, its index in text.

    The map back to the original lets snippets show the story's own characters (full-width
    punctuation stays full-width). Where normalising keeps the length, characters map one to
    one; otherwise each character is normalised on its own to keep the map exact.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char).lower()
        parts.append(normal)
        origin.extend([index] * len(normal))
    return "".join(parts), origin


# A word character is a letter or digit (str.isalnum, which is what [^\W_] means).
_PIECE = re.compile(rf"(?P<cjk>(?:(?=[^\W_])[{CJK_RANGES}])+)|(?:(?![{CJK_RANGES}])[^\W_])+")


@dataclass(frozen=True)
class Piece:
    """A run of one kind in a text: CJK characters or an ordinary word."""

    text: str
    cjk: bool
    followed: bool  # whether another piece follows in the same text


def pieces(folded: str) -> list[Piece]:
    """Split folded text into CJK runs and ordinary words, in order."""
    runs = [(m.group(), m.group("cjk") is not None) for m in _PIECE.finditer(folded)]
    return [
        Piece(run if cjk else run[:MAX_TOKEN_LENGTH], cjk, index < len(runs) - 1)
        for index, (run, cjk) in enumerate(runs)
    ]


def bigrams(run: str) -> list[str]:
    """Return the overlapping two-character tokens of a CJK run (the run itself if shorter)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """Return the tokens to index for plain text, in order."""
    tokens: list[str] = []
    for piece in pieces(unicodedata.normalize("NFKC", text).lower()):
        if piece.cjk:
            tokens.extend(bigrams(piece.text))
            if len(piece.text) > 1:
                tokens.append(piece.text[-1])
        else:
            tokens.append(piece.text)
    return tokens


def index_text(*texts: str) -> str:
    """Return the tokens of several texts as one space-separated string (what the index stores).

    Each text is tokenised on its own, so no token spans two of them (two names, say).
    """
    return " ".join(token for text in texts for token in index_tokens(text))


@dataclass(frozen=True)
class Phrase:
    """A query term as the index sees it: tokens at consecutive positions.

    ``prefix`` marks the last token as a prefix (a trailing one-character CJK run).
    """

    tokens: tuple[str, ...]
    prefix: bool


def query_phrase(term: str) -> Phrase | None:
    """Tokenise one query term the way index_tokens did the story; None if it has no tokens."""
    tokens: list[str] = []
    prefix = False
    parts = pieces(fold(term)[0])
    for piece in parts:
        if piece.cjk:
            if len(piece.text) == 1:
                tokens.append(piece.text)
                prefix = not piece.followed
            else:
                tokens.extend(bigrams(piece.text))
                if piece.followed:
                    tokens.append(piece.text[-1])
        else:
            tokens.append(piece.text)
    return Phrase(tuple(tokens), prefix) if tokens else None


def term_pattern(term: str) -> str | None:
    """Return a regular expression that finds the term in folded text (for highlighting)."""
    parts = pieces(fold(term)[0])
    if not parts:
        return None
    word = rf"[^\W_{CJK_RANGES}]"
    regex = []
    for piece in parts:
        text = re.escape(piece.text)
        regex.append(text if piece.cjk else rf"(?<!{word}){text}(?!{word})")
    return r"[\W_]*".join(regex)
