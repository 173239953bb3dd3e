"""Images, print-page imports and the readers' stored pages become apps of their own.

State only: the tables keep their names (each model's db_table), so an existing database
migrates without copying or losing anything.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_listing_topic_time_idx"),
        ("images", "0001_initial"),
        ("ingest", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="articlelisting",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="articlerender",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="articlerender",
                    name="court",
                ),
                migrations.RemoveField(
                    model_name="image",
                    name="credit_person",
                ),
                migrations.RemoveField(
                    model_name="image",
                    name="uploaded_by",
                ),
                migrations.AlterField(
                    model_name="articleimage",
                    name="image",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uses",
                        to="images.image",
                        verbose_name="图片",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="lead_image",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="列表和分享卡片使用的主图。",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="lead_of",
                        to="images.image",
                        verbose_name="题图",
                    ),
                ),
                migrations.RemoveField(
                    model_name="rendition",
                    name="image",
                ),
                migrations.RemoveField(
                    model_name="pageingest",
                    name="uploaded_by",
                ),
                migrations.AlterField(
                    model_name="article",
                    name="ingest",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        help_text="本稿由哪次版面导入生成；手工撰写的稿件为空。",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="articles",
                        to="ingest.pageingest",
                        verbose_name="来源版面",
                    ),
                ),
                migrations.DeleteModel(
                    name="ArticleListing",
                ),
                migrations.DeleteModel(
                    name="ArticleRender",
                ),
                migrations.DeleteModel(
                    name="Image",
                ),
                migrations.DeleteModel(
                    name="Rendition",
                ),
                migrations.DeleteModel(
                    name="PageIngest",
                ),
            ],
            database_operations=[],
        ),
    ]
