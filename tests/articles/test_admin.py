import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from images.models import Image
from tests.factories import ImageFactory, PersonFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

JOURNALIST_PERMS = [
    "add_article",
    "change_article",
    "view_article",
    "add_articlebyline",
    "change_articlebyline",
    "view_articlebyline",
    "delete_articlebyline",
    "add_image",
    "change_image",
    "view_image",
    "view_topic",
    "add_topic",
    "view_person",
    "view_organization",
]


@pytest.fixture
def journalist(db):
    user = UserFactory(username="wangwei")
    user.user_permissions.set(Permission.objects.filter(codename__in=JOURNALIST_PERMS))
    return user


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


def test_changelist_shows_stories_with_bylines(journalist_client, demo):
    response = journalist_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "以品牌建设赋能高质量发展" in content
    assert "王薇、谢燕、曾佳欣、陈璧君" in content


def test_changelist_queries_do_not_grow_with_stories(
    journalist_client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        journalist_client.get(reverse("admin:articles_article_changelist"))


def test_changelist_filters_by_court_including_descendants(journalist_client, demo):
    from people.models import Organization

    court = Organization.objects.get(name="株洲市中级人民法院")
    procuratorate = Organization.objects.get(name="攸县人民检察院")
    url = reverse("admin:articles_article_changelist")
    content = journalist_client.get(url, {"court": court.pk}).content.decode()
    assert "以品牌建设赋能高质量发展" in content and "攸县深化法检协作" in content
    content = journalist_client.get(url, {"court": procuratorate.pk}).content.decode()
    assert "攸县深化法检协作" in content and "以品牌建设赋能高质量发展" not in content


def test_changelist_searches_byline_names(journalist_client, demo):
    url = reverse("admin:articles_article_changelist")
    content = journalist_client.get(url, {"q": "伏志勇"}).content.decode()
    assert "攸县深化法检协作" in content and "以品牌建设赋能高质量发展" not in content


def test_my_articles_filter(journalist_client, journalist, demo):
    mine = Article.objects.get(headline="攸县深化法检协作")
    mine.created_by = journalist
    mine.save()
    url = reverse("admin:articles_article_changelist")
    content = journalist_client.get(url, {"mine": "1"}).content.decode()
    assert "攸县深化法检协作" in content and "以品牌建设赋能高质量发展" not in content


def test_add_page_has_byline_inline_and_autocompletes(journalist_client):
    response = journalist_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="bylines-0-person"' in content
    assert "admin-autocomplete" in content
    assert "django_prose_editor" in content
    assert reverse("admin:articles_article_topic_autocomplete") in content


def test_change_page_loads(journalist_client, demo):
    article = Article.objects.get(headline="以品牌建设赋能高质量发展")
    response = journalist_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "党建品牌" in response.content.decode()


def test_person_autocomplete_returns_chinese_matches(journalist_client, demo):
    response = journalist_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "谢",
            "app_label": "articles",
            "model_name": "articlebyline",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["谢燕（渌口区法院）"]


def test_organization_autocomplete_matches_alias(journalist_client, demo):
    response = journalist_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "渌口法院",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "organizations",
        },
    )
    assert response.status_code == 200
    assert "株洲市渌口区人民法院" in [r["text"] for r in response.json()["results"]]


def test_topic_autocomplete_returns_chinese_topics(journalist_client, demo):
    response = journalist_client.get(
        reverse("admin:articles_article_topic_autocomplete"), {"term": "党建"}
    )
    assert [r["id"] for r in response.json()["results"]] == ["党建", "党建品牌"]


def test_topic_autocomplete_requires_permission(client):
    client.force_login(UserFactory(username="nobody"))
    response = client.get(reverse("admin:articles_article_topic_autocomplete"), {"term": "党"})
    assert response.status_code == 403


def article_post_data(**overrides):
    data = {
        "overline": "",
        "headline": "淦田法庭开展送法进校园活动",
        "deck": "",
        "lead_in_source": "湖南法治报讯",
        "summary": "",
        "body": "<p>近日，淦田法庭走进梓湖小学。</p><script>alert(1)</script>",
        "tags": ["普法", "未成年人保护"],
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "slug": "",
        "print_edition_date": "",
        "print_page": "",
        "bylines-TOTAL_FORMS": "2",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_journalist_writes_a_story_with_two_bylines_and_an_image(journalist_client, journalist):
    reporter = PersonFactory(name="王薇")
    correspondent = PersonFactory(name="谢燕", kind="correspondent")
    image = ImageFactory(caption="送法进校园现场")
    data = article_post_data(
        **{
            "lead_image": image.pk,
            "bylines-0-position": "0",
            "bylines-0-role": "全媒体记者",
            "bylines-0-person": reporter.pk,
            "bylines-1-position": "1",
            "bylines-1-role": "通讯员",
            "bylines-1-person": correspondent.pk,
        }
    )
    response = journalist_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.for_detail().get(headline="淦田法庭开展送法进校园活动")
    assert article.lead_in() == "湖南法治报讯（全媒体记者 王薇 通讯员 谢燕）"
    assert sorted(article.tags.names()) == ["普法", "未成年人保护"]
    assert article.lead_image == image
    assert article.created_by == journalist
    assert "<script" not in article.body


def test_image_upload_of_a_text_file_is_a_form_error(journalist_client):
    fake = SimpleUploadedFile("photo.jpg", b"this is not a picture", content_type="image/jpeg")
    response = journalist_client.post(
        reverse("admin:images_image_add"), {"file": fake, "caption": "说明"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Image.objects.count() == 0


def test_truncated_jpeg_upload_is_a_form_error(journalist_client):
    data = jpeg_bytes(800, 600)
    truncated = SimpleUploadedFile("photo.jpg", data[: len(data) // 2], content_type="image/jpeg")
    response = journalist_client.post(
        reverse("admin:images_image_add"), {"file": truncated, "caption": "说明"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "有效的图片" in content or "不是完整有效的图片" in content
    assert Image.objects.count() == 0


def test_valid_image_upload_records_size_and_uploader(journalist_client, journalist):
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(320, 240), content_type="image/jpeg")
    response = journalist_client.post(
        reverse("admin:images_image_add"),
        {
            "file": upload,
            "caption": "渌口区法院综合管理党支部召开支部党员大会。",
            "alt_text": "会场",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (320, 240)
    assert image.uploaded_by == journalist


def test_image_changelist_shows_thumbnails_and_searches_caption(journalist_client):
    ImageFactory(caption="淦田法庭送法进校园")
    ImageFactory(caption="执行局交流活动")
    response = journalist_client.get(reverse("admin:images_image_changelist"), {"q": "淦田"})
    content = response.content.decode()
    assert "淦田法庭送法进校园" in content and "执行局交流活动" not in content
    assert "<img" in content


def test_organization_tree_admin_lists_and_offers_add_child(admin_client, demo):
    from people.models import Organization

    url = reverse("admin:people_organization_changelist")
    content = admin_client.get(url).content.decode()
    assert "湖南省高级人民法院" in content and "添加下级机构" in content
    assert "株洲市中级人民法院" not in content  # children load when a node is expanded
    high = Organization.objects.get(name="湖南省高级人民法院")
    children = admin_client.get(f"{url}children/{high.pk}/").json()["result_html"]
    assert "株洲市中级人民法院" in children
    assert "株洲市渌口区人民法院" in admin_client.get(url, {"q": "渌口"}).content.decode()


def test_organization_add_child_in_place(admin_client, demo):
    from people.models import Organization

    court = Organization.objects.get(name="株洲市渌口区人民法院")
    url = reverse("admin:people_organization_add")
    response = admin_client.get(
        url, {"treebeard_ref_node": court.pk, "treebeard_position": "first-child"}
    )
    assert response.status_code == 200
    response = admin_client.post(
        url,
        {
            "name": "株洲市渌口区人民法院执行局",
            "short_name": "执行局",
            "kind": "department",
            "region": "",
            "slug": "",
            "description": "",
            "treebeard_position": "first-child",
            "treebeard_ref_node": court.pk,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    child = Organization.objects.get(name="株洲市渌口区人民法院执行局")
    assert Organization.objects.get_parent(child) == court


def test_person_changelist_filters_by_kind(admin_client, demo):
    response = admin_client.get(
        reverse("admin:people_person_changelist"), {"kind": "correspondent"}
    )
    content = response.content.decode()
    assert "谢燕" in content and "王薇" not in content


def test_admin_index_offers_topics_not_taggits_generic_tags(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:articles_topic_changelist") in content
    assert "/admin/taggit/" not in content
