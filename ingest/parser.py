"""Turn the plain-text dump of a print page into stories, without Django.

A page dump holds several stories one after another. Each story opens with an optional
overline (引题), a headline, an optional deck (副题, usually starting with "——"), and a byline
block, or a lead-in such as "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）" at the start
of its first paragraph. The layout cuts paragraphs at column boundaries, sometimes mid-word, and
may drop a photo caption between the two halves; the parser rejoins them and keeps the caption
as its own block after the rejoined paragraph.

The page's words are kept as printed: nothing is added (a role that is not printed stays
empty) and nothing is dropped (the lead-in, "文/图", a unit's end note are all kept). Every
guess (a role left empty, a split, a caption, a title line read as overline or deck) is a
``Flag`` that names the printed line it came from, for the journalist who checks the draft.
The conventions themselves live in ``rules``; credits are read by ``credits``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ingest import rules
from ingest.credits import ParsedByline, parse_byline, patterns_for
from ingest.decoding import (
    EmptyPageError,
    PageDecodeError,
    PageInputError,
    decode_page,
    decode_page_with_encoding,
)
from ingest.layout import PageReader
from ingest.lines import drop_page_furniture, split_lines
from ingest.results import (
    Block,
    Flag,
    ParsedCaption,
    ParsedPage,
    ParsedParagraph,
    ParsedStory,
)
from ingest.stories import StoryBuilder

__all__ = [
    "EmptyPageError",
    "Flag",
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


# --- Entry points -------------------------------------------------------------------------


def parse_page(text: str, publications: Sequence[str] = rules.DEFAULT_PUBLICATIONS) -> ParsedPage:
    """Split a page's text into stories with heads, bylines, paragraphs and captions."""
    lines, furniture = drop_page_furniture(split_lines(text))
    warnings: list[str] = [
        f"已忽略版面信息：第 {line.number} 行“{line.text}”。" for line in furniture
    ]
    if not lines:
        return ParsedPage(stories=[], warnings=[*warnings, "页面没有文字内容。"])
    reader = PageReader(lines, patterns_for(tuple(publications)))
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
        StoryBuilder(reader, header, end).build() for header, end in zip(headers, ends, strict=True)
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
