"""Tests for the print-page parser (pure Python, no database)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.parser import (
    EmptyPageError,
    PageDecodeError,
    ParsedByline,
    ParsedCaption,
    ParsedParagraph,
    decode_page,
    parse_byline,
    parse_page,
    render_blocks_html,
)

EXAMPLE_PAGE = Path(__file__).resolve().parents[2] / "ingest" / "fixtures" / "example_page.txt"


@pytest.fixture(scope="module")
def example_bytes() -> bytes:
    """Return the example page as uploaded (UTF-8)."""
    return EXAMPLE_PAGE.read_bytes()


@pytest.fixture(scope="module")
def example(example_bytes):
    """Return the parsed example page."""
    return parse_page(decode_page(example_bytes))


def _texts(story) -> list[str]:
    """Return the text of every block of a story, captions included."""
    return [block.text for block in story.blocks]


# --- The example page ---------------------------------------------------------------------


def test_example_page_has_two_stories(example):
    assert len(example.stories) == 2
    assert example.warnings == []


def test_example_first_story_head(example):
    story = example.stories[0]
    assert story.overline == ""
    assert story.headline == "以品牌建设赋能高质量发展"
    assert story.deck == "株洲市渌口区法院综合管理党支部党建品牌创建纪实"
    assert story.lead_in == ""


def test_example_first_story_bylines_strip_the_publication(example):
    assert example.stories[0].bylines == [
        ParsedByline("王薇", "全媒体记者", 0),
        ParsedByline("谢燕", "通讯员", 1),
        ParsedByline("曾佳欣", "通讯员", 2),
        ParsedByline("陈璧君", "通讯员", 3),
    ]


def test_example_first_story_rejoins_every_column_break(example):
    paragraphs = [p.text for p in example.stories[0].paragraphs]
    # 16 paragraphs: 去年以来, 综合管理党支部是, 一是, 二是, 三是, 优化, 提升, 健全, 加强,
    # 严格, 搭建, 关心, 丰富, 政治部, 综合办公室, 司法警察大队.
    assert len(paragraphs) == 16
    joined = "\n".join(paragraphs)
    for fragment in (
        "结合组织生活会、民主评议党员等工作，",
        "认真开展民主评议党员，规范组织生活会",
        "种植果树20余棵，让司法沃土绽放",
        "积极落实各项福利待遇，激发干警干事创业激情。",
    ):
        assert fragment in joined
    second_halves = ("议党员", "党员，规范", "让司法", "发干警")
    assert all(not text.startswith(second_halves) for text in paragraphs)


def test_example_first_story_keeps_paragraph_starts(example):
    paragraphs = [p.text for p in example.stories[0].paragraphs]
    assert paragraphs[0].startswith("去年以来，株洲市渌口区法院")
    assert paragraphs[5].startswith("优化班子结构。")
    assert paragraphs[-1].startswith("司法警察大队党员坚持")
    assert paragraphs[-1].endswith("的司法护卫品牌。")


def test_example_caption_sits_after_the_rejoined_paragraph(example):
    blocks = example.stories[0].blocks
    captions = [i for i, block in enumerate(blocks) if isinstance(block, ParsedCaption)]
    assert captions == [4]
    assert blocks[4] == ParsedCaption("渌口区法院综合管理党支部召开支部党员大会。")
    before = blocks[3]
    assert isinstance(before, ParsedParagraph)
    assert before.text.startswith("二是把作风建设贯穿始终。")
    assert "民主评议党员等工作" in before.text
    assert before.text.endswith("组织党员深入查摆自身存在的问题和差距。")


def test_example_first_story_has_no_warnings(example):
    assert example.stories[0].warnings == []


def test_example_second_story_lead_in_and_bylines(example):
    story = example.stories[1]
    assert story.headline == "攸县深化法检协作"
    assert story.overline == ""
    assert story.deck == ""
    assert story.lead_in == "湖南法治报讯"
    assert story.bylines == [
        ParsedByline("伏志勇", "全媒体记者", 0),
        ParsedByline("罗晓洪", "通讯员", 1),
        ParsedByline("刘婧", "通讯员", 2),
    ]
    assert story.warnings == []


def test_example_second_story_paragraphs(example):
    story = example.stories[1]
    paragraphs = [p.text for p in story.paragraphs]
    assert len(paragraphs) == 5
    assert story.captions == []
    assert paragraphs[0].startswith("近日，攸县法院执行局")
    assert "也是有力支持。" in paragraphs[1]
    assert "大家纷纷表示，此次交流" in paragraphs[3]


def test_gb18030_copy_parses_the_same(example_bytes, example):
    text = example_bytes.decode("utf-8")
    assert parse_page(decode_page(text.encode("gb18030"))) == example


def test_utf8_with_bom_parses_the_same(example_bytes, example):
    assert parse_page(decode_page(b"\xef\xbb\xbf" + example_bytes)) == example


def test_windows_line_endings_parse_the_same(example_bytes, example):
    text = example_bytes.decode("utf-8").replace("\n", "\r\n")
    assert parse_page(text) == example


def test_example_renders_paragraphs_and_a_photo_slot(example):
    rendered = render_blocks_html(example.stories[0].blocks)
    assert rendered.count("<p>") == 16
    assert (
        '<figure class="image-placeholder"><figcaption>'
        "渌口区法院综合管理党支部召开支部党员大会。</figcaption></figure>"
    ) in rendered


# --- Synthetic pages: one convention each ---------------------------------------------------


def _page(*lines: str) -> str:
    """Build a page dump from lines, a blank line between each as the print export does."""
    return "\n\n".join(lines) + "\n"


def _one_story(text: str, **kwargs):
    """Parse a page that must hold exactly one story."""
    page = parse_page(text, **kwargs)
    assert len(page.stories) == 1, page
    return page.stories[0]


def test_bullet_glyph_before_byline():
    story = _one_story(
        "法院开展普法宣传\n\n□ 本报记者 张三\n通讯员 李四\n\n近日，某法院开展普法宣传活动。\n"
    )
    assert story.headline == "法院开展普法宣传"
    assert story.bylines == [ParsedByline("张三", "本报记者", 0), ParsedByline("李四", "通讯员", 1)]


def test_names_run_together_are_split_on_role_words():
    story = _one_story("法院开展普法宣传\n\n本报记者 张三通讯员李四王小五\n\n近日，活动举行。\n")
    assert story.bylines == [
        ParsedByline("张三", "本报记者", 0),
        ParsedByline("李四王小五", "通讯员", 1),
    ]
    assert any(w.startswith("拆分不确定") and "李四王小五" in w for w in story.warnings)


def test_names_padded_to_three_characters_are_one_name():
    assert parse_byline("通讯员 王  薇 曾佳欣") == [
        ParsedByline("王薇", "通讯员", 0),
        ParsedByline("曾佳欣", "通讯员", 1),
    ]


def test_bare_own_paper_lead_in_with_bylines_above():
    story = _one_story(
        _page("法院开展普法宣传", "本报记者 张三\n通讯员 李四", "本报讯 近日，活动举行。")
    )
    assert story.lead_in == "本报讯"
    assert [b.name for b in story.bylines] == ["张三", "李四"]
    assert story.blocks == [ParsedParagraph("近日，活动举行。")]


def test_other_site_lead_in_with_names_but_no_roles():
    story = _one_story("某县开展禁毒宣传\n\n红网讯（张三 李四）近日，某县开展禁毒宣传。\n")
    assert story.lead_in == "红网讯"
    assert story.bylines == [ParsedByline("张三", "", 0), ParsedByline("李四", "", 1)]
    assert story.blocks == [ParsedParagraph("近日，某县开展禁毒宣传。")]
    assert any(w.startswith("署名未注明身份") for w in story.warnings)


def test_text_and_photo_after_the_name():
    story = _one_story("法院开展普法宣传\n\n（记者 张三 文/图）\n\n近日，活动举行。\n")
    assert story.bylines == [ParsedByline("张三", "记者", 0, suffix="文/图")]


def test_text_and_photo_before_the_name():
    assert parse_byline("文/图 张三") == [ParsedByline("张三", "文/图", 0)]


def test_credits_at_the_end_in_parentheses():
    story = _one_story(
        "法院开展普法宣传\n\n近日，活动举行。\n\n群众纷纷点赞。\n\n（记者 张三 实习生 李四）\n"
    )
    assert story.bylines == [ParsedByline("张三", "记者", 0), ParsedByline("李四", "实习生", 1)]
    assert story.blocks == [ParsedParagraph("近日，活动举行。"), ParsedParagraph("群众纷纷点赞。")]
    assert story.warnings == []


def test_credits_run_onto_the_last_paragraph():
    story = _one_story("法院开展普法宣传\n\n近日，活动举行。（记者 张三 实习生 李四）\n")
    assert [b.name for b in story.bylines] == ["张三", "李四"]
    assert story.blocks == [ParsedParagraph("近日，活动举行。")]


def test_end_credits_close_a_story_so_the_next_needs_no_byline():
    page = parse_page(
        "法院开展普法宣传\n\n近日，活动举行。\n\n（记者 张三）\n\n"
        "检察院开放日\n\n日前，检察院举办开放日。\n\n（通讯员 李四）\n"
    )
    assert [s.headline for s in page.stories] == ["法院开展普法宣传", "检察院开放日"]
    assert [s.bylines[0].name for s in page.stories] == ["张三", "李四"]


def test_caption_starting_with_tu_wei_between_paragraphs():
    story = _one_story(
        _page(
            "法院开展普法宣传",
            "本报记者 张三",
            "近日，活动举行。",
            "图为活动现场。",
            "群众纷纷点赞。",
        )
    )
    assert story.blocks == [
        ParsedParagraph("近日，活动举行。"),
        ParsedCaption("图为活动现场。"),
        ParsedParagraph("群众纷纷点赞。"),
    ]


def test_photographer_credit_is_on_the_caption_not_a_byline():
    story = _one_story(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，活动举行。\n\n"
        "法官向群众讲解法律知识。 本报记者 王五 摄\n"
    )
    assert story.bylines == [ParsedByline("张三", "本报记者", 0)]
    caption = story.blocks[-1]
    assert caption == ParsedCaption(
        "法官向群众讲解法律知识。",
        credit="本报记者 王五 摄",
        photographers=[ParsedByline("王五", "本报记者", 0, suffix="摄")],
    )


def test_photographer_credit_in_parentheses():
    story = _one_story(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，活动举行。\n\n法官讲解法律知识（王五 摄）\n"
    )
    assert story.blocks[-1] == ParsedCaption(
        "法官讲解法律知识",
        credit="王五 摄",
        photographers=[ParsedByline("王五", "", 0, suffix="摄")],
    )


def test_caption_with_credit_between_halves_of_a_paragraph():
    story = _one_story(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，法院干警走进社区，向群众讲解民法\n\n"
        "图为普法现场。 通讯员 李四 摄\n\n典知识，发放宣传资料200余份。\n"
    )
    assert story.blocks == [
        ParsedParagraph("近日，法院干警走进社区，向群众讲解民法典知识，发放宣传资料200余份。"),
        ParsedCaption(
            "图为普法现场。",
            credit="通讯员 李四 摄",
            photographers=[ParsedByline("李四", "通讯员", 0, suffix="摄")],
        ),
    ]


def test_caption_without_layout_gap_inside_a_cut_paragraph_is_flagged():
    story = _one_story(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，法院干警走进社区，向群众讲解民法\n\n"
        "干警向群众发放宣传资料\n\n典知识，发放宣传资料200余份。\n"
    )
    assert story.captions == [ParsedCaption("干警向群众发放宣传资料")]
    assert len(story.paragraphs) == 1
    assert any(w.startswith("拆分不确定") for w in story.warnings)


def test_overline_above_headline():
    story = _one_story(
        _page("聚焦优化营商环境", "某法院推出十项举措", "本报记者 张三", "近日，举措发布。")
    )
    assert story.overline == "聚焦优化营商环境"
    assert story.headline == "某法院推出十项举措"


def test_deck_with_dashes_is_stripped():
    story = _one_story("某法院推出十项举措\n——优化营商环境纪实\n本报记者 张三\n近日，举措发布。\n")
    assert story.deck == "优化营商环境纪实"
    assert story.bylines == [ParsedByline("张三", "本报记者", 0)]


def test_story_without_byline_is_flagged():
    story = _one_story("法院开展普法宣传\n\n近日，活动举行。\n\n群众纷纷点赞。\n")
    assert story.headline == "法院开展普法宣传"
    assert story.bylines == []
    assert story.warnings[0].startswith("未找到署名")


def test_lead_in_after_a_finished_story_opens_a_story_without_headline():
    page = parse_page(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，活动举行。\n\n"
        "本报讯（通讯员 李四）日前，检察院举办开放日。\n"
    )
    assert len(page.stories) == 2
    second = page.stories[1]
    assert second.headline == ""
    assert second.lead_in == "本报讯"
    assert second.warnings[0].startswith("未找到标题")


def test_three_stories_on_one_page():
    page = parse_page(
        "法院开展普法宣传\n\n本报记者 张三\n\n近日，活动举行。\n\n"
        "检察院开放日\n\n湖南法治报讯（通讯员 李四）日前，开放日举办。\n\n"
        "法警开展实战演练\n——某法院司法警察大队练兵纪实\n\n记者 王五\n\n演练当天，法警集结。\n"
    )
    assert [s.headline for s in page.stories] == [
        "法院开展普法宣传",
        "检察院开放日",
        "法警开展实战演练",
    ]


def test_paragraph_ending_with_full_stop_at_a_column_break_stays_split():
    story = _one_story(
        _page(
            "法院开展普法宣传", "本报记者 张三", "近日，活动举行。", "群众点赞，", "表示受益匪浅。"
        )
    )
    assert [p.text for p in story.paragraphs] == ["近日，活动举行。", "群众点赞，表示受益匪浅。"]


def test_short_subhead_stands_alone():
    story = _one_story(
        _page("法院开展普法宣传", "本报记者 张三", "近日，活动举行。", "强化政治引领", "坚持学习。")
    )
    assert [p.text for p in story.paragraphs] == ["近日，活动举行。", "强化政治引领", "坚持学习。"]


def test_other_publication_names_are_a_parameter():
    story = _one_story(
        "法院开展普法宣传\n\n法治日报记者 张三\n\n法治日报讯 近日，活动举行。\n",
        publications=("法治日报",),
    )
    assert story.bylines == [ParsedByline("张三", "记者", 0)]
    assert story.lead_in == "法治日报讯"


def test_sentence_opening_with_own_paper_is_not_a_lead_in():
    story = _one_story(
        _page("法院开展普法宣传", "本报记者 张三", "本报记者近日从市电力公司获悉，活动举行。")
    )
    assert story.lead_in == ""
    assert story.paragraphs[0].text.startswith("本报记者近日")


def test_byline_parser_rejects_ordinary_text():
    assert parse_byline("近日，活动举行。") is None
    assert parse_byline("法院开展普法宣传") is None
    assert parse_byline("（本报综合）", allow_names_only=True) is None


# --- Bad input ------------------------------------------------------------------------------


def test_empty_bytes_raise_empty_page_error():
    with pytest.raises(EmptyPageError):
        decode_page(b"")


def test_whitespace_only_raises_empty_page_error():
    with pytest.raises(EmptyPageError):
        decode_page("\n \u3000\r\n".encode())


def test_binary_data_raises_decode_error_in_chinese():
    with pytest.raises(PageDecodeError, match="二进制"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_undecodable_bytes_raise_decode_error():
    with pytest.raises(PageDecodeError, match="编码"):
        decode_page(b"\x80\xff\xfe\x80" * 10)


def test_damaged_utf8_is_refused_rather_than_read_as_gbk(example_bytes):
    damaged = example_bytes[:500] + b"\xff" + example_bytes[500:]
    with pytest.raises(PageDecodeError, match="UTF-8"):
        decode_page(damaged)


def test_control_characters_raise_decode_error():
    with pytest.raises(PageDecodeError, match="控制字符"):
        decode_page(b"\x01\x02\x03\x04abc" * 20)


def test_utf16_with_bom_is_read():
    assert decode_page("攸县深化法检协作\n".encode("utf-16")) == "攸县深化法检协作\n"


def test_page_without_story_gives_no_stories_and_a_warning():
    page = parse_page("近日，活动举行。\n\n群众纷纷点赞，表示受益匪浅。\n")
    assert page.stories == []
    assert page.warnings[0].startswith("未识别出任何稿件")


def test_blank_page_gives_no_stories_and_a_warning():
    page = parse_page("\n\n  \n")
    assert page.stories == []
    assert page.warnings


def test_lines_before_the_first_story_are_reported():
    page = parse_page(
        _page(
            "（上接A1版）干警们表示，将继续为群众办实事。",
            "法院开展普法宣传",
            "本报记者 张三",
            "近日，活动举行。",
        )
    )
    assert len(page.stories) == 1
    assert "不属于任何稿件" in page.warnings[0]


def test_five_megabyte_page_parses_quickly(example_bytes):
    text = example_bytes.decode("utf-8")
    big = text * (5_000_000 // len(example_bytes) + 1)
    assert len(big.encode("utf-8")) >= 5_000_000
    started = time.perf_counter()
    page = parse_page(decode_page(big.encode("utf-8")))
    elapsed = time.perf_counter() - started
    assert len(page.stories) == 2 * (5_000_000 // len(example_bytes) + 1)
    assert elapsed < 3


def test_render_escapes_html():
    rendered = render_blocks_html([ParsedParagraph("<script>")])
    assert rendered == "<p>&lt;script&gt;</p>"


def test_page_furniture_is_dropped_and_reported():
    page = parse_page(
        _page(
            "2024年5月10日 星期五",
            "A3 法院新闻",
            "法院开展普法宣传",
            "本报记者 张三",
            "近日，活动举行。",
            "责任编辑：李四 校对：王五",
        )
    )
    assert len(page.stories) == 1
    story = page.stories[0]
    assert story.overline == ""
    assert story.headline == "法院开展普法宣传"
    assert story.blocks == [ParsedParagraph("近日，活动举行。")]
    assert len(page.warnings) == 3
    assert all(w.startswith("已忽略版面信息") for w in page.warnings)


def test_unsigned_story_between_credited_ones_is_split_and_flagged():
    page = parse_page(
        _page(
            "攸县法院集中执行",
            "本报讯（记者 孙七）日前，攸县法院开展集中执行行动。",
            "株洲中院召开党组会",
            "株洲市中级人民法院日前召开党组会议。",
            "（通讯员 吴九）",
        )
    )
    assert [s.headline for s in page.stories] == ["攸县法院集中执行", "株洲中院召开党组会"]
    second = page.stories[1]
    assert second.bylines == [ParsedByline("吴九", "通讯员", 0)]
    flag = next(f for f in second.flags if f.message.startswith("拆分不确定"))
    assert (flag.line, flag.printed) == (5, "株洲中院召开党组会")


def test_subhead_of_a_credited_story_stays_in_it_with_a_warning():
    page = parse_page(
        _page(
            "攸县法院集中执行",
            "本报讯（记者 孙七）攸县法院开展集中执行行动，执行到位200余万元。",
            "强化联动",
            "执行局与公安机关建立查人找物协作机制。",
            "（通讯员 吴九）",
        )
    )
    assert len(page.stories) == 1
    assert any("强化联动" in w and "另一篇稿件" in w for w in page.stories[0].warnings)


def test_headline_ending_with_question_mark_needs_a_byline():
    story = _one_story(_page("谁来守护孩子的安全？", "本报记者 张三", "近日，活动举行。"))
    assert story.headline == "谁来守护孩子的安全？"


def test_transliterated_name_with_middle_dot_is_one_name():
    assert parse_byline("通讯员 阿依古丽·买买提 张三") == [
        ParsedByline("阿依古丽·买买提", "通讯员", 0),
        ParsedByline("张三", "通讯员", 1),
    ]
