"""The readers' stored HTML and list index, taken over from the articles app with their tables."""

import django.db.models.deletion
from django.db import migrations, models


def take_over_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("articlerender", "articlelisting"):
        if not ContentType.objects.filter(app_label="readers", model=model).exists():
            ContentType.objects.filter(app_label="articles", model=model).update(
                app_label="readers"
            )


def give_back_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("articlerender", "articlelisting"):
        if not ContentType.objects.filter(app_label="articles", model=model).exists():
            ContentType.objects.filter(app_label="readers", model=model).update(
                app_label="articles"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0012_move_images_ingest_and_readers_models_out"),
        ("people", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of whose they are moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ArticleRender",
                    fields=[
                        (
                            "article",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="render",
                                serialize=False,
                                to="articles.article",
                            ),
                        ),
                        ("stamp", models.BigIntegerField()),
                        ("version", models.CharField(max_length=16)),
                        ("topic_ids", models.CharField(blank=True, default="", max_length=200)),
                        ("card", models.TextField()),
                        ("lead", models.TextField()),
                        ("head", models.TextField()),
                        ("main", models.TextField()),
                        ("rendered_at", models.DateTimeField(auto_now=True)),
                        (
                            "court",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="people.organization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "稿件页面",
                        "verbose_name_plural": "稿件页面",
                        "db_table": "articles_articlerender",
                    },
                ),
                migrations.CreateModel(
                    name="ArticleListing",
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
                            "kind",
                            models.CharField(
                                choices=[("o", "机构"), ("t", "专题"), ("p", "作者")], max_length=1
                            ),
                        ),
                        ("key", models.BigIntegerField()),
                        ("published_at", models.DateTimeField()),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="listings",
                                to="articles.article",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "列表条目",
                        "verbose_name_plural": "列表条目",
                        "db_table": "articles_articlelisting",
                        "indexes": [
                            models.Index(
                                fields=["kind", "key", "-published_at", "-article"],
                                name="listing_order_idx",
                            ),
                            models.Index(
                                condition=models.Q(("kind", "t")),
                                fields=["-published_at", "key"],
                                name="listing_topic_time_idx",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "key", "article"), name="unique_article_listing"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
