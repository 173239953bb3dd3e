"""The image library's models, taken over from the articles app with their tables."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import images.models
import images.storage
import images.validators


def take_over_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("image", "rendition"):
        if not ContentType.objects.filter(app_label="images", model=model).exists():
            ContentType.objects.filter(app_label="articles", model=model).update(app_label="images")


def give_back_content_types(apps, schema_editor):
    # The models' permissions (and the roles holding them) follow their content types.
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("image", "rendition"):
        if not ContentType.objects.filter(app_label="articles", model=model).exists():
            ContentType.objects.filter(app_label="images", model=model).update(app_label="articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0011_listing_topic_time_idx"),
        ("people", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables stay where they are (db_table): only Django's idea of whose they are moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
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
                            "file",
                            models.ImageField(
                                help_text="支持 JPEG、PNG、WebP、GIF。原图（含拍摄信息）只保存在内部，读者看到的是去除位置等信息、自动转正后的图片。",
                                storage=images.storage.get_originals_storage,
                                upload_to=images.models.original_upload_to,
                                validators=[images.validators.validate_image_file],
                                verbose_name="原图",
                            ),
                        ),
                        (
                            "master",
                            models.ImageField(
                                blank=True,
                                editable=False,
                                help_text="由原图生成：按拍摄方向转正，去除 EXIF、GPS 等信息。",
                                upload_to=images.models.master_upload_to,
                                verbose_name="公开主图",
                            ),
                        ),
                        (
                            "width",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="宽度"
                            ),
                        ),
                        (
                            "height",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="高度"
                            ),
                        ),
                        (
                            "caption",
                            models.CharField(
                                blank=True,
                                help_text="印在图片下方的说明，如“渌口区法院综合管理党支部召开支部党员大会。”",
                                max_length=300,
                                verbose_name="图片说明",
                            ),
                        ),
                        (
                            "alt_text",
                            models.CharField(
                                blank=True,
                                help_text="为视障读者描述画面内容；发布使用此图的稿件前必须填写。",
                                max_length=200,
                                verbose_name="替代文字",
                            ),
                        ),
                        (
                            "credit_text",
                            models.CharField(
                                blank=True,
                                help_text="如“渌口区法院供图”。",
                                max_length=100,
                                verbose_name="署名（文字）",
                            ),
                        ),
                        (
                            "focal_point_x",
                            models.FloatField(
                                blank=True,
                                help_text="裁切缩略图时要保留的位置（如人脸），0 为最左，1 为最右；可在上方预览图上点击设置。留空则居中裁切。",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(0.0),
                                    django.core.validators.MaxValueValidator(1.0),
                                ],
                                verbose_name="焦点横向位置",
                            ),
                        ),
                        (
                            "focal_point_y",
                            models.FloatField(
                                blank=True,
                                help_text="0 为最上，1 为最下。",
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(0.0),
                                    django.core.validators.MaxValueValidator(1.0),
                                ],
                                verbose_name="焦点纵向位置",
                            ),
                        ),
                        (
                            "uploaded_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="上传时间"),
                        ),
                        (
                            "credit_person",
                            models.ForeignKey(
                                blank=True,
                                help_text="本报摄影记者或通讯员；不在人员库中时填写下一栏。",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="photos",
                                to="people.person",
                                verbose_name="摄影者",
                            ),
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
                        "verbose_name": "图片",
                        "verbose_name_plural": "图片",
                        "db_table": "articles_image",
                        "ordering": ["-uploaded_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Rendition",
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
                            "spec",
                            models.CharField(
                                choices=[
                                    ("thumbnail", "缩略图"),
                                    ("teaser", "列表图"),
                                    ("article", "正文图"),
                                    ("full", "大图"),
                                ],
                                max_length=20,
                                verbose_name="尺寸",
                            ),
                        ),
                        (
                            "format",
                            models.CharField(
                                choices=[("webp", "WebP"), ("jpeg", "JPEG")],
                                max_length=10,
                                verbose_name="格式",
                            ),
                        ),
                        ("width", models.PositiveIntegerField(verbose_name="宽度")),
                        ("height", models.PositiveIntegerField(verbose_name="高度")),
                        (
                            "file",
                            models.ImageField(
                                max_length=200,
                                upload_to=images.models.rendition_upload_to,
                                verbose_name="文件",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="生成时间"),
                        ),
                        (
                            "image",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="renditions",
                                to="images.image",
                                verbose_name="图片",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "图片尺寸",
                        "verbose_name_plural": "图片尺寸",
                        "db_table": "articles_rendition",
                    },
                ),
                migrations.AddConstraint(
                    model_name="image",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("focal_point_x__isnull", True), ("focal_point_y__isnull", True)
                            ),
                            models.Q(
                                ("focal_point_x__gte", 0),
                                ("focal_point_x__lte", 1),
                                ("focal_point_y__gte", 0),
                                ("focal_point_y__lte", 1),
                            ),
                            _connector="OR",
                        ),
                        name="image_focal_point_in_frame",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="rendition",
                    constraint=models.UniqueConstraint(
                        fields=("image", "spec", "format", "width"), name="unique_rendition"
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
