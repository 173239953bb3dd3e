"""Done when: a phone photo with GPS, captioned and placed mid-story, reaches readers safely."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Action, Article
from images.models import Image
from tests.articles.test_workflow_permissions import edit_form_data
from tests.factories import PersonFactory, phone_photo_bytes, user_with_role

pytestmark = pytest.mark.django_db

CAPTION = "渌口区法院综合管理党支部召开支部党员大会。"


def test_phone_photo_with_gps_placed_mid_story_is_served_upright_stripped_with_caption(
    client, django_capture_on_commit_callbacks
):
    journalist = user_with_role("记者", username="wangwei")
    reviewers = [
        user_with_role(role, username=name)
        for role, name in (("编辑", "editor"), ("部门主任", "head"), ("总编辑", "chief"))
    ]
    client.force_login(journalist)

    # 1. Upload the phone photo (stored sideways, EXIF orientation 6, GPS) and caption it.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:images_image_add"),
            {
                "file": SimpleUploadedFile(
                    "IMG_2024.jpg", phone_photo_bytes(1600, 1200, orientation=6, gps=True)
                ),
                "caption": CAPTION,
                "alt_text": "党支部党员在会议室内召开支部党员大会",
                "credit_text": "渌口区法院供图",
            },
        )
    assert response.status_code == 302
    image = Image.objects.get()

    # 2. Place it mid-story through the editor's picker (the figure the picker inserts).
    picker = client.get(reverse("admin:images_image_picker"), {"CKEditorFuncNum": "1"})
    url = re.search(rf'data-url="([^"]+)" data-id="{image.pk}"', picker.content.decode())[1]
    figure = (
        f'<figure class="figure"><img src="{url}" alt="{image.alt_text}" data-file="{image.pk}">'
        f"<figcaption>{CAPTION}</figcaption></figure>"
    )
    data = edit_form_data(
        Article(headline="以品牌建设赋能高质量发展"),
        body=f"<p>第一段：党建引领。</p>{figure}<p>第二段：品牌创建。</p>",
        base_version="",
    )
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-position": "0",
            "bylines-0-role": "全媒体记者",
            "bylines-0-person": PersonFactory(name="王薇").pk,
        }
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="以品牌建设赋能高质量发展")

    # 3. Submitted, signed off at three levels and published through the workflow buttons.
    steps = [(journalist, Action.SUBMIT)] + [(r, Action.APPROVE) for r in reviewers]
    for user, action in [*steps, (reviewers[-1], Action.PUBLISH)]:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("admin:articles_article_workflow", args=[article.pk, action])
            )
        assert response.status_code == 302
    assert Article.objects.published().filter(pk=article.pk).exists()

    # 4. A reader opens the published page.
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    text = page[page.index('<div class="body">') :]
    body = text[text.index("第一段") : text.index("第二段")]
    assert body.index("<picture>") < body.index(CAPTION), "the caption sits under the photo"
    assert re.search(r"</picture>(</a>)?<figcaption>" + re.escape(CAPTION), body)
    webp_srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', body)[1]
    img = re.search(
        r'<img src="[^"]+" srcset="[^"]+" sizes="[^"]+" width="(\d+)" height="(\d+)"', body
    )
    assert (int(img[1]), int(img[2])) == (800, 1067)  # the article size, portrait

    # 5. The WebP served at that size is right way up and carries no location data.
    webp_url = next(u.split()[0] for u in webp_srcset.split(", ") if u.endswith(" 800w"))
    with default_storage.open(webp_url.removeprefix(settings.MEDIA_URL)) as f:
        data = f.read()
    served = PILImage.open(io.BytesIO(data))
    assert served.format == "WEBP" and served.size == (800, 1067)
    assert "exif" not in served.info and not served.getexif() and b"GPS" not in data
    served = served.convert("RGB")
    assert served.getpixel((80, 533))[2] > 150  # blue on the left …
    assert served.getpixel((720, 533))[0] > 150  # … red on the right: rotated as shown
    assert "IMG_2024" not in page and "originals/" not in page
