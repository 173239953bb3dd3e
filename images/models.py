"""The photo library: images with caption, credit and alt text, and their stored renditions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import format_html

from images.imaging import Picture, build_master, picture_for
from images.signals import image_validating
from images.storage import get_originals_storage
from images.validators import validate_image_file
from people.models import Person


def original_upload_to(instance, filename: str) -> str:
    return timezone.now().strftime("originals/%Y/%m/") + filename


def master_upload_to(instance, filename: str) -> str:
    return timezone.now().strftime("images/%Y/%m/") + filename


def rendition_upload_to(instance, filename: str) -> str:
    return f"images/renditions/{instance.image_id}/{filename}"


class Image(models.Model):
    """A photo in the library, reusable across stories.

    `file` is the upload as it came, EXIF and GPS included, in the private "originals" storage
    for staff. Readers get `master` (right way up, no metadata) and renditions made from it.
    """

    file = models.ImageField(
        "原图",
        upload_to=original_upload_to,
        storage=get_originals_storage,
        validators=[validate_image_file],
        help_text="支持 JPEG、PNG、WebP、GIF。原图（含拍摄信息）只保存在内部，读者看到的是去除位置等信息、"
        "自动转正后的图片。",
    )
    master = models.ImageField(
        "公开主图",
        upload_to=master_upload_to,
        blank=True,
        editable=False,
        help_text="由原图生成：按拍摄方向转正，去除 EXIF、GPS 等信息。",
    )
    width = models.PositiveIntegerField("宽度", editable=False, default=0)
    height = models.PositiveIntegerField("高度", editable=False, default=0)
    caption = models.CharField(
        "图片说明",
        max_length=300,
        blank=True,
        help_text="印在图片下方的说明，如“渌口区法院综合管理党支部召开支部党员大会。”",
    )
    alt_text = models.CharField(
        "替代文字",
        max_length=200,
        blank=True,
        help_text="为视障读者描述画面内容；发布使用此图的稿件前必须填写。",
    )
    credit_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name="摄影者",
        help_text="本报摄影记者或通讯员；不在人员库中时填写下一栏。",
    )
    credit_text = models.CharField(
        "署名（文字）", max_length=100, blank=True, help_text="如“渌口区法院供图”。"
    )
    focal_point_x = models.FloatField(
        "焦点横向位置",
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="裁切缩略图时要保留的位置（如人脸），0 为最左，1 为最右；可在上方预览图上点击设置。留空则居中裁切。",
    )
    focal_point_y = models.FloatField(
        "焦点纵向位置",
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="0 为最上，1 为最下。",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传者",
        editable=False,
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        db_table = "articles_image"  # the table this app took over from articles
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(focal_point_x__isnull=True, focal_point_y__isnull=True)
                    | models.Q(
                        focal_point_x__gte=0,
                        focal_point_x__lte=1,
                        focal_point_y__gte=0,
                        focal_point_y__lte=1,
                    )
                ),
                name="image_focal_point_in_frame",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text or f"图片 {self.pk}"

    def save(self, *args, **kwargs):
        # A newly assigned upload is not yet committed to storage; a master is derived from it.
        if self.file and (not self.file._committed or not self.master):
            self.build_master()
        super().save(*args, **kwargs)

    def clean(self):
        if (self.focal_point_x is None) != (self.focal_point_y is None):
            raise ValidationError("焦点的横向和纵向位置须同时填写或同时留空。")
        # Apps that use images say what may not change (a photo on a published story).
        image_validating.send(sender=type(self), image=self)

    def has_new_upload(self) -> bool:
        """Whether a new original was assigned and not yet saved."""
        return bool(self.file) and not self.file._committed

    def build_master(self) -> None:
        """Derive the public master (oriented, no metadata) and the dimensions from the original."""
        self.file.open("rb")
        content, self.width, self.height = build_master(self.file)
        self.master.save(content.name, content, save=False)

    @property
    def credit(self) -> str:
        """Return the photographer credit as printed."""
        return self.credit_person.name if self.credit_person_id else self.credit_text

    @property
    def credit_line(self) -> str:
        """Return the credit as printed under a photo: "王五 摄" for a person, else the text."""
        return f"{self.credit_person.name} 摄" if self.credit_person_id else self.credit_text

    @property
    def focal_point(self) -> tuple[float, float] | None:
        if self.focal_point_x is None or self.focal_point_y is None:
            return None
        return (self.focal_point_x, self.focal_point_y)

    def picture(self, size: str) -> Picture | None:
        """Return the <picture> data at a named size (uses prefetched renditions)."""
        return picture_for(self, size)

    def public_url(self, size: str = "article") -> str:
        """Return a URL readers may fetch (a rendition, else the master), never the original."""
        picture = self.picture(size)
        return picture.src if picture else ""

    def figure_html(self) -> str:
        """Return the figure a story's body stores for this image (what render_body replaces)."""
        return format_html(
            '<figure class="image" data-image-id="{id}"><img src="{src}" alt="{alt}" '
            'width="{w}" height="{h}" data-file="{id}"><figcaption>{caption}</figcaption></figure>',
            id=self.pk,
            src=self.public_url(),
            alt=self.alt_text,
            w=self.width,
            h=self.height,
            caption=self.caption,
        )


class RenditionFormat(models.TextChoices):
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"


class RenditionSpec(models.TextChoices):
    THUMBNAIL = "thumbnail", "缩略图"
    TEASER = "teaser", "列表图"
    ARTICLE = "article", "正文图"
    FULL = "full", "大图"


class Rendition(models.Model):
    """One stored size and format of an image, generated once from its master."""

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions", verbose_name="图片"
    )
    spec = models.CharField("尺寸", max_length=20, choices=RenditionSpec.choices)
    format = models.CharField("格式", max_length=10, choices=RenditionFormat.choices)
    width = models.PositiveIntegerField("宽度")
    height = models.PositiveIntegerField("高度")
    file = models.ImageField("文件", upload_to=rendition_upload_to, max_length=200)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        db_table = "articles_rendition"
        verbose_name = "图片尺寸"
        verbose_name_plural = "图片尺寸"
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format", "width"], name="unique_rendition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.spec} {self.width}×{self.height} {self.format}"
