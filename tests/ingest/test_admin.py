"""The 上传版面 admin: a journalist uploads a print page and checks the report."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ArticleByline, ArticleStatus
from articles.sanitize import sanitize_html
from ingest.models import PageIngest
from people.models import Person
from tests.articles.test_admin import JOURNALIST_PERMS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = "admin:ingest_pageingest_add"
INGEST_PERMS = [*JOURNALIST_PERMS, "add_pageingest", "view_pageingest"]


@pytest.fixture
def journalist_client(client):
    user = UserFactory(username="fuzhiyong")
    user.user_permissions.set(Permission.objects.filter(codename__in=INGEST_PERMS))
    client.force_login(user)
    return client


def upload(client, data: bytes, name="a3.txt", **fields):
    form = {
        "file": SimpleUploadedFile(name, data, content_type="text/plain"),
        "edition_date": "2024-06-18",
        "page_label": "A3",
        "encoding": "auto",
        **fields,
    }
    return client.post(reverse(UPLOAD_URL), form, follow=True)


def test_journalist_uploads_the_example_page_and_gets_two_drafts_ready_for_review(
    journalist_client, ingest_directory, example_page_bytes
):
    response = upload(journalist_client, example_page_bytes)

    assert response.status_code == 200
    feature, news = Article.objects.order_by("pk")
    assert {feature.status, news.status} == {ArticleStatus.DRAFT}
    # Bylines in print order with their roles, people matched or created for review.
    assert feature.byline_lines() == ["湖南法治报全媒体记者 王薇", "通讯员 谢燕 曾佳欣 陈璧君"]
    assert news.lead_in() == "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）"
    # Organisations filled.
    assert ingest_directory["lukou"] in feature.organizations.all()
    assert {ingest_directory["youxian_enforcement"], ingest_directory["procuratorate"]} <= set(
        news.organizations.all()
    )
    # One photo slot with its caption, where the photo was on the page.
    assert feature.body.count('<figure class="image-placeholder">') == 1
    assert "<figcaption>渌口区法院综合管理党支部召开支部党员大会。</figcaption>" in feature.body
    assert "<figure" not in news.body
    # The report page shows what was found and links to both drafts.
    content = response.content.decode()
    assert "已导入，新建 2 篇草稿" in content
    for article in (feature, news):
        assert article.headline in content
        assert reverse("admin:articles_article_change", args=[article.pk]) in content
    zeng = Person.objects.get(name="曾佳欣")
    assert zeng.needs_review
    assert reverse("admin:people_person_change", args=[zeng.pk]) in content
    assert "曾佳欣</a>（新建）" in content
    assert "株洲市渌口区人民法院" in content and "攸县人民检察院" in content
    assert "渌口区法院综合管理党支部召开支部党员大会。" in content
    assert "16 段" in content and "5 段" in content
    assert "新建人员“曾佳欣”" in content


def test_the_drafts_open_in_the_article_admin(
    journalist_client, ingest_directory, example_page_bytes
):
    upload(journalist_client, example_page_bytes)
    feature = Article.objects.get(headline="以品牌建设赋能高质量发展")
    response = journalist_client.get(reverse("admin:articles_article_change", args=[feature.pk]))
    assert response.status_code == 200
    assert "查看导入报告" in response.content.decode()


def test_uploading_the_same_page_again_says_already_imported(
    journalist_client, ingest_directory, example_page_bytes
):
    upload(journalist_client, example_page_bytes)
    response = upload(journalist_client, example_page_bytes, name="again.txt")
    assert "这个版面已导入过" in response.content.decode()
    assert Article.objects.count() == 2 and PageIngest.objects.count() == 1


def test_gb18030_upload_gives_the_same_drafts(
    journalist_client, ingest_directory, example_page_bytes
):
    upload(journalist_client, example_page_bytes.decode().encode("gb18030"))
    assert list(Article.objects.order_by("pk").values_list("headline", flat=True)) == [
        "以品牌建设赋能高质量发展",
        "攸县深化法检协作",
    ]
    assert PageIngest.objects.get().encoding == "gb18030"


def test_changelist_offers_the_upload(journalist_client, ingest_directory):
    response = journalist_client.get(reverse("admin:ingest_pageingest_changelist"))
    assert "上传版面" in response.content.decode()


def test_upload_needs_permission_to_add_articles(client, ingest_directory, example_page_bytes):
    user = UserFactory(username="reader")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_pageingest", "view_pageingest"])
    )
    client.force_login(user)
    response = upload(client, example_page_bytes)
    assert response.status_code == 403
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"   \n\n  ", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "二进制"),
        ("近日，渌口区法院开展培训。".encode() + b"\xff\xfe\x80", "无法识别文件编码"),
        ("这只是一句话，没有标题和署名。".encode(), "没有识别出任何稿件"),
        (b"a" * (5 * 1024 * 1024), "文件太大"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "no-story", "5mb"],
)
def test_bad_upload_shows_a_chinese_message_and_creates_nothing(
    journalist_client, ingest_directory, data, message
):
    people = Person.objects.count()
    response = upload(journalist_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not ArticleByline.objects.exists()
    assert not PageIngest.objects.exists()
    assert Person.objects.count() == people


def test_upload_with_the_wrong_encoding_named_is_refused(
    journalist_client, ingest_directory, example_page_bytes
):
    data = example_page_bytes.decode().encode("gb18030")
    response = upload(journalist_client, data, encoding="utf-8")
    assert "文件不是 utf-8 编码" in response.content.decode()
    assert not Article.objects.exists()


def test_sanitiser_keeps_the_photo_placeholder():
    html = (
        '<p>正文</p><figure class="image-placeholder">'
        "<figcaption>渌口区法院综合管理党支部召开支部党员大会。</figcaption></figure>"
    )
    assert sanitize_html(html) == html


def test_upload_limit_is_a_setting(journalist_client, ingest_directory, settings):
    settings.INGEST_MAX_PAGE_BYTES = 1000
    response = upload(journalist_client, "标题\n\n本报讯 正文。".encode() * 100)
    assert "文件太大" in response.content.decode()
    assert not PageIngest.objects.exists()


def test_journalist_saves_an_imported_draft_without_losing_the_photo_slot(
    journalist_client, ingest_directory, example_page_bytes
):
    upload(journalist_client, example_page_bytes)
    draft = Article.objects.get(headline="以品牌建设赋能高质量发展")
    bylines = list(draft.bylines.order_by("position"))
    data = {
        "overline": draft.overline,
        "headline": draft.headline,
        "deck": draft.deck,
        "lead_in_source": draft.lead_in_source,
        "summary": "",
        "body": draft.body,
        "organizations": [o.pk for o in draft.organizations.all()],
        "tags": list(draft.tags.names()),
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "slug": draft.slug,
        "print_edition_date": "2024-06-18",
        "print_page": "A3",
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    for i, byline in enumerate(bylines):
        data |= {
            f"bylines-{i}-id": byline.pk,
            f"bylines-{i}-article": draft.pk,
            f"bylines-{i}-position": byline.position,
            f"bylines-{i}-role": byline.role,
            f"bylines-{i}-person": byline.person_id,
            f"bylines-{i}-organization": byline.organization_id or "",
        }
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = journalist_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Article.objects.get(pk=draft.pk)
    assert saved.body == draft.body
    assert '<figure class="image-placeholder">' in saved.body
    assert saved.byline_lines() == draft.byline_lines()
    assert saved.ingest_id == draft.ingest_id


def test_public_page_hides_a_photo_slot_that_has_no_photo_yet(
    client, journalist_client, ingest_directory, example_page_bytes
):
    from django.conf import settings
    from django.utils import timezone

    upload(journalist_client, example_page_bytes)
    feature = Article.objects.get(headline="以品牌建设赋能高质量发展")
    feature.status, feature.published_at = ArticleStatus.PUBLISHED, timezone.now()
    feature.save()
    content = client.get(feature.get_absolute_url()).content.decode()
    assert '<figure class="image-placeholder"><figcaption>' in content
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert "figure.image-placeholder:not(:has(img[src]" in stylesheet
