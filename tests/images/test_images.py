"""Image uploads, masters, renditions and the pictures readers get."""

import io
import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image as PILImage

from articles import services
from articles.models import Article, ArticleImage
from images import imaging, renditions
from images import services as image_services
from images.models import Image, Rendition
from images.storage import originals_storage
from readers.templatetags.readers_tags import render_body
from tests.factories import (
    ArticleFactory,
    ImageFactory,
    UserFactory,
    jpeg_bytes,
    phone_photo_bytes,
    pixel_bomb_png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the rendition task) as a real commit would, inside the test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def upload(staff_client, committed):
    """Post a file to the admin's image upload form."""

    def post(data: bytes, name="photo.jpg", **fields):
        fields.setdefault("caption", "说明")
        with committed():
            return staff_client.post(
                reverse("admin:images_image_add"),
                {"file": SimpleUploadedFile(name, data, content_type="image/jpeg"), **fields},
            )

    return post


@pytest.fixture
def saved_image(committed):
    """Save a library image as the admin does, renditions included."""

    def save(data: bytes, **fields) -> Image:
        fields.setdefault("alt_text", "会场")
        with committed():
            image = image_services.save_image(
                Image(file=ContentFile(data, name="photo.jpg"), **fields)
            )
        return image

    return save


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def open_stored(field_file) -> PILImage.Image:
    with field_file.open("rb") as f:
        data = f.read()
    image = PILImage.open(io.BytesIO(data))
    image.load()
    image.raw_bytes = data
    return image


def has_location(image: PILImage.Image) -> bool:
    exif = image.getexif()
    return bool(exif.get_ifd(0x8825)) or b"GPS" in image.raw_bytes or "exif" in image.info


# --- refusing bad uploads -------------------------------------------------------------------


def assert_refused(response, message: str, settings, tmp_path):
    assert response.status_code == 200
    content = response.content.decode()
    assert "errorlist" in content and message in content
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert stored_files(tmp_path / "media") == [] and stored_files(tmp_path / "private-media") == []


def test_text_file_named_jpg_is_refused_with_a_form_error(staff_client, settings, tmp_path, upload):
    response = upload("我不是图片".encode())
    assert_refused(response, "不是完整有效的图片", settings, tmp_path)


def test_truncated_jpeg_is_refused_with_a_form_error(staff_client, settings, tmp_path, upload):
    data = phone_photo_bytes(800, 600)
    response = upload(data[: len(data) // 2])
    assert_refused(response, "不是完整有效的图片", settings, tmp_path)


def test_oversize_file_is_refused_with_a_form_error(staff_client, settings, tmp_path, upload):
    settings.IMAGE_MAX_UPLOAD_BYTES = 10_000
    response = upload(phone_photo_bytes(800, 600))
    assert_refused(response, "文件太大", settings, tmp_path)


def test_pixel_bomb_is_refused_with_a_form_error(staff_client, settings, tmp_path, upload):
    response = upload(pixel_bomb_png(), name="bomb.png")
    assert_refused(response, "图片像素过多", settings, tmp_path)


def test_image_over_the_pixel_limit_is_refused_even_below_pillows_bomb_error(
    staff_client, settings, tmp_path, upload
):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    response = upload(jpeg_bytes(120, 120))  # 1.44× the limit: Pillow only warns
    assert_refused(response, "图片像素过多", settings, tmp_path)


def test_pixel_limit_setting_is_pillows_decompression_bomb_limit(settings):
    settings.IMAGE_MAX_PIXELS = 12_345
    assert PILImage.MAX_IMAGE_PIXELS == 12_345


# --- masters: oriented, stripped, originals private ------------------------------------------


def test_upload_keeps_the_original_privately_with_its_gps(staff_client, upload):
    response = upload(phone_photo_bytes(), alt_text="会场")
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.storage is originals_storage or image.file.storage == originals_storage
    with pytest.raises(ValueError):
        image.file.url  # noqa: B018 - the original has no public URL
    assert open_stored(image.file).getexif().get_ifd(0x8825)  # staff keep the location


def test_exif_and_gps_are_gone_from_master_and_every_rendition(staff_client, upload):
    upload(phone_photo_bytes(), alt_text="会场")
    image = Image.objects.get()
    served = [image.master] + [r.file for r in image.renditions.all()]
    assert len(served) > 10
    for field_file in served:
        assert not has_location(open_stored(field_file)), field_file.name


def test_exif_orientation_is_applied(staff_client, upload):
    upload(phone_photo_bytes(1600, 1200, orientation=6), alt_text="会场")
    image = Image.objects.get()
    assert (image.width, image.height) == (1200, 1600)
    for field_file in [
        image.master,
        image.renditions.get(spec="article", format="webp", width=800).file,
    ]:
        shown = open_stored(field_file).convert("RGB")
        w, h = shown.size
        assert h > w
        left, right = shown.getpixel((w // 10, h // 2)), shown.getpixel((w * 9 // 10, h // 2))
        assert left[2] > 150 and left[0] < 100  # blue on the left
        assert right[0] > 150 and right[2] < 100  # red on the right


def test_original_download_is_for_staff_only(client, staff_client, upload):
    upload(phone_photo_bytes(400, 300), alt_text="会场")
    image = Image.objects.get()
    url = reverse("admin:images_image_original", args=[image.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).getexif().get_ifd(0x8825)
    client.logout()
    client.force_login(UserFactory(username="reader", is_staff=False))
    assert client.get(url).status_code == 302  # to the admin login


def encoded(image: PILImage.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [PILImage.new("P", (300, 200), i) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("make", "master_format"),
    [
        (lambda: encoded(PILImage.new("CMYK", (300, 200), (0, 50, 100, 0)), "JPEG"), "JPEG"),
        (lambda: encoded(PILImage.new("I;16", (300, 200), 30000), "PNG"), "JPEG"),
        (lambda: encoded(PILImage.new("P", (300, 200), 3), "PNG", transparency=3), "PNG"),
        (lambda: encoded(PILImage.new("RGBA", (300, 200), (1, 2, 3, 100)), "WEBP"), "PNG"),
        (animated_gif, "JPEG"),
        (lambda: encoded(PILImage.new("RGB", (300, 200)), "JPEG", icc_profile=b"broken"), "JPEG"),
    ],
    ids=["cmyk-jpeg", "16-bit-png", "transparent-png", "rgba-webp", "animated-gif", "bad-icc"],
)
def test_unusual_images_still_get_a_master_and_renditions(make, master_format, saved_image):
    image = saved_image(make())
    assert open_stored(image.master).format == master_format
    formats = {open_stored(r.file).format for r in image.renditions.all()}
    assert formats == {"WEBP", "JPEG"}


# --- renditions ------------------------------------------------------------------------------


def test_upload_generates_every_rendition_through_the_task(staff_client, upload):
    upload(phone_photo_bytes(3000, 2000, orientation=None), alt_text="会场")
    image = Image.objects.get()
    made = {(r.spec, r.format, r.width, r.height) for r in image.renditions.all()}
    assert ("thumbnail", "webp", 160, 160) in made
    assert ("teaser", "jpeg", 800, 533) in made
    assert ("article", "webp", 1200, 800) in made
    assert ("full", "jpeg", 2400, 1600) in made
    assert len(made) == len(imaging.rendition_targets(image)) * len(imaging.FORMATS)


def test_renditions_are_generated_once_and_reused():
    image = ImageFactory(file=ContentFile(jpeg_bytes(1000, 800), name="a.jpg"))
    with mock.patch.object(imaging, "encode_rendition", wraps=imaging.encode_rendition) as render:
        first = renditions.generate_renditions(image)
        assert render.call_count == len(first) == len(imaging.rendition_targets(image)) * 2
        render.reset_mock()
        image = Image.objects.prefetch_related("renditions").get(pk=image.pk)
        again = renditions.generate_renditions(image)
        html = render_to_string(
            "readers/includes/picture.html", {"image": image, "size": "article"}
        )
    assert render.call_count == 0
    assert {r.pk for r in again} == {r.pk for r in first}
    assert "<picture>" in html


def test_small_images_are_never_upscaled():
    image = ImageFactory(file=ContentFile(jpeg_bytes(300, 200), name="a.jpg"))
    targets = imaging.rendition_targets(image)
    assert max(t.width for t in targets) == 300
    assert len({(t.spec, t.width) for t in targets}) == len(targets)


def test_crops_keep_the_focal_point():
    assert imaging.crop_box(3000, 2000, 1.0, (0.0, 0.5)) == (0, 0, 2000, 2000)
    assert imaging.crop_box(3000, 2000, 1.0, (1.0, 0.5)) == (1000, 0, 3000, 2000)
    assert imaging.crop_box(3000, 2000, 1.0, None) == (500, 0, 2500, 2000)


def test_moving_the_focal_point_regenerates_only_the_crops(saved_image, committed):
    image = saved_image(jpeg_bytes(900, 600))
    article_ids = set(image.renditions.filter(spec="article").values_list("pk", flat=True))
    thumb_ids = set(image.renditions.filter(spec="thumbnail").values_list("pk", flat=True))
    image.focal_point_x, image.focal_point_y = 0.1, 0.2
    with committed():
        image_services.save_image(image)
    assert set(image.renditions.filter(spec="article").values_list("pk", flat=True)) == article_ids
    new_thumbs = set(image.renditions.filter(spec="thumbnail").values_list("pk", flat=True))
    assert new_thumbs and not new_thumbs & thumb_ids


# --- markup ----------------------------------------------------------------------------------


def test_picture_has_webp_source_jpeg_fallback_srcset_sizes_and_dimensions(saved_image):
    image = saved_image(jpeg_bytes(1600, 1200))
    image = Image.objects.prefetch_related("renditions").get(pk=image.pk)
    html = render_to_string(
        "readers/includes/picture.html", {"image": image, "size": "article", "lazy": True}
    )
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert re.search(
        r'<source type="image/webp" srcset="[^"]+\.webp 480w, [^"]+\.webp 800w, [^"]+\.webp 1200w"',
        html,
    )
    assert re.search(r'<img src="[^"]+800x600\.jpg" srcset="[^"]+\.jpg 480w,', html)
    assert 'sizes="(max-width: 840px) 100vw, 800px"' in html
    assert 'width="800" height="600"' in html
    assert 'alt="会场"' in html and 'loading="lazy"' in html


def test_before_renditions_exist_the_master_stands_in_without_generating():
    image = ImageFactory(file=ContentFile(jpeg_bytes(640, 480), name="a.jpg"))
    with mock.patch.object(imaging, "encode_rendition") as render:
        html = render_to_string(
            "readers/includes/picture.html", {"image": image, "size": "article"}
        )
    render.assert_not_called()
    assert image.master.url in html and 'width="640" height="480"' in html


def test_body_figures_become_pictures_with_their_caption_under_them(saved_image):
    image = saved_image(jpeg_bytes(1200, 800), credit_text="渌口区法院供图")
    editor_figure = (
        f'<figure class="figure"><img src="/x.jpg" alt="会场" data-file="{image.pk}">'
        "<figcaption>党员大会现场。</figcaption></figure>"
    )
    body = f"<p>第一段。</p>{editor_figure}<p>第二段。</p>{image.figure_html()}"
    html = render_body(body)
    assert html.count("<picture>") == 2
    first = (
        html.index("第一段")
        < html.index("<picture>")
        < html.index("党员大会现场")
        < html.index("第二段")
    )
    assert first
    assert (
        '<figcaption>党员大会现场。 <span class="credit">渌口区法院供图</span></figcaption>' in html
    )
    assert "/x.jpg" not in html
    assert re.search(r'<a class="photo-full" href="[^"]+/full-1200x800\.jpg"', html)


def test_figure_of_a_deleted_image_is_dropped():
    html = render_body(
        '<p>甲</p><figure class="image" data-image-id="999"><img src="/a.jpg"></figure>'
    )
    assert html == "<p>甲</p>"


def test_listing_prefetches_lead_image_renditions_in_one_query(
    django_assert_num_queries, saved_image
):
    for _ in range(3):
        ArticleFactory(lead_image=saved_image(jpeg_bytes(900, 600)))
    with django_assert_num_queries(3):  # articles, bylines, renditions
        articles = list(Article.objects.for_listing())
        for article in articles:
            article.lead_image.picture("teaser")


def test_home_page_queries_do_not_grow_with_images(
    client, django_assert_max_num_queries, saved_image
):
    for _ in range(12):
        ArticleFactory(lead_image=saved_image(jpeg_bytes(900, 600)))
    with django_assert_max_num_queries(19):  # the stories' HTML rendered and stored
        client.get(reverse("readers:home"))
    with django_assert_max_num_queries(4):  # served stored
        response = client.get(reverse("readers:home"))
    content = response.content.decode()
    assert content.count("<picture>") == 12
    imgs = re.findall(r"<img [^>]+>", content)
    assert 'loading="lazy"' not in imgs[0]  # the top of the page loads at once …
    assert 'loading="lazy"' in imgs[-1]  # … what is below the fold only when scrolled to


def test_article_page_with_ten_images_renders_in_fixed_queries(
    client, django_assert_max_num_queries, saved_image
):
    images = [saved_image(jpeg_bytes(900, 600)) for _ in range(10)]
    body = "".join(f"<p>段落{i}</p>{image.figure_html()}" for i, image in enumerate(images))
    article = ArticleFactory(body=body, lead_image=images[0])
    with (
        mock.patch.object(imaging, "encode_rendition") as render,
        django_assert_max_num_queries(14),  # the story's HTML rendered and stored
    ):
        client.get(article.get_absolute_url())
    with django_assert_max_num_queries(2):  # served stored
        response = client.get(article.get_absolute_url())
    render.assert_not_called()
    assert response.content.decode().count("<picture>") == 10


# --- where images are used ------------------------------------------------------------------


def test_image_uses_follow_lead_image_and_body_on_save(saved_image):
    lead, in_body, other = (saved_image(jpeg_bytes()) for _ in range(3))
    article = ArticleFactory(lead_image=lead, body=f"<p>甲</p>{in_body.figure_html()}")
    uses = {(u.image_id, u.is_lead, u.in_body) for u in article.image_uses.all()}
    assert uses == {(lead.pk, True, False), (in_body.pk, False, True)}
    article.body = other.figure_html()
    article.lead_image = None
    services.save_article(article)
    assert list(ArticleImage.objects.values_list("image_id", flat=True)) == [other.pk]


def test_image_admin_lists_the_stories_using_it(staff_client, saved_image):
    image = saved_image(jpeg_bytes())
    ArticleFactory(headline="淦田法庭送法进校园", body=image.figure_html())
    ArticleFactory(headline="执行局交流活动", lead_image=image)
    content = staff_client.get(reverse("admin:images_image_change", args=[image.pk])).content
    assert "淦田法庭送法进校园" in content.decode() and "执行局交流活动" in content.decode()


def test_image_library_shows_rendition_thumbnails_and_filters(
    staff_client, django_assert_max_num_queries, saved_image
):
    for i in range(8):
        saved_image(jpeg_bytes(400, 300), caption=f"图{i}", credit_text="渌口区法院供图")
    with django_assert_max_num_queries(12):
        response = staff_client.get(
            reverse("admin:images_image_changelist"), {"q": "渌口区法院供图"}
        )
    content = response.content.decode()
    assert content.count("/renditions/") == 8 and "批量上传" in content
    thumbnail = Rendition.objects.filter(spec="thumbnail", format="jpeg", width=160).first()
    assert thumbnail.file.url in content


def test_bulk_upload_saves_several_files_in_one_form(staff_client, committed):
    files = [
        SimpleUploadedFile(f"p{i}.jpg", phone_photo_bytes(400, 300), content_type="image/jpeg")
        for i in range(3)
    ]
    with committed():
        response = staff_client.post(
            reverse("admin:images_image_bulk_upload"),
            {
                "files": files,
                "caption": "集中宣传日",
                "alt_text": "宣传现场",
                "credit_text": "供图",
            },
        )
    assert response.status_code == 302
    assert Image.objects.filter(caption="集中宣传日", alt_text="宣传现场").count() == 3
    assert Rendition.objects.filter(spec="thumbnail").count() == 3 * 2 * 2


def test_bulk_upload_with_one_bad_file_saves_none_and_names_it(staff_client):
    files = [
        SimpleUploadedFile("good.jpg", jpeg_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("bad.jpg", b"not an image", content_type="image/jpeg"),
    ]
    response = staff_client.post(reverse("admin:images_image_bulk_upload"), {"files": files})
    assert response.status_code == 200
    assert "bad.jpg：文件不是完整有效的图片" in response.content.decode()
    assert Image.objects.count() == 0


def test_body_editor_picker_lists_library_images_for_insertion(staff_client, saved_image):
    image = saved_image(jpeg_bytes(900, 600), caption="党员大会")
    response = staff_client.get(
        reverse("admin:images_image_picker"), {"CKEditorFuncNum": "3", "q": "党员"}
    )
    content = response.content.decode()
    assert f'data-id="{image.pk}"' in content and 'data-caption="党员大会"' in content
    assert "CKEDITOR.tools.callFunction" in content
    add_page = staff_client.get(reverse("admin:articles_article_add")).content.decode()
    assert reverse("admin:images_image_picker") in add_page


def test_picker_requires_permission(client):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("admin:images_image_picker")).status_code == 403


# --- storage ---------------------------------------------------------------------------------


def test_storage_backend_can_be_swapped(settings, tmp_path, client, saved_image):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "originals": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = saved_image(phone_photo_bytes(800, 600))
    article = ArticleFactory(body=f"<p>甲</p>{image.figure_html()}")
    assert type(default_storage._wrapped).__name__ == "InMemoryStorage"
    assert default_storage.exists(image.master.name)
    assert originals_storage.exists(image.file.name)
    assert all(default_storage.exists(r.file.name) for r in image.renditions.all())
    assert stored_files(tmp_path / "media") == [] and stored_files(tmp_path / "private-media") == []
    assert "<picture>" in client.get(article.get_absolute_url()).content.decode()


def test_deleting_an_image_removes_its_files_and_leaves_the_story_readable(
    saved_image, committed, client, tmp_path
):
    image = saved_image(phone_photo_bytes(800, 600))
    article = ArticleFactory(lead_image=image, body=f"<p>甲</p>{image.figure_html()}<p>乙</p>")
    with committed():
        image_services.delete_image(image)
    assert stored_files(tmp_path / "media") == [] and stored_files(tmp_path / "private-media") == []
    article.refresh_from_db()
    assert article.lead_image is None
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" not in page and "乙" in page


def test_excerpt_leaves_out_photo_captions(saved_image):
    image = saved_image(jpeg_bytes(), caption="党员大会现场")
    article = ArticleFactory(body=f"<p>第一段。</p>{image.figure_html()}<p>第二段。</p>")
    assert article.excerpt() == "第一段。第二段。"


def test_replacing_the_photo_regenerates_renditions_and_removes_the_old_files(
    saved_image, committed
):
    image = saved_image(jpeg_bytes(900, 600))
    old_original, old_master = image.file.name, image.master.name
    old_rendition = image.renditions.get(spec="article", format="jpeg", width=800).file.name
    image.file = ContentFile(phone_photo_bytes(600, 900, orientation=None), name="new.jpg")
    with committed():
        image_services.save_image(image)
    assert (image.width, image.height) == (600, 900)
    assert image.renditions.get(spec="article", format="jpeg", width=480).height == 720
    assert not originals_storage.exists(old_original)
    assert not default_storage.exists(old_master) and not default_storage.exists(old_rendition)
    assert originals_storage.exists(image.file.name) and default_storage.exists(image.master.name)


def test_lead_image_loads_at_once_and_body_photos_lazily(saved_image, client):
    lead, in_body = saved_image(jpeg_bytes(900, 600)), saved_image(jpeg_bytes(900, 600))
    article = ArticleFactory(lead_image=lead, body=f"<p>甲</p>{in_body.figure_html()}")
    page = client.get(article.get_absolute_url()).content.decode()
    lead_html = page[page.index('class="lead-image"') : page.index('class="body"')]
    body_html = page[page.index('class="body"') :]
    assert "<picture>" in lead_html and 'loading="lazy"' not in lead_html
    assert "<picture>" in body_html and 'loading="lazy"' in body_html


def test_with_the_database_backend_uploads_queue_renditions_for_the_worker(
    settings, saved_image, client
):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    image = saved_image(jpeg_bytes(900, 600))
    assert image.renditions.count() == 0 and DBTaskResult.objects.count() == 1
    article = ArticleFactory(body=f"<p>甲</p>{image.figure_html()}")
    assert image.master.url in client.get(article.get_absolute_url()).content.decode()

    # What `manage.py db_worker` does for each queued task (the command itself closes the
    # database connection between tasks, which the test's transaction cannot survive).
    worker = Worker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run_task(DBTaskResult.objects.get())
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert image.renditions.count() == len(imaging.rendition_targets(image)) * 2
    assert ".webp 800w" in client.get(article.get_absolute_url()).content.decode()
