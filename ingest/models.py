"""Print pages uploaded for import: the file as received and what the importer made of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PageIngest(models.Model):
    """One uploaded print page: the file as received, and what the importer made of it."""

    edition_date = models.DateField("见报日期", help_text="这一版见报的日期。")
    page_label = models.CharField("版次", max_length=10, help_text="如“A3”。")
    filename = models.CharField("文件名", max_length=255, blank=True, editable=False)
    raw = models.BinaryField(
        "原始文件", editable=False, help_text="上传的文件原样保存，什么都不会丢。"
    )
    text = models.TextField("版面文字", editable=False, help_text="解码后的版面全文。")
    encoding = models.CharField(
        "文件编码",
        max_length=20,
        editable=False,
        help_text="导入时识别或指定的编码，如 utf-8、gb18030。",
    )
    content_hash = models.CharField(
        "内容指纹",
        max_length=64,
        unique=True,
        editable=False,
        help_text="版面文字的 SHA-256；同一版面再次上传时据此认出“已导入”。",
    )
    report = models.JSONField(
        "导入报告",
        default=dict,
        editable=False,
        help_text="识别出的稿件、署名、机构、专题，以及需要人工核对的疑点。",
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
        db_table = "articles_pageingest"  # the table this app took over from articles
        verbose_name = "版面导入"
        verbose_name_plural = "版面导入"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [
            models.Index(fields=["edition_date", "page_label"], name="ingest_edition_page_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.edition_date:%Y-%m-%d} {self.page_label}"

    @property
    def story_count(self) -> int:
        return len(self.report.get("stories", []))

    @property
    def warning_count(self) -> int:
        """Return how many points the report asks a person to check."""
        stories = self.report.get("stories", [])
        return len(self.report.get("warnings", [])) + sum(len(s["warnings"]) for s in stories)
