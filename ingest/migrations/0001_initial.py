"""The print-page import record, taken over from the articles app with its table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def take_over_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("pageingest",):
        if not ContentType.objects.filter(app_label="ingest", model=model).exists():
            ContentType.objects.filter(app_label="articles", model=model).update(app_label="ingest")


def give_back_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("pageingest",):
        if not ContentType.objects.filter(app_label="articles", model=model).exists():
            ContentType.objects.filter(app_label="ingest", model=model).update(app_label="articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0011_listing_topic_time_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of whose they are moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageIngest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "edition_date",
                            models.DateField(
                                help_text="这一版见报的日期。", verbose_name="见报日期"
                            ),
                        ),
                        (
                            "page_label",
                            models.CharField(
                                help_text="如“A3”。", max_length=10, verbose_name="版次"
                            ),
                        ),
                        (
                            "filename",
                            models.CharField(
                                blank=True, editable=False, max_length=255, verbose_name="文件名"
                            ),
                        ),
                        (
                            "raw",
                            models.BinaryField(
                                help_text="上传的文件原样保存，什么都不会丢。",
                                verbose_name="原始文件",
                            ),
                        ),
                        (
                            "text",
                            models.TextField(
                                editable=False,
                                help_text="解码后的版面全文。",
                                verbose_name="版面文字",
                            ),
                        ),
                        (
                            "encoding",
                            models.CharField(
                                editable=False,
                                help_text="导入时识别或指定的编码，如 utf-8、gb18030。",
                                max_length=20,
                                verbose_name="文件编码",
                            ),
                        ),
                        (
                            "content_hash",
                            models.CharField(
                                editable=False,
                                help_text="版面文字的 SHA-256；同一版面再次上传时据此认出“已导入”。",
                                max_length=64,
                                unique=True,
                                verbose_name="内容指纹",
                            ),
                        ),
                        (
                            "report",
                            models.JSONField(
                                default=dict,
                                editable=False,
                                help_text="识别出的稿件、署名、机构、专题，以及需要人工核对的疑点。",
                                verbose_name="导入报告",
                            ),
                        ),
                        (
                            "uploaded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="上传时间"),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="上传者",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "版面导入",
                        "verbose_name_plural": "版面导入",
                        "db_table": "articles_pageingest",
                        "ordering": ["-uploaded_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["edition_date", "page_label"],
                                name="ingest_edition_page_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
