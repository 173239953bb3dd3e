"""The parts of a story kept in rows of their own: bylines, corrections, images used, old slugs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.bylines import BylineRole
from people.models import Organization, Person


class ArticleByline(models.Model):
    """One credit in a story's byline: who, in what role, in which order, for which body."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines", verbose_name="稿件"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="bylines", verbose_name="署名人"
    )
    role = models.CharField(
        "署名身份",
        max_length=20,
        choices=BylineRole.choices,
        default=BylineRole.ALL_MEDIA_REPORTER,
        blank=True,
        help_text="按见报时的印法选择；版面上没有印身份的（如“中国法院网讯（某甲 某乙）”）选“未注明身份”。",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bylines",
        verbose_name="当时所属机构",
        help_text="稿件刊发时此人所在单位；留空取其当前所属机构，调动后旧稿仍记在原单位。",
    )

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="unique_byline_role"
            ),
        ]
        indexes = [models.Index(fields=["person", "article"], name="byline_person_idx")]

    def __str__(self) -> str:
        return f"{self.role} {self.person.name}"

    def save(self, *args, **kwargs):
        if self.organization_id is None and self.person_id is not None:
            self.organization_id = self.person.affiliation_id
        super().save(*args, **kwargs)


class Correction(models.Model):
    """A dated correction note (更正) appended to a published story."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name="稿件",
    )
    text = models.TextField(
        "更正内容",
        help_text="读者看到的更正说明，如“本报11月20日A3版《……》一文中，‘某某’应为‘某某某’，特此更正。”",
    )
    corrected_at = models.DateTimeField("更正时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更正人",
    )

    class Meta:
        verbose_name = "更正"
        verbose_name_plural = "更正"
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return self.text


class ArticleImage(models.Model):
    """A library image used by a story, as its lead image or in its body (kept in sync on save)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="image_uses", verbose_name="稿件"
    )
    image = models.ForeignKey(
        "images.Image", on_delete=models.CASCADE, related_name="uses", verbose_name="图片"
    )
    is_lead = models.BooleanField("题图", default=False)
    in_body = models.BooleanField("正文插图", default=False)

    class Meta:
        verbose_name = "稿件用图"
        verbose_name_plural = "稿件用图"
        constraints = [
            models.UniqueConstraint(fields=["article", "image"], name="unique_article_image"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ← {self.image_id}"


class ArticleOldSlug(models.Model):
    """A slug a story used to have; its old address redirects to the current one."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="old_slugs", verbose_name="稿件"
    )
    slug = models.SlugField(
        "旧网址标识", max_length=100, unique=True, help_text="修改网址标识前使用的标识。"
    )
    created_at = models.DateTimeField("改动时间", auto_now_add=True)

    class Meta:
        verbose_name = "旧网址"
        verbose_name_plural = "旧网址"

    def __str__(self) -> str:
        return self.slug
