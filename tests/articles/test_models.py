import pytest
from django.utils import timezone

from articles.models import Article, ArticleStatus
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    DraftArticleFactory,
    OrganizationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="steal()">正文<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">链接</a><img src="x.jpg" onerror="x()">'
    )
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onclick" not in article.body and "onerror" not in article.body
    assert "javascript:" not in article.body
    assert "<p>正文</p>" in article.body


def test_sanitiser_keeps_editorial_markup():
    html = (
        "<h2>小标题</h2><p><strong>一是</strong><em>强调</em></p><ul><li>要点</li></ul>"
        '<figure class="image" data-image-id="3"><img src="/media/a.jpg" alt="说明">'
        "<figcaption>图片说明</figcaption></figure>"
    )
    article = ArticleFactory(body=html)
    assert "<h2>小标题</h2>" in article.body
    assert "<strong>一是</strong>" in article.body
    assert 'data-image-id="3"' in article.body
    assert "<figcaption>图片说明</figcaption>" in article.body


def test_slug_is_pinyin_of_headline_and_stays_when_headline_changes():
    article = ArticleFactory(headline="攸县深化法检协作")
    assert article.slug == "you-xian-shen-hua-fa-jian-xie-zuo"
    article.headline = "攸县法检协作再深化"
    article.save()
    article.refresh_from_db()
    assert article.slug == "you-xian-shen-hua-fa-jian-xie-zuo"


def test_same_headline_gets_distinct_slugs():
    first = ArticleFactory(headline="攸县深化法检协作")
    second = ArticleFactory(headline="攸县深化法检协作")
    assert first.slug != second.slug
    assert second.slug == "you-xian-shen-hua-fa-jian-xie-zuo-2"


def test_deck_dash_is_stripped():
    article = ArticleFactory(deck="——株洲市渌口区法院党建品牌创建纪实")
    assert article.deck == "株洲市渌口区法院党建品牌创建纪实"


def test_published_excludes_drafts_and_future_stories():
    visible = ArticleFactory()
    DraftArticleFactory()
    ArticleFactory(published_at=timezone.now() + timezone.timedelta(hours=2))
    assert list(Article.objects.published()) == [visible]


def test_publishing_without_time_sets_now():
    article = DraftArticleFactory()
    article.status = ArticleStatus.PUBLISHED
    article.save()
    assert article.published_at is not None


def test_about_includes_descendant_organisations_once():
    court = OrganizationFactory(name="株洲市中级人民法院")
    lower = OrganizationFactory(parent=court, name="株洲市渌口区人民法院")
    branch = OrganizationFactory(parent=lower, name="综合管理党支部")
    elsewhere = OrganizationFactory(name="攸县人民检察院")
    story = ArticleFactory()
    story.organizations.set([lower, branch])
    other = ArticleFactory()
    other.organizations.set([elsewhere])
    assert list(Article.objects.about(court)) == [story]
    assert list(Article.objects.about(branch)) == [story]
    assert list(Article.objects.about(elsewhere)) == [other]


def test_byline_records_affiliation_at_publication_time():
    old_court = OrganizationFactory(name="攸县人民法院")
    new_court = OrganizationFactory(name="株洲市渌口区人民法院")
    person = PersonFactory(name="罗晓洪", affiliation=old_court)
    byline = BylineFactory(person=person, role="通讯员")
    person.affiliation = new_court
    person.save()
    byline.refresh_from_db()
    assert byline.organization == old_court


def test_article_renders_its_bylines_in_order():
    article = ArticleFactory(lead_in_source="湖南法治报讯")
    for name, role in [("伏志勇", "全媒体记者"), ("罗晓洪", "通讯员"), ("刘婧", "通讯员")]:
        BylineFactory(article=article, person=PersonFactory(name=name), role=role)
    article = Article.objects.for_detail().get(pk=article.pk)
    assert article.lead_in() == "湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）"
    assert article.byline_lines() == []


def test_image_validator_refuses_truncated_and_oversized_files(settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.validators import validate_image_file
    from tests.factories import jpeg_bytes

    data = jpeg_bytes(800, 600)
    with pytest.raises(ValidationError, match="不是完整有效的图片"):
        validate_image_file(SimpleUploadedFile("a.jpg", data[: len(data) // 2]))
    settings.IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError, match="像素过多"):
        validate_image_file(SimpleUploadedFile("a.jpg", data))
    settings.IMAGE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="文件太大"):
        validate_image_file(SimpleUploadedFile("a.jpg", data))
