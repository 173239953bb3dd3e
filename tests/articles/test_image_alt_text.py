"""Alt text is required before a story using the image (lead or in the body) is published."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Action, Article, ArticleStatus
from articles.workflow import ImageAltTextMissing
from tests.factories import DraftArticleFactory, ImageFactory, UserFactory, user_with_role

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


@pytest.fixture
def chief(db):
    return user_with_role("总编辑", username="chief")


def approved_story_with(image, **kwargs):
    return DraftArticleFactory(
        status=ArticleStatus.APPROVED, body=f"<p>甲</p>{image.figure_html()}<p>乙</p>", **kwargs
    )


def test_workflow_publish_and_schedule_refuse_images_lacking_alt_text(chief):
    article = approved_story_with(ImageFactory(alt_text="", caption="送法进校园"))
    with pytest.raises(ImageAltTextMissing, match="送法进校园"):
        services.publish(article, chief)
    with pytest.raises(ImageAltTextMissing):
        services.schedule(article, chief, timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    assert Action.PUBLISH in article.allowed_actions(chief)  # shown, refused with the reason


def test_admin_publish_button_refuses_with_a_clear_message(client, chief):
    article = approved_story_with(ImageFactory(alt_text="", caption="送法进校园"))
    client.force_login(chief)
    url = reverse("admin:articles_article_workflow", args=[article.pk, Action.PUBLISH])
    content = client.post(url, follow=True).content.decode()
    assert "还没有替代文字" in content and "送法进校园" in content
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


def test_admin_form_refuses_an_image_lacking_alt_text_in_a_published_story(client, chief):
    from tests.articles.test_workflow_permissions import edit_form_data
    from tests.factories import ArticleFactory

    article = ArticleFactory(body="<p>甲</p>")
    image = ImageFactory(alt_text="", caption="送法进校园")
    client.force_login(chief)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        edit_form_data(article, body=f"<p>甲</p>{image.figure_html()}"),
    )
    assert response.status_code == 200
    assert "还没有替代文字" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>甲</p>"


def test_alt_text_cannot_be_cleared_while_a_published_story_uses_the_image(client):
    from tests.factories import ArticleFactory

    client.force_login(UserFactory(username="editor", is_superuser=True))
    image = ImageFactory(alt_text="会场")
    ArticleFactory(headline="淦田法庭送法进校园", lead_image=image)
    response = client.post(
        reverse("admin:images_image_change", args=[image.pk]),
        {"caption": image.caption, "alt_text": "", "credit_text": ""},
    )
    assert response.status_code == 200
    assert "替代文字不能为空" in response.content.decode()
    image.refresh_from_db()
    assert image.alt_text == "会场"
