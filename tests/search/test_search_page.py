from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleStatus
from people.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def search(client, q, **params):
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def headlines(client, q, **params):
    return [hit.article.headline for hit in search(client, q, **params).context["hits"]]


@pytest.fixture
def unrelated(indexed):
    return indexed(headline="长沙中院召开审判工作会议", body="<p>会议研究部署下半年审判工作。</p>")


BRAND = "以品牌建设赋能高质量发展"
COOPERATION = "攸县深化法检协作"


@pytest.mark.parametrize(
    ("q", "story"),
    [
        ("谢燕", BRAND),  # correspondent in the byline (and the body)
        ("王薇", BRAND),  # staff journalist in the byline only
        ("法检协作", COOPERATION),  # headline and topic
        ("渌口", BRAND),  # organisation, deck, body
        ("党建品牌", BRAND),  # topic and deck
        ("执行监督", COOPERATION),  # topic and body
        ("梓湖小学", BRAND),  # a place named once in the body
    ],
)
def test_example_query_finds_its_story_and_no_other(client, demo, unrelated, q, story):
    assert headlines(client, q) == [story]


def test_byline_names_are_searchable_even_when_not_in_the_text(client, demo, unrelated):
    assert headlines(client, "陈璧君") == [BRAND]


def test_organisation_alias_finds_the_story(client, demo, unrelated):
    assert headlines(client, "攸县检察院") == [COOPERATION]


def test_mixed_year_query_finds_the_story(client, indexed, unrelated):
    indexed(headline="全市法院2024年度工作会议召开")
    assert headlines(client, "2024年") == ["全市法院2024年度工作会议召开"]


def test_page_reference_with_latin_and_digit_is_found(client, indexed, unrelated):
    indexed(headline="版面回顾", body="<p>本报A3版刊发了相关报道。</p>")
    assert headlines(client, "A3") == ["版面回顾"]
    assert headlines(client, "a3版") == ["版面回顾"]


def test_latin_words_and_numbers_are_found_case_insensitively(client, indexed, unrelated):
    indexed(headline="智慧法院 Smart Court 上线", body="<p>平台已办理12368件事项。</p>")
    assert headlines(client, "smart") == ["智慧法院 Smart Court 上线"]
    assert headlines(client, "12368") == ["智慧法院 Smart Court 上线"]
    assert headlines(client, "1236") == []  # numbers match whole, not as a prefix


def test_single_character_query_finds_it_anywhere_in_a_run(client, indexed, unrelated):
    indexed(headline="梓湖小学送法进校园", body="<p>普法。</p>")
    # 梓 starts a run, 湖 is inside it, 园 ends it: all three are found.
    for character in ("梓", "湖", "园"):
        assert headlines(client, character) == ["梓湖小学送法进校园"]


def test_query_across_punctuation_needs_the_break_in_the_story(client, demo, unrelated):
    assert headlines(client, "“服务保障做尖兵”") == [BRAND]


def test_spaces_require_every_term(client, demo, unrelated):
    assert headlines(client, "渌口 审判") == [BRAND]
    assert headlines(client, "渌口 检察院") == []


def test_quotes_match_the_exact_phrase_only(client, indexed, unrelated):
    indexed(headline="株洲中院发布白皮书")
    indexed(headline="株洲市区交通与法院中院建设", body="<p>无关。</p>")
    assert headlines(client, '"株洲中院"') == ["株洲中院发布白皮书"]
    assert sorted(headlines(client, "株洲 中院")) == sorted(
        ["株洲中院发布白皮书", "株洲市区交通与法院中院建设"]
    )


def test_bigrams_must_be_consecutive(client, indexed, unrelated):
    indexed(headline="协作共建法检新机制")  # has 法检 and 协作, not 法检协作
    assert headlines(client, "法检协作") == []


def test_drafts_and_scheduled_stories_are_not_public(client, indexed, unrelated):
    indexed(headline="梓湖小学草稿", status=ArticleStatus.DRAFT, published_at=None)
    indexed(headline="梓湖小学定时稿", published_at=timezone.now() + timedelta(days=1))
    indexed(headline="梓湖小学已发布")
    assert headlines(client, "梓湖小学") == ["梓湖小学已发布"]


def test_headline_match_ranks_above_body_match(client, indexed):
    now = timezone.now()
    indexed(
        headline="法院工作简讯",
        body="<p>梓湖小学开展法治教育。</p>",
        published_at=now - timedelta(minutes=5),
    )
    indexed(headline="梓湖小学法治课开讲", published_at=now - timedelta(days=300))
    assert headlines(client, "梓湖小学") == ["梓湖小学法治课开讲", "法院工作简讯"]


def test_newer_story_ranks_first_when_fields_match_equally(client, indexed):
    now = timezone.now()
    indexed(headline="梓湖小学旧闻", published_at=now - timedelta(days=400))
    indexed(headline="梓湖小学新闻", published_at=now - timedelta(hours=2))
    assert headlines(client, "梓湖小学") == ["梓湖小学新闻", "梓湖小学旧闻"]


def test_unpublishing_removes_the_story_from_results(
    client, demo, unrelated, django_capture_on_commit_callbacks
):
    from articles import services
    from tests.factories import UserFactory

    chief = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(demo[0], chief, "当事人隐私信息未处理")
    assert headlines(client, "谢燕") == []


def test_status_change_saved_by_hand_also_removes_the_story(
    client, demo, unrelated, django_capture_on_commit_callbacks
):
    story = demo[0]
    with django_capture_on_commit_callbacks(execute=True):
        story.status = ArticleStatus.DRAFT
        story.save(update_fields=["status"])
    assert headlines(client, "谢燕") == []


def test_deleting_removes_the_story_from_the_index(
    client, demo, django_capture_on_commit_callbacks
):
    from articles.services import delete_article
    from search.backends import get_backend

    with django_capture_on_commit_callbacks(execute=True):
        delete_article(demo[1])
    assert demo[1].pk not in get_backend().indexed_ids()
    assert headlines(client, "法检协作") == []


def test_edited_text_is_found_once_the_change_commits(
    client, demo, django_capture_on_commit_callbacks
):
    story = demo[1]
    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "攸县法院举行执行和解见面会"
        story.save()
    assert headlines(client, "见面会") == ["攸县法院举行执行和解见面会"]


def test_matches_are_marked_and_all_text_escaped(client, indexed):
    indexed(
        headline="梓湖小学<b>普法</b>", body="<p>学生说：&lt;script&gt;梓湖小学&lt;/script&gt;</p>"
    )
    html = search(client, "梓湖小学").content.decode()
    assert "<mark>梓湖小学</mark>&lt;b&gt;普法&lt;/b&gt;" in html
    assert "&lt;script&gt;<mark>梓湖小学</mark>&lt;/script&gt;" in html
    assert "<script>" not in html


def test_court_filter_includes_everything_under_the_court(client, indexed):
    court = OrganizationFactory(name="株洲市渌口区人民法院", short_name="渌口区法院")
    branch = OrganizationFactory(
        name="渌口区法院综合管理党支部", short_name="综合管理党支部", parent=court
    )
    other = OrganizationFactory(name="攸县人民法院", short_name="攸县法院")
    indexed(headline="支部开展梓湖小学活动", organizations=[branch])
    indexed(headline="攸县梓湖小学活动", organizations=[other])
    court = Organization.objects.get(pk=court.pk)
    assert headlines(client, "梓湖小学", court=court.slug) == ["支部开展梓湖小学活动"]


def test_topic_filter(client, indexed):
    indexed(headline="梓湖小学普法课", topics=["普法"])
    indexed(headline="梓湖小学运动会", topics=["党建"])
    assert headlines(client, "梓湖小学", topic="pu-fa") == ["梓湖小学普法课"]


def test_date_range_filter_uses_local_dates(client, indexed):
    indexed(headline="梓湖小学六月", published_at=datetime(2024, 6, 18, 1, tzinfo=UTC))
    indexed(headline="梓湖小学七月", published_at=datetime(2024, 7, 2, 1, tzinfo=UTC))
    assert headlines(client, "梓湖小学", start="2024-06-01", end="2024-06-30") == ["梓湖小学六月"]


def test_swapped_dates_are_put_right_with_a_message(client, indexed):
    indexed(headline="梓湖小学六月", published_at=datetime(2024, 6, 18, 1, tzinfo=UTC))
    response = search(client, "梓湖小学", start="2024-06-30", end="2024-06-01")
    assert [h.article.headline for h in response.context["hits"]] == ["梓湖小学六月"]
    assert "起始日期晚于截止日期，已对调后搜索。" in response.content.decode()


def test_unknown_filters_are_reported_and_ignored(client, indexed):
    indexed(headline="梓湖小学活动")
    response = search(client, "梓湖小学", court="no-such-court", topic="nope", start="2024-13-45")
    assert [h.article.headline for h in response.context["hits"]] == ["梓湖小学活动"]
    page = response.content.decode()
    assert "没有这个法院" in page and "没有这个专题" in page and "起始日期格式" in page


def test_results_are_paginated_and_keep_the_query(client, indexed):
    for n in range(23):
        indexed(headline=f"梓湖小学第{n}期")
    first = search(client, "梓湖小学")
    assert len(first.context["hits"]) == 20 and first.context["results"].count() == 23
    assert "q=%E6%A2%93%E6%B9%96%E5%B0%8F%E5%AD%A6&amp;page=2" in first.content.decode()
    second = search(client, "梓湖小学", page=2)
    assert len(second.context["hits"]) == 3
    assert search(client, "梓湖小学", page="x").context["page_obj"].number == 1


def test_results_page_runs_a_fixed_number_of_queries(
    client, indexed, django_assert_max_num_queries
):
    for n in range(20):
        indexed(headline=f"梓湖小学第{n}期")
    with django_assert_max_num_queries(8):
        search(client, "梓湖小学")


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "法" * 300,
        '"法检协作',
        'a"b"c"',
        "AND",
        "OR NOT",
        "* - + ( ) ^ :",
        "NEAR(a b)",
        '"" "',
        "'; DROP TABLE search_document; --",
        "1' OR '1'='1",
        "<script>alert(1)</script>",
        "\x00\x01",
        "%_\\",
        "法检协作 OR 执行",
    ],
)
def test_bad_input_never_fails(client, demo, q):
    response = search(client, q)
    assert b"<script>alert" not in response.content


def test_over_long_query_says_it_was_trimmed(client, demo):
    assert "搜索词过长" in search(client, "法" * 300).content.decode()


def test_script_in_query_is_shown_escaped(client, demo):
    page = search(client, "<script>alert(1)</script>").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_operators_alone_get_a_message_not_an_error(client, demo):
    assert "没有可以检索的文字或数字" in search(client, "* - + ()").content.decode()


def test_sql_like_text_is_searched_as_words(client, demo, indexed):
    indexed(headline="DROP TABLE 教程", body="<p>数据库。</p>")
    assert headlines(client, "DROP TABLE") == ["DROP TABLE 教程"]


def test_pages_run_on_from_headline_matches_to_body_matches_by_date(client, indexed):
    now = timezone.now()
    for n in range(21):
        indexed(headline=f"梓湖小学第{n}期", published_at=now - timedelta(days=100 + n))
    for n in range(3):
        indexed(
            headline=f"简讯{n}",
            body="<p>梓湖小学开展活动。</p>",
            published_at=now - timedelta(hours=n + 1),
        )
    second = headlines(client, "梓湖小学", page=2)
    assert second == ["梓湖小学第20期", "简讯0", "简讯1", "简讯2"]
