"""manage.py import_page."""

import io

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleByline, ArticleStatus
from ingest.models import PageIngest
from people.models import Person

pytestmark = pytest.mark.django_db


def run(path, *args):
    out = io.StringIO()
    call_command("import_page", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def page_file(tmp_path, example_page_bytes):
    path = tmp_path / "a3.txt"
    path.write_bytes(example_page_bytes)
    return path


def test_command_imports_the_example_page_as_two_drafts(ingest_directory, page_file):
    output = run(page_file, "--date", "2024-06-18", "--page", "A3")
    assert Article.objects.filter(status=ArticleStatus.DRAFT).count() == 2
    assert "[新建草稿" in output and "以品牌建设赋能高质量发展" in output
    assert "署名：全媒体记者 伏志勇 通讯员 罗晓洪 通讯员 刘婧" in output
    ingest = PageIngest.objects.get()
    assert ingest.filename == "a3.txt" and ingest.page_label == "A3"


def test_command_twice_reports_already_imported(ingest_directory, page_file):
    run(page_file, "--date", "2024-06-18", "--page", "A3")
    output = run(page_file, "--date", "2024-06-18", "--page", "A3")
    assert "已导入" in output
    assert Article.objects.count() == 2


def test_command_reads_gb18030_with_the_encoding_named(
    ingest_directory, tmp_path, example_page_bytes
):
    path = tmp_path / "gb.txt"
    path.write_bytes(example_page_bytes.decode().encode("gb18030"))
    run(path, "--date", "2024-06-18", "--page", "A3", "--encoding", "gb18030")
    assert PageIngest.objects.get().encoding == "gb18030"
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "二进制"),
        ("近日，渌口区法院开展培训。".encode() + b"\xff\xfe\x80", "无法识别文件编码"),
        ("这只是一句话，没有标题和署名。".encode(), "没有识别出任何稿件"),
        (b"a" * (5 * 1024 * 1024), "文件太大"),
    ],
    ids=["empty", "binary", "undecodable", "no-story", "5mb"],
)
def test_command_refuses_bad_input_and_creates_nothing(ingest_directory, tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    people = Person.objects.count()
    with pytest.raises(CommandError, match=message):
        run(path, "--date", "2024-06-18", "--page", "A3")
    assert not Article.objects.exists() and not ArticleByline.objects.exists()
    assert not PageIngest.objects.exists()
    assert Person.objects.count() == people


def test_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run(tmp_path / "missing.txt", "--date", "2024-06-18", "--page", "A3")


def test_command_refuses_a_bad_date(db, page_file):
    with pytest.raises(CommandError, match="格式不对"):
        run(page_file, "--date", "18/06/2024", "--page", "A3")
