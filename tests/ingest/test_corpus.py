"""The ingest corpus: every page has a valid expected result, and the parser keeps its score."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from ingest.parser import decode_page_with_encoding
from ingest.scoring import (
    CORPUS_DIR,
    HELDOUT_DIR,
    expected_path,
    page_paths,
    score_corpus,
    validate_expected,
)

# The level the parser reached on the pages it was tuned on, and on the held-out pages it was
# never tuned on (scored once, at the end). Raise them when the parser gets better.
CORPUS_SCORE = 1.0
HELDOUT_SCORE = 1.0

ALL_PAGES = page_paths([CORPUS_DIR, HELDOUT_DIR])


def test_corpus_has_at_least_fifteen_pages_and_a_held_out_set():
    assert len(page_paths([CORPUS_DIR])) >= 15
    assert len(page_paths([HELDOUT_DIR])) >= 5


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda page: page.name)
def test_every_page_has_a_valid_expected_file(page):
    path = expected_path(page)
    assert path.is_file(), f"{page.name} has no {path.name}"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert validate_expected(expected) == []
    text, encoding = decode_page_with_encoding(page.read_bytes())
    assert encoding == expected.get("encoding", "utf-8")
    lines = {line.strip(" \u3000\r") for line in text.splitlines()}
    for story in expected["stories"]:
        # The expected file describes this page: each headline is one of its lines, and
        # each first paragraph starts on one (after the lead-in, if any).
        assert story["headline"] in lines
        assert any(story["first_paragraph"][:12] in line for line in lines)


@pytest.mark.parametrize("folder", [CORPUS_DIR, HELDOUT_DIR], ids=["corpus", "heldout"])
def test_every_expected_file_has_its_page(folder):
    for path in folder.glob("*.expected.json"):
        assert path.with_name(path.name.removesuffix(".expected.json") + ".txt").is_file()


def test_validation_names_what_is_wrong():
    assert validate_expected({"stories": [{"headline": "标题"}]})[0].startswith("story 0: missing")
    assert validate_expected([]) == ["the document must be an object with a list of stories"]


def test_corpus_score_does_not_drop():
    score = score_corpus([CORPUS_DIR])
    assert score.ratio >= CORPUS_SCORE, f"{score.passed}/{score.total}"


def test_no_printed_byline_or_lead_in_differs_on_the_corpus():
    score = score_corpus([CORPUS_DIR])
    wrong = [
        (page.path.name, check.story, check.kind)
        for page in score.pages
        for check in page.checks
        if check.kind in {"lead_in", "bylines"} and not check.passed
    ]
    assert wrong == []


def test_held_out_score_does_not_drop():
    score = score_corpus([HELDOUT_DIR])
    assert score.ratio >= HELDOUT_SCORE, f"{score.passed}/{score.total}"


def test_command_prints_each_check_with_expected_and_got(tmp_path, capsys):
    page = tmp_path / "001_test.txt"
    page.write_text("法院开展普法宣传\n\n本报记者 张三\n\n近日，活动举行。\n", encoding="utf-8")
    story = {
        "overline": "",
        "headline": "法院开展普法宣传",
        "deck": "",
        "lead_in": "",
        "bylines": [{"role": "记者", "name": "张三"}],
        "photo_credits": [],
        "first_paragraph": "近日，活动举行。",
        "last_paragraph": "近日，活动举行。",
        "paragraphs": 1,
        "captions": [],
    }
    expected_path(page).write_text(json.dumps({"stories": [story]}), encoding="utf-8")
    call_command("ingest_score", str(tmp_path))
    out = capsys.readouterr().out
    assert "ok    story 1 headline" in out
    assert "FAIL  story 1 bylines" in out
    assert 'expected [{"role": "记者", "name": "张三"}]' in out
    assert 'got      [{"role": "本报记者", "name": "张三"}]' in out
    assert "Total: 10/11 checks = 90.9 % on 1 pages" in out


def test_command_refuses_a_page_without_expected_file(tmp_path):
    (tmp_path / "001_test.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少预期结果文件"):
        call_command("ingest_score", str(tmp_path))
