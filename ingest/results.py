"""What the parser finds on a page: stories with their blocks, credits and flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest import rules
from ingest.credits import ParsedByline

__all__ = [
    "Block",
    "Flag",
    "ParsedByline",
    "ParsedCaption",
    "ParsedPage",
    "ParsedParagraph",
    "ParsedStory",
]


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
class Flag:
    """A guess for a person to confirm, with the printed line it was made on."""

    message: str
    line: int  # 1-based line number in the page
    printed: str  # that line as printed


@dataclass(frozen=True)
class ParsedStory:
    """One story found on the page."""

    headline: str
    overline: str = ""
    deck: str = ""
    lead_in: str = ""  # "湖南法治报讯", "本报讯", or "" when the story has none
    lead_in_text: str = ""  # the lead-in exactly as printed: "湖南法治报讯（全媒体记者 伏志勇）"
    lead_in_gap: str = ""  # the blank printed between the lead-in and the text, if any
    bylines: list[ParsedByline] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)  # the warnings that are guesses, with lines
    end_notes: list[str] = field(default_factory=list)  # "（作者单位：……）" as printed

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
