"""Imported drafts print the page's words as printed: nothing invented, nothing dropped."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from ingest.parser import ParsedByline, ParsedCaption, ParsedParagraph, parse_page
from ingest.scoring import CORPUS_DIR
from ingest.services import import_page
from tests.ingest.test_admin import journalist_client, upload  # noqa: F401

EDITION = datetime.date(2024, 6, 18)


def run_import(data: bytes):
    return import_page(data, edition_date=EDITION, page_label="A3")


def corpus_page(name: str) -> bytes:
    return (CORPUS_DIR / name).read_bytes()


# --- Parser -------------------------------------------------------------------------------


def test_lead_in_is_kept_as_printed_with_text_and_photo_credit():
    story = parse_page("法庭进村\n\n本报讯（记者 马宁 文/图）近日，法官进村开庭。\n").stories[0]
    assert story.lead_in_text == "本报讯（记者 马宁 文/图）"
    assert story.bylines == [ParsedByline("马宁", "记者", 0, suffix="文/图")]
    assert story.photo_credits == ["马宁"]
    assert story.paragraphs == [ParsedParagraph("近日，法官进村开庭。")]


def test_bare_lead_in_does_not_take_the_block_bylines():
    story = parse_page(
        "检察开放日\n\n■ 记者 俞晓萌\n\n本报讯 5月4日下午，学生参观检察院。\n"
    ).stories[0]
    assert story.lead_in_text == "本报讯"
    assert story.bylines == [ParsedByline("俞晓萌", "记者", 0)]


def test_names_without_roles_get_no_role_and_a_flag_with_the_printed_line():
    story = parse_page("频道开通\n\n中国法院网讯 (裴泽生) 经过筹备，频道正式开通。\n").stories[0]
    assert story.lead_in_text == "中国法院网讯 (裴泽生)"
    assert story.bylines == [ParsedByline("裴泽生", "", 0)]
    flag = story.flags[0]
    assert flag.message.startswith("署名未注明身份")
    assert (flag.line, flag.printed) == (3, "中国法院网讯 (裴泽生) 经过筹备，频道正式开通。")


def test_caption_between_halves_leaves_the_second_half_in_the_paragraph():
    story = parse_page(
        "执行不打烊\n\n本报记者 王贺\n\n电话无人接听，干警耐心讲明后果，请老人转告被执行人尽快到法院\n\n\n\n"
        "庭审现场 本报记者 王贺 摄\n\n\n\n履行义务。\n\n老人答应转告。\n"
    ).stories[0]
    assert story.blocks == [
        ParsedParagraph("电话无人接听，干警耐心讲明后果，请老人转告被执行人尽快到法院履行义务。"),
        ParsedCaption(
            "庭审现场",
            credit="本报记者 王贺 摄",
            photographers=[ParsedByline("王贺", "本报记者", 0, suffix="摄")],
        ),
        ParsedParagraph("老人答应转告。"),
    ]


def test_full_width_spaces_inside_a_credit_are_kept():
    story = parse_page("标题一则\n\n湖南法治报讯（通讯员 黎明 曾　玲）近日，活动举行。\n").stories[
        0
    ]
    assert story.lead_in_text == "湖南法治报讯（通讯员 黎明 曾　玲）"
    assert [b.name for b in story.bylines] == ["黎明", "曾玲"]


def test_unit_in_an_end_credit_is_not_a_name():
    story = parse_page(
        "法院召开冲刺会\n\n10月10日，法院召开冲刺会。\n\n院长要求减少积案。（宜良县法院 李翠花）\n"
    ).stories[0]
    assert story.bylines == [ParsedByline("李翠花", "", 0, unit="宜良县法院")]
    assert story.paragraphs[-1].text == "院长要求减少积案。"


def test_author_unit_note_is_kept_apart_from_the_body():
    story = parse_page(
        "诉源治理研究\n\n□ 蒋武庆\n\n纠纷多元调处是化解矛盾的有效手段。\n\n（作者单位：鲤城区人民法院）\n"
    ).stories[0]
    assert story.end_notes == ["（作者单位：鲤城区人民法院）"]
    assert story.paragraphs == [ParsedParagraph("纠纷多元调处是化解矛盾的有效手段。")]


def test_three_stories_with_an_unsigned_one_between_stay_three():
    page = parse_page(corpus_page("015_three_stories_one_unsigned.txt").decode("utf-8"))
    assert [len(s.bylines) for s in page.stories] == [2, 0, 2]
    assert any(f.printed == "渌口法院为老人上门立案" for f in page.stories[1].flags)


def test_deck_printed_without_dash_is_read_as_deck_and_flagged():
    page = parse_page(corpus_page("011_deck_without_dash_subheads.txt").decode("utf-8"))
    story = page.stories[0]
    assert story.deck == "当阳、宜都法院6小时直播吸引322万人次在线观看"
    assert any(f.message.startswith("标题层次不确定") for f in story.flags)


# --- Drafts -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bare_lead_in_with_block_byline_invents_no_credits(ingest_directory):
    run_import(corpus_page("005_bare_lead_in_block_byline.txt"))
    article = Article.objects.get(headline="小学生走进检察院上了一堂法治公开课")
    assert article.lead_in() == ""
    assert article.byline_lines() == ["湖南法治报记者 俞晓萌"]
    assert article.body.startswith("<p>本报讯 5月4日下午，市人民检察院")


@pytest.mark.django_db
def test_lead_ins_print_as_the_page_printed_them(ingest_directory):
    run_import(corpus_page("003_court_net_lead_ins.txt"))
    yulin = Article.objects.get(headline="中国法院网榆林频道正式开通")
    assert yulin.lead_in() == "中国法院网讯 (裴泽生)"
    assert [(b.role, b.person.name) for b in yulin.bylines.all()] == [("", "裴泽生")]
    rugao = Article.objects.get(headline="如皋法院邀请网友见证凌晨执行")
    assert rugao.lead_in() == "江苏法院网讯（薛专 丁冬兰）"


@pytest.mark.django_db
def test_text_and_photo_credit_stays_in_the_lead_in_and_is_reported(ingest_directory):
    result = run_import(corpus_page("013_text_and_photo_credits.txt"))
    article = Article.objects.get(headline="法官把法庭“搬”到田间地头")
    assert article.lead_in() == "本报讯（记者 马宁 文/图）"
    assert result.ingest.report["stories"][0]["photo_credits"] == ["马宁"]


@pytest.mark.django_db
def test_special_correspondent_is_kept_as_printed(ingest_directory):
    result = run_import(corpus_page("007_holiday_enforcement_captions.txt"))
    article = Article.objects.get(headline="这样拼力 皆因使命在肩")
    assert ("特约通讯员", "邢海燕") in [(b.role, b.person.name) for b in article.bylines.all()]
    # A role the system knows is not flagged as unknown.
    warnings = result.ingest.report["stories"][1]["warnings"]
    assert not any("不在系统的署名身份中" in warning for warning in warnings)


@pytest.mark.django_db
def test_report_page_shows_each_flag_with_its_printed_line(
    journalist_client,  # noqa: F811
    ingest_directory,
):
    response = upload(journalist_client, corpus_page("003_court_net_lead_ins.txt"))
    content = response.content.decode()
    assert "署名未注明身份（记者或通讯员）：裴泽生" in content
    assert "第 3 行：中国法院网讯 (裴泽生) 经过一个多月的筹备" in content
    assert "（版面未印身份）" in content
    assert reverse("admin:ingest_pageingest_changelist") in content
