"""Importing a print page into draft articles (ingest.services)."""

import datetime

import pytest

from articles.bylines import BylineRole
from articles.models import Article, ArticleByline, ArticleStatus
from ingest.models import PageIngest
from ingest.parser import EmptyPageError, PageDecodeError
from ingest.services import NoStoryError, PageTooLargeError, import_page
from people.models import Person, PersonKind
from tests.factories import OrganizationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

EDITION = datetime.date(2024, 6, 18)
FEATURE = "以品牌建设赋能高质量发展"
NEWS = "攸县深化法检协作"


def run_import(data: bytes, **kwargs):
    kwargs.setdefault("edition_date", EDITION)
    kwargs.setdefault("page_label", "A3")
    return import_page(data, **kwargs)


def credits(article: Article) -> list[tuple[str, str]]:
    return [(b.role, b.person.name) for b in article.bylines.order_by("position")]


@pytest.fixture
def imported(ingest_directory, example_page_bytes):
    return run_import(example_page_bytes, filename="a3.txt")


def test_example_page_gives_exactly_two_drafts(imported):
    assert [a.headline for a in imported.articles] == [FEATURE, NEWS]
    assert {a.status for a in imported.articles} == {ArticleStatus.DRAFT}
    assert not Article.objects.published().exists()


def test_feature_head_and_block_bylines(imported):
    feature = Article.objects.get(headline=FEATURE)
    assert feature.overline == ""
    assert feature.deck == "株洲市渌口区法院综合管理党支部党建品牌创建纪实"
    assert feature.lead_in_source == ""
    assert credits(feature) == [
        (BylineRole.ALL_MEDIA_REPORTER, "王薇"),
        (BylineRole.CORRESPONDENT, "谢燕"),
        (BylineRole.CORRESPONDENT, "曾佳欣"),
        (BylineRole.CORRESPONDENT, "陈璧君"),
    ]
    assert feature.byline_lines() == ["湖南法治报全媒体记者 王薇", "通讯员 谢燕 曾佳欣 陈璧君"]


def test_news_lead_in_goes_to_lead_in_source_not_the_body(imported):
    news = Article.objects.get(headline=NEWS)
    assert news.lead_in_source == "湖南法治报讯"
    assert news.lead_in() == "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）"
    assert news.body.startswith("<p>近日，攸县法院执行局")
    assert "（全媒体记者" not in news.body


def test_feature_body_rejoins_column_breaks_and_keeps_the_caption_in_place(imported):
    body = Article.objects.get(headline=FEATURE).body
    assert body.count("<p>") == 16
    assert "结合组织生活会、民主评议党员等工作" in body
    assert "认真开展民主评议党员，规范组织生活会" in body
    placeholder = (
        '<figure class="image-placeholder">'
        "<figcaption>渌口区法院综合管理党支部召开支部党员大会。</figcaption></figure>"
    )
    assert body.count("<figure") == 1
    assert body.index("民主评议党员等工作") < body.index(placeholder) < body.index("三是")


def test_news_body_has_five_paragraphs_and_no_photo(imported):
    body = Article.objects.get(headline=NEWS).body
    assert body.count("<p>") == 5
    assert "既是法定职责，也是有力支持" in body
    assert "<figure" not in body


def test_gb18030_copy_gives_the_same_drafts(ingest_directory, example_page_bytes):
    text = example_page_bytes.decode("utf-8")
    result = run_import(text.encode("gb18030"))
    assert result.ingest.encoding == "gb18030"
    assert result.ingest.text == text
    feature, news = result.articles
    assert (feature.headline, news.headline) == (FEATURE, NEWS)
    assert feature.body.count("<p>") == 16 and news.body.count("<p>") == 5
    assert credits(news) == [
        (BylineRole.ALL_MEDIA_REPORTER, "伏志勇"),
        (BylineRole.CORRESPONDENT, "罗晓洪"),
        (BylineRole.CORRESPONDENT, "刘婧"),
    ]


def test_drafts_carry_the_print_edition_and_their_ingest_record(imported):
    for article in imported.articles:
        assert article.print_edition_date == EDITION
        assert article.print_page == "A3"
        assert article.ingest == imported.ingest


def test_ingest_record_keeps_the_raw_file(imported, example_page_bytes):
    ingest = PageIngest.objects.get()
    assert bytes(ingest.raw) == example_page_bytes
    assert ingest.encoding == "utf-8"
    assert ingest.filename == "a3.txt"
    assert len(ingest.content_hash) == 64


def test_organisation_linked_by_alias(imported, ingest_directory):
    feature = Article.objects.get(headline=FEATURE)
    assert ingest_directory["lukou"] in feature.organizations.all()


def test_procuratorate_linked_by_short_name(imported, ingest_directory):
    news = Article.objects.get(headline=NEWS)
    assert ingest_directory["procuratorate"] in news.organizations.all()


def test_department_linked_only_under_the_court_the_story_names(imported, ingest_directory):
    news = Article.objects.get(headline=NEWS)
    linked = set(news.organizations.all())
    assert ingest_directory["youxian_enforcement"] in linked
    assert ingest_directory["lukou_enforcement"] not in linked


def test_short_department_name_without_its_court_is_skipped_and_reported(ingest_directory):
    page = "执行局开展业务培训\n\n本报讯（记者 王薇）近日，执行局组织干警开展业务培训。\n"
    result = run_import(page.encode())
    article = result.articles[0]
    assert not article.organizations.exists()
    warnings = result.ingest.report["stories"][0]["warnings"]
    assert any("“执行局”未关联" in warning for warning in warnings)


def test_longest_name_wins_over_the_names_inside_it(ingest_directory):
    ingest_directory["lukou"].aliases.create(name="渌口区法院政治部老同志")
    page = "老同志座谈\n\n本报讯（记者 王薇）近日，渌口区法院政治部老同志座谈。\n"
    article = run_import(page.encode()).articles[0]
    # One long alias, not 渌口区法院 + 政治部.
    assert list(article.organizations.all()) == [ingest_directory["lukou"]]


def test_topics_found_in_the_text_are_tagged_and_reported(imported):
    news = Article.objects.get(headline=NEWS)
    assert {"执行", "法检协作"} <= set(news.tags.names())
    assert "未成年人保护" not in news.tags.names()
    story = imported.ingest.report["stories"][1]
    assert {"执行", "法检协作"} <= set(story["topics"])


def test_known_people_are_reused(imported, ingest_directory):
    feature = Article.objects.get(headline=FEATURE)
    people = [b.person for b in feature.bylines.order_by("position")]
    assert people[0] == ingest_directory["wang"]
    assert people[1] == ingest_directory["xie"]
    assert Person.objects.filter(name="谢燕").count() == 1


def test_unknown_people_are_created_by_role_and_flagged(imported):
    zeng = Person.objects.get(name="曾佳欣")
    assert zeng.kind == PersonKind.CORRESPONDENT and zeng.needs_review
    fu = Person.objects.get(name="伏志勇")
    assert fu.kind == PersonKind.STAFF and fu.needs_review
    story = imported.ingest.report["stories"][0]
    assert any("新建人员“曾佳欣”" in warning for warning in story["warnings"])
    assert [b["new_person"] for b in story["bylines"]] == [False, False, True, True]


def test_namesake_who_works_at_a_court_the_story_names_is_preferred(ingest_directory):
    elsewhere = OrganizationFactory(name="长沙市天心区人民法院", short_name="天心区法院")
    PersonFactory(name="李明", kind=PersonKind.CORRESPONDENT, affiliation=elsewhere)
    local = PersonFactory(
        name="李明", kind=PersonKind.CORRESPONDENT, affiliation=ingest_directory["youxian"]
    )
    page = "攸县法院开展培训\n\n本报讯（通讯员 李明）近日，攸县法院开展业务培训。\n"
    article = run_import(page.encode()).articles[0]
    assert article.bylines.get().person == local


def test_story_without_byline_is_reported(ingest_directory):
    page = "渌口区法院开展培训\n\n——干警集中学习新规\n\n近日，渌口区法院开展业务培训。\n"
    result = run_import(page.encode())
    assert not result.articles[0].bylines.exists()
    assert "没有找到署名，请补上作者。" in result.ingest.report["stories"][0]["warnings"]


def test_same_page_twice_creates_nothing_new(imported, example_page_bytes):
    again = run_import(example_page_bytes)
    assert again.already_imported
    assert again.ingest == imported.ingest
    assert Article.objects.count() == 2 and PageIngest.objects.count() == 1


def test_same_stories_in_a_changed_file_link_to_the_existing_drafts(imported, example_page_bytes):
    edited = example_page_bytes + "\n\n（本版编辑已校）".encode()
    again = run_import(edited)
    assert not again.already_imported
    assert Article.objects.count() == 2
    stories = again.ingest.report["stories"]
    assert [s["status"] for s in stories] == ["existing", "existing"]
    assert [s["article_id"] for s in stories] == [a.pk for a in imported.articles]


def test_importer_records_the_uploader(ingest_directory, example_page_bytes):
    user = UserFactory()
    result = run_import(example_page_bytes, user=user)
    assert result.ingest.uploaded_by == user
    assert {a.created_by for a in result.articles} == {user}


def counts():
    return (
        Article.objects.count(),
        Person.objects.count(),
        PageIngest.objects.count(),
        ArticleByline.objects.count(),
    )


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyPageError, "空的"),
        (b"  \n\t\n", EmptyPageError, "空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, PageDecodeError, "二进制"),
        ("近日，渌口区法院开展培训。".encode() + b"\xff\xfe\x80", PageDecodeError, "无法"),
        ("这只是一句话，没有标题和署名。".encode(), NoStoryError, "没有识别出任何稿件"),
        (b"a" * (5 * 1024 * 1024), PageTooLargeError, "文件太大"),
    ],
    ids=["empty", "blank", "binary", "damaged-utf8", "no-story", "5mb"],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_created(
    ingest_directory, data, error, message
):
    before = counts()
    with pytest.raises(error, match=message):
        run_import(data)
    assert counts() == before


def test_a_failure_halfway_leaves_nothing_behind(ingest_directory, example_page_bytes):
    from unittest import mock

    before = counts()
    with (
        mock.patch.object(ArticleByline.objects, "create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        run_import(example_page_bytes)
    assert counts() == before


def test_on_the_demo_tree_the_importer_finds_what_the_hand_made_fixture_lists(
    demo, example_page_bytes
):
    import json

    from devdata.demo import FIXTURES

    expected = json.loads((FIXTURES / "demo_stories.json").read_text(encoding="utf-8"))
    Article.objects.all().delete()  # import into a clean set of articles, same people and tree
    result = run_import(example_page_bytes)
    for story, article in zip(expected["stories"], result.articles, strict=True):
        assert article.headline == story["headline"]
        assert [list(pair) for pair in credits(article)] == story["bylines"]
        assert set(story["organizations"]) <= set(
            article.organizations.values_list("name", flat=True)
        )
        assert set(story["topics"]) <= set(article.tags.names())
    assert not Person.objects.filter(needs_review=True).exists()


def test_a_concurrent_duplicate_upload_returns_the_record_that_won(imported, example_page_bytes):
    from unittest import mock

    # The other upload commits between our hash check and our insert.
    lookups = [PageIngest.objects.none(), PageIngest.objects.all()]
    with mock.patch.object(PageIngest.objects, "filter", side_effect=lookups):
        again = run_import(example_page_bytes)
    assert again.already_imported and again.ingest == imported.ingest
    assert Article.objects.count() == 2 and PageIngest.objects.count() == 1
