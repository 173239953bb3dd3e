"""Alt text is required before a story using the image (lead or in the body) is published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, ArticleStatus
from tests.articles.test_admin import article_post_data
from tests.factories import DraftArticleFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_images_missing_alt_lists_lead_and_body_images_without_alt_text():
    lead, in_body, described = (
        ImageFactory(alt_text=""),
        ImageFactory(alt_text=""),
        ImageFactory(alt_text="会场"),
    )
    article = DraftArticleFactory(
        lead_image=lead, body=f"<p>甲</p>{in_body.figure_html()}{described.figure_html()}"
    )
    assert article.images_missing_alt() == [lead, in_body]


def test_draft_with_images_lacking_alt_text_saves():
    article = DraftArticleFactory(lead_image=ImageFactory(alt_text=""))
    assert article.pk


@pytest.mark.parametrize("where", ["lead", "body"])
def test_saving_as_published_with_an_image_lacking_alt_text_fails(where):
    image = ImageFactory(alt_text="", caption="党员大会")
    article = DraftArticleFactory(
        lead_image=image if where == "lead" else None,
        body=image.figure_html() if where == "body" else "<p>甲</p>",
    )
    article.status = ArticleStatus.PUBLISHED
    with pytest.raises(ValidationError, match="还没有替代文字") as error:
        article.save()
    assert "党员大会" in str(error.value)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT
    with pytest.raises(ValidationError):
        article.full_clean()


def test_publishing_succeeds_once_alt_text_is_written():
    image = ImageFactory(alt_text="")
    article = DraftArticleFactory(body=image.figure_html())
    image.alt_text = "党员在会议室内开会"
    image.save()
    article.status = ArticleStatus.PUBLISHED
    article.save()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_admin_refuses_to_publish_with_a_clear_message(client):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    image = ImageFactory(alt_text="", caption="送法进校园")
    data = article_post_data(status="published", body=f"<p>甲</p>{image.figure_html()}<p>乙</p>")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "还没有替代文字" in content and "送法进校园" in content
    assert not Article.objects.exists()


def test_alt_text_cannot_be_cleared_while_a_published_story_uses_the_image(client):
    from tests.factories import ArticleFactory

    client.force_login(UserFactory(username="editor", is_superuser=True))
    image = ImageFactory(alt_text="会场")
    ArticleFactory(headline="淦田法庭送法进校园", lead_image=image)
    response = client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"caption": image.caption, "alt_text": "", "credit_text": ""},
    )
    assert response.status_code == 200
    assert "替代文字不能为空" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "会场"
