"""Articles, their bylines and topics, and the images they use."""

from __future__ import annotations

import functools

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.bylines import BylineRole, render_byline_lines, render_lead_in
from articles.imaging import FIGURE_RE, Picture, body_image_ids, build_master, picture_for
from articles.sanitize import sanitize_html
from articles.storage import get_originals_storage
from articles.validators import validate_image_file
from articles.workflow import (
    CommentRequired,
    EmbargoInForce,
    ImageAltTextMissing,
    InvalidTransition,
    ScheduleInPast,
    TransitionForbidden,
    WorkflowError,
    can_review_level,
    is_correspondent_only,
    review_levels,
)
from people.models import Organization, Person
from people.slugs import pinyin_slug, slug_url, unique_slug


class Topic(TagBase):
    """A free topic tag in Chinese (党建, 执行监督 …) with a pinyin slug."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=100, unique=True, allow_unicode=False)

    class Meta:
        verbose_name = "专题标签"
        verbose_name_plural = "专题标签"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag) or "topic"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return slug_url("articles:topic_detail", self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "稿件标签"
        verbose_name_plural = "稿件标签"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic"),
        ]


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
        if self.pk and not self.alt_text.strip():
            # Published, or scheduled to appear: either way readers will get this photo.
            published = Article.objects.filter(
                status__in=VISIBLE_STATUSES, image_uses__image=self
            ).distinct()
            headlines = list(published.values_list("headline", flat=True)[:3])
            if headlines:
                titles = "、".join(f"《{h}》" for h in headlines)
                raise ValidationError(
                    {"alt_text": f"此图已用于已发布的稿件（{titles}），替代文字不能为空。"}
                )

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
        verbose_name = "图片尺寸"
        verbose_name_plural = "图片尺寸"
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format", "width"], name="unique_rendition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.spec} {self.width}×{self.height} {self.format}"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    RETURNED = "returned", "退回修改"
    IN_REVIEW = "in_review", "审核中"  # review_level says which level (待初审, 待复审 …)
    APPROVED = "approved", "已签发"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    UNPUBLISHED = "unpublished", "已撤稿"


# Scheduled stories are visible once their time comes, without any job having run.
VISIBLE_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)
EDITABLE_BY_AUTHOR = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)


class Action(models.TextChoices):
    """What a transition does (the transition log's vocabulary)."""

    SUBMIT = "submit", "送审"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "立即发布"
    SCHEDULE = "schedule", "定时发布"
    PUBLISH_DUE = "publish_due", "到点发布"
    UNPUBLISH = "unpublish", "撤稿"
    CORRECT = "correct", "更正"


def state_label(status: str, level: int = 0) -> str:
    """Return the state as editors say it: 草稿, 待复审, 已签发 …"""
    if status == ArticleStatus.IN_REVIEW and level:
        levels = review_levels()
        return levels[level - 1].queue_name if level <= len(levels) else f"待第{level}审"
    return ArticleStatus(status).label if status in ArticleStatus.values else status


def story_url(published_at, slug: str) -> str:
    """Return a story's address: its local (Asia/Shanghai) publish date and its slug."""
    return story_url_maker()(published_at, slug)


def story_url_maker():
    """Return story_url for many stories at once (the time zone and URLconf looked up once)."""
    tz = timezone.get_current_timezone()
    url_format = _story_url_format(get_urlconf(), get_script_prefix())

    def make(published_at, slug: str) -> str:
        local = published_at.astimezone(tz)
        return url_format.format(
            year=local.year, month=f"{local.month:02d}", day=f"{local.day:02d}", slug=slug
        )

    return make


@functools.cache
def _story_url_format(urlconf, prefix: str) -> str:
    # reverse() once with markers, then fill in: lists show dozens of story links per page.
    # The markers match the URL pattern's converters and cannot occur in its fixed parts.
    url = reverse(
        "articles:detail",
        kwargs={"year": 1111, "month": "22", "day": "33", "slug": "story-slug-marker"},
        urlconf=urlconf,
    )
    fixed, url = url[: len(prefix)], url[len(prefix) :]  # the script prefix may hold digits
    url = url.replace("{", "{{").replace("}", "}}").replace("story-slug-marker", "{slug}")
    url = url.replace("1111", "{year}", 1).replace("22", "{month}", 1).replace("33", "{day}", 1)
    return fixed.replace("{", "{{").replace("}", "}}") + url


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Return stories readers may see: published or scheduled, and their time has come.

        This is the one definition of visibility. A scheduled story (status ``scheduled``)
        carries its future ``published_at`` and is included here as soon as that time
        passes, so it appears on every page and feed at 08:00 sharp whether or not the
        ``publish_scheduled`` command has run yet; the command only records the transition
        and sends the mail afterwards.
        """
        return self.filter(status__in=VISIBLE_STATUSES, published_at__lte=timezone.now())

    def in_review_at(self, level: int) -> ArticleQuerySet:
        """Return stories waiting for sign-off at this review level (1 = 初审)."""
        return self.filter(status=ArticleStatus.IN_REVIEW, review_level=level)

    def upcoming(self) -> ArticleQuerySet:
        """Return scheduled stories whose time has not come yet."""
        return self.filter(status=ArticleStatus.SCHEDULED, published_at__gt=timezone.now())

    def due(self) -> ArticleQuerySet:
        """Return scheduled stories whose time has come (visible, transition not yet recorded)."""
        return self.filter(status=ArticleStatus.SCHEDULED, published_at__lte=timezone.now())

    def unpublished(self) -> ArticleQuerySet:
        """Return stories withdrawn from readers (撤稿); their URLs answer 410 Gone."""
        return self.filter(status=ArticleStatus.UNPUBLISHED)

    def becoming_visible(self) -> ArticleQuerySet:
        """Return stories that will appear by themselves later (visible state, future time)."""
        return self.filter(status__in=VISIBLE_STATUSES, published_at__gt=timezone.now())

    def about(self, organization: Organization) -> ArticleQuerySet:
        """Return stories about the organisation or anything under it in the tree."""
        links = Article.organizations.through.objects.filter(
            article_id=OuterRef("pk"), organization__path__startswith=organization.path
        )
        return self.filter(Exists(links))

    def by_person(self, person: Person) -> ArticleQuerySet:
        """Return stories with this person in the byline."""
        return self.filter(
            Exists(ArticleByline.objects.filter(article_id=OuterRef("pk"), person=person))
        )

    def with_topic(self, topic: Topic) -> ArticleQuerySet:
        """Return stories tagged with this topic."""
        return self.filter(
            Exists(TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag=topic))
        )

    def listed_in(self, kind: str, key: int) -> ArticleQuerySet:
        """Return the stories of one reader's list (a court with everything under it, a topic,
        a person), newest first: a range of the listing index (articles/listings.py), which
        holds published and scheduled stories only; chain ``published()`` for "visible now"."""
        return self.filter(listings__kind=kind, listings__key=key).order_by(
            "-listings__published_at", "-listings__article"
        )

    def with_bylines(self) -> ArticleQuerySet:
        """Prefetch the bylines in print order, with their people (one query)."""
        return self.prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleByline.objects.select_related("person").order_by("position"),
            )
        )

    def for_listing(self) -> ArticleQuerySet:
        """Fetch what teasers show (bylines, lead image and its renditions) in fixed queries."""
        return (
            self.with_bylines()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
        )

    def for_cards(self, *, lead: bool = False) -> ArticleQuerySet:
        """Fetch stories with their stored teaser cards (see articles/rendering.py), one query.

        ``rendering.attach_cards()`` then renders the few whose card is outdated.
        """
        fields = [
            "headline",
            "slug",
            "published_at",
            "created_at",
            "lead_image",
            "render_stamp",
            "render__stamp",
            "render__version",
            "render__card",
        ]
        return self.select_related("render").only(*fields, *(["render__lead"] if lead else []))

    def for_detail(self) -> ArticleQuerySet:
        """Fetch everything the article page shows in a fixed number of queries."""
        return (
            self.for_listing()
            .select_related("lead_image__credit_person")
            .prefetch_related(
                "organizations",
                "tags",
                "corrections",
                Prefetch(
                    "image_uses",
                    queryset=ArticleImage.objects.select_related(
                        "image__credit_person"
                    ).prefetch_related("image__renditions"),
                ),
            )
        )


class Article(models.Model):
    """A story: headline block, bylines, body, and where and when it ran."""

    overline = models.CharField(
        "引题", max_length=200, blank=True, help_text="标题上方的引题，可选。"
    )
    headline = models.CharField("主题", max_length=200, help_text="稿件的主标题。")
    deck = models.CharField(
        "副题",
        max_length=200,
        blank=True,
        help_text="主题下方的副题，不必输入开头的“——”，如“株洲市渌口区法院综合管理党支部党建品牌创建纪实”。",
    )
    slug = models.SlugField(
        "网址标识",
        max_length=100,
        unique=True,
        blank=True,
        help_text="网址中的拼音标识，留空按主题自动生成；修改主题不会改变已生成的网址。",
    )
    lead_in_source = models.CharField(
        "电头",
        max_length=30,
        blank=True,
        help_text="短消息开头的电头，如“湖南法治报讯”；填写后署名以“湖南法治报讯（记者 某某）”形式排在正文开头，"
        "留空则署名排在标题下方。",
    )
    summary = models.TextField(
        "摘要", blank=True, help_text="列表页和分享卡片显示的摘要，留空则取正文开头。"
    )
    body = models.TextField("正文", blank=True)
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="articles",
        verbose_name="涉及机构",
        help_text="稿件报道的法院、党支部、部门等；机构页面会列出本稿件。",
    )
    tags = TaggableManager(
        "专题标签",
        through=TaggedArticle,
        blank=True,
        help_text="输入标签名称，如“党建”“执行监督”，可新建。",
    )
    lead_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_of",
        verbose_name="题图",
        help_text="列表和分享卡片使用的主图。",
    )
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        "发布时间",
        null=True,
        blank=True,
        db_index=True,
        help_text="读者看到稿件的时间；定时发布的稿件到点自动显示。由“发布”“定时发布”按钮设置。",
    )
    review_level = models.PositiveSmallIntegerField(
        "审核级次",
        default=0,
        editable=False,
        help_text="审核中的稿件正在等待第几级审核（1 为初审）；其他状态为 0。",
    )
    embargo_until = models.DateTimeField(
        "禁发至",
        null=True,
        blank=True,
        help_text="在此时间之前任何人都不能发布或定时发布本稿（如判决尚未宣告）。与定时发布无关，"
        "不会自动发布。",
    )
    state_changed_at = models.DateTimeField(
        "进入当前状态时间", null=True, blank=True, editable=False
    )
    unpublished_reason = models.TextField("撤稿原因", blank=True, editable=False)
    version = models.PositiveIntegerField(
        "版本号",
        default=1,
        editable=False,
        help_text="每次保存加一；两人同时修改时，后保存者会看到冲突提示而不会覆盖前者。",
    )
    print_edition_date = models.DateField("见报日期", null=True, blank=True)
    print_page = models.CharField("版次", max_length=10, blank=True, help_text="如“A3”。")
    ingest = models.ForeignKey(
        "PageIngest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="来源版面",
        editable=False,
        help_text="本稿由哪次版面导入生成；手工撰写的稿件为空。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
        verbose_name="创建者",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # A new random value whenever anything the story's reader HTML shows changes (see
    # articles/rendering.py); a stored ArticleRender is served only while its stamp matches.
    render_stamp = models.BigIntegerField("页面版本戳", default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            # The newest visible stories (latest list, popular topics): one ordered index
            # range. Queries must name the statuses as literals for the planner to use it.
            models.Index(
                fields=["-published_at", "-id"],
                name="article_visible_newest_idx",
                condition=Q(status__in=VISIBLE_STATUSES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=VISIBLE_STATUSES) | Q(published_at__isnull=False),
                name="visible_article_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=VISIBLE_STATUSES)
                | Q(embargo_until__isnull=True)
                | Q(published_at__gte=F("embargo_until")),
                name="article_not_before_embargo",
            ),
            models.CheckConstraint(
                condition=Q(status=ArticleStatus.IN_REVIEW, review_level__gte=1)
                | (~Q(status=ArticleStatus.IN_REVIEW) & Q(review_level=0)),
                name="article_review_level_only_in_review",
            ),
        ]
        permissions = [
            ("submit_article", "可以送审稿件"),
            ("publish_article", "可以发布、定时发布稿件"),
            ("unpublish_article", "可以撤稿"),
            ("correct_article", "可以发布更正"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.deck = self.deck.removeprefix("——").strip()
        if not self.slug:
            self.slug = unique_slug(
                pinyin_slug(self.headline, max_length=60),
                # An old slug still points to its story: never hand it to another one.
                lambda s: (
                    Article.objects.filter(slug=s).exclude(pk=self.pk).exists()
                    or ArticleOldSlug.objects.filter(slug=s).exclude(article_id=self.pk).exists()
                ),
                fallback="article",
            )
        if self.status == ArticleStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status in VISIBLE_STATUSES:
            # The last guard: no path (admin, workflow, import, code) stores a public story
            # whose photos lack alt text. The workflow checks earlier with a friendlier error.
            self.validate_images_have_alt_text()
        super().save(*args, **kwargs)
        self.sync_image_uses()
        old_slug = getattr(self, "_stored_slug", None)
        if old_slug and old_slug != self.slug:
            # Derived data: links to the old address must keep working.
            ArticleOldSlug.objects.update_or_create(slug=old_slug, defaults={"article": self})
            ArticleOldSlug.objects.filter(slug=self.slug).delete()
        self._stored_slug = self.slug

    def get_absolute_url(self) -> str:
        return story_url(self.published_at or self.created_at or timezone.now(), self.slug)

    def clean(self):
        super().clean()
        if self.status in VISIBLE_STATUSES:
            self.validate_images_have_alt_text()

    def used_image_ids(self) -> list[int]:
        """Return the library images the story uses: the lead image, then the body's in order."""
        ids = [self.lead_image_id] if self.lead_image_id else []
        return ids + [i for i in body_image_ids(self.body) if i not in ids]

    def images_missing_alt(self) -> list[Image]:
        """Return the images this story uses (lead or in the body) that have no alt text."""
        ids = self.used_image_ids()
        if not ids:
            return []
        return list(Image.objects.filter(pk__in=ids, alt_text="").order_by("pk"))

    def missing_alt_text_message(self) -> str:
        """Return why the story cannot be published for its photos' alt text, or ''."""
        missing = self.images_missing_alt()
        if not missing:
            return ""
        names = "、".join(f"“{image}”（编号 {image.pk}）" for image in missing)
        return f"稿件使用的图片 {names} 还没有替代文字，请先在图片库中填写后再发布。"

    def validate_images_have_alt_text(self) -> None:
        """Refuse to publish a story whose images lack alt text (every publish path calls this)."""
        message = self.missing_alt_text_message()
        if message:
            raise ValidationError(message, code="image_alt_text_missing")

    def sync_image_uses(self) -> None:
        """Record which library images the story uses, so "used in" is one query."""
        body_ids = body_image_ids(self.body)
        wanted = {
            image_id: ArticleImage(
                article=self,
                image_id=image_id,
                is_lead=image_id == self.lead_image_id,
                in_body=image_id in body_ids,
            )
            for image_id in self.used_image_ids()
        }
        existing_ids = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        self.image_uses.exclude(image_id__in=existing_ids).delete()
        ArticleImage.objects.bulk_create(
            [use for image_id, use in wanted.items() if image_id in existing_ids],
            update_conflicts=True,
            unique_fields=["article", "image"],
            update_fields=["is_lead", "in_body"],
        )

    @property
    def shows_lead_image(self) -> bool:
        """Whether the page shows the lead image above the body (not when the body has it)."""
        return bool(self.lead_image_id) and self.lead_image_id not in body_image_ids(self.body)

    def body_images(self) -> dict[int, Image]:
        """Return the body's images by id (from the prefetched image_uses when there)."""
        return {use.image_id: use.image for use in self.image_uses.all() if use.in_body}

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # Remember the slug as stored, so a changed slug leaves a redirect behind.
        article._stored_slug = article.__dict__.get("slug")
        return article

    @property
    def is_public(self) -> bool:
        """Whether readers can see the story now (the same rule as ``published()``)."""
        return (
            self.status in VISIBLE_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def state_label(self) -> str:
        return state_label(self.status, self.review_level)

    @property
    def is_under_embargo(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    # Workflow: who may edit, and the guarded transitions. Services call these inside a
    # transaction with the row locked, write the log and schedule the side effects.

    WORKFLOW_FIELDS = (
        "status",
        "review_level",
        "published_at",
        "state_changed_at",
        "unpublished_reason",
        "updated_at",
    )

    def can_edit(self, user) -> bool:
        """Whether the user may change the story's content now (the admin's change permission).

        Authors edit their own drafts and returned stories, never anything in review; a story
        in review is edited (校对) by its current level's reviewers; the chief editors (who may
        publish) may edit any story, but editing never moves it through the workflow.
        """
        if not (user.is_active and user.has_perm("articles.change_article")):
            return False
        if user.is_superuser:
            return True
        if self.status in EDITABLE_BY_AUTHOR:
            return self.created_by_id == user.pk or user.has_perm("articles.publish_article")
        if self.status == ArticleStatus.IN_REVIEW:
            return can_review_level(user, self.review_level)
        return user.has_perm("articles.publish_article")

    def allowed_actions(self, user) -> list[str]:
        """Return the actions the user may perform now (the buttons the admin shows)."""
        allowed = []
        for action in (
            Action.SUBMIT,
            Action.APPROVE,
            Action.RETURN,
            Action.PUBLISH,
            Action.SCHEDULE,
            Action.UNPUBLISH,
            Action.CORRECT,
        ):
            try:
                getattr(self, f"check_{action}")(user)
            except (EmbargoInForce, ImageAltTextMissing):
                allowed.append(action)  # shown, and refused with the reason (embargo, alt text)
            except WorkflowError:
                continue
            else:
                allowed.append(action)
        return allowed

    def _require_status(self, *statuses, message: str) -> None:
        if self.status not in statuses:
            raise InvalidTransition(f"{message}（稿件当前状态：{self.state_label}）")

    def _move_to(self, status: str, level: int = 0) -> None:
        self.status = status
        self.review_level = level
        self.state_changed_at = timezone.now()

    def _save_state(self) -> None:
        self.save(update_fields=self.WORKFLOW_FIELDS)

    def check_submit(self, user) -> None:
        self._require_status(*EDITABLE_BY_AUTHOR, message="只有草稿或退回修改的稿件可以送审。")
        if not (user.is_superuser or self.created_by_id == user.pk):
            raise TransitionForbidden("只有稿件的作者可以送审。")
        if not user.has_perm("articles.submit_article"):
            raise TransitionForbidden("您的账号没有送审权限。")
        if is_correspondent_only(user):
            self._check_correspondent_organization(user)

    def _check_correspondent_organization(self, user) -> None:
        affiliation = getattr(getattr(user, "person", None), "affiliation", None)
        if affiliation is None:
            raise TransitionForbidden("通讯员账号未关联所属单位，不能送审。")
        paths = [o.path for o in self.organizations.all()]
        if not paths or not all(p.startswith(affiliation.path) for p in paths):
            raise TransitionForbidden(
                f"通讯员只能为本单位（{affiliation.display_name}）的稿件送审；"
                "请在“涉及机构”中只选本单位或其下属机构。"
            )

    def submit(self, user) -> None:
        """Send a draft to the first review level (送审)."""
        self.check_submit(user)
        self._move_to(ArticleStatus.IN_REVIEW, 1)
        self._save_state()

    def check_approve(self, user) -> None:
        self._require_status(ArticleStatus.IN_REVIEW, message="只有审核中的稿件可以审核通过。")
        if not can_review_level(user, self.review_level):
            raise TransitionForbidden(f"您不是{self.state_label.removeprefix('待')}审核人。")
        if not user.is_superuser and self.signed_this_round(user):
            # 三审 means three people: someone in two level Groups still signs only once.
            raise TransitionForbidden(
                "您已在本轮审核中签过一级，同一稿件的各级审核须由不同的人完成。"
            )

    def signed_this_round(self, user) -> bool:
        """Whether the user already signed a level since the story was last submitted."""
        last_submit = (
            self.transitions.filter(action=Action.SUBMIT).order_by("-created_at", "-pk").first()
        )
        approvals = self.transitions.filter(action=Action.APPROVE, actor=user)
        if last_submit is not None:
            approvals = approvals.filter(
                Q(created_at__gt=last_submit.created_at)
                | Q(created_at=last_submit.created_at, pk__gt=last_submit.pk)
            )
        return approvals.exists()

    def approve(self, user) -> None:
        """Sign off the current level: on to the next level, or 签发 after the last."""
        self.check_approve(user)
        if self.review_level < len(review_levels()):
            self._move_to(ArticleStatus.IN_REVIEW, self.review_level + 1)
        else:
            self._move_to(ArticleStatus.APPROVED)
        self._save_state()

    def _is_upcoming(self) -> bool:
        return self.status == ArticleStatus.SCHEDULED and not self.is_public

    def check_return(self, user, comment: str | None = None) -> None:
        """Raise unless the user may return the story (the comment is checked when given)."""
        if self.status == ArticleStatus.IN_REVIEW:
            if not can_review_level(user, self.review_level):
                raise TransitionForbidden("只有当前级次的审核人可以退回稿件。")
        elif self.status == ArticleStatus.APPROVED or self._is_upcoming():
            if not user.has_perm("articles.publish_article"):
                raise TransitionForbidden("只有有发布权限的人可以退回已签发的稿件。")
        else:
            raise InvalidTransition(f"此状态的稿件不能退回（当前状态：{self.state_label}）。")
        if comment is not None and not comment.strip():
            raise CommentRequired("退回修改必须填写意见，告诉作者要改什么。")

    def return_to_author(self, user, comment: str) -> None:
        """Send the story back to its author with a required comment (退回修改)."""
        self.check_return(user, comment)
        self._move_to(ArticleStatus.RETURNED)
        if self.published_at and self.published_at > timezone.now():
            self.published_at = None  # a returned story loses its schedule
        self._save_state()

    def _check_may_publish(self, user, at=None) -> None:
        if self.status != ArticleStatus.APPROVED and not self._is_upcoming():
            raise InvalidTransition(
                f"只有终审签发后的稿件可以发布或定时发布（稿件当前状态：{self.state_label}）。"
            )
        if not user.has_perm("articles.publish_article"):
            raise TransitionForbidden("您没有发布稿件的权限。")
        if message := self.missing_alt_text_message():
            raise ImageAltTextMissing(message)
        if at is not None and self.embargo_until and at < self.embargo_until:
            local = timezone.localtime(self.embargo_until)
            raise EmbargoInForce(f"本稿禁发至 {local:%Y-%m-%d %H:%M}，不能早于该时间发布。")

    def check_publish(self, user) -> None:
        self._check_may_publish(user, timezone.now())

    def publish(self, user) -> None:
        """Publish now (the chief editor, after 终审签发)."""
        self.check_publish(user)
        self._move_to(ArticleStatus.PUBLISHED)
        self.published_at = timezone.now()
        self._save_state()

    def check_schedule(self, user, at=None) -> None:
        """Raise unless the user may schedule the story (the time is checked when given)."""
        self._check_may_publish(user, at)
        if at is not None and at <= timezone.now():
            raise ScheduleInPast("定时发布的时间必须晚于现在；要马上见报请用“立即发布”。")

    def schedule(self, user, at) -> None:
        """Schedule the story to appear at ``at``; visibility follows from the time alone."""
        self.check_schedule(user, at)
        self._move_to(ArticleStatus.SCHEDULED)
        self.published_at = at
        self._save_state()

    def check_publish_due(self) -> None:
        if not (self.status == ArticleStatus.SCHEDULED and self.is_public):
            raise InvalidTransition("稿件不是已到点的定时发布稿件。")

    def publish_due(self) -> None:
        """Record that a scheduled story's time has come (it is already visible)."""
        self.check_publish_due()
        self._move_to(ArticleStatus.PUBLISHED)
        self._save_state()

    def check_unpublish(self, user, reason: str | None = None) -> None:
        if not self.is_public:
            raise InvalidTransition(f"只有读者可见的稿件可以撤稿（当前状态：{self.state_label}）。")
        if not user.has_perm("articles.unpublish_article"):
            raise TransitionForbidden("您没有撤稿权限。")
        if reason is not None and not reason.strip():
            raise CommentRequired("撤稿必须填写原因。")

    def unpublish(self, user, reason: str) -> None:
        """Withdraw a published story (撤稿); its URL then answers 410 Gone."""
        self.check_unpublish(user, reason)
        self._move_to(ArticleStatus.UNPUBLISHED)
        self.unpublished_reason = reason.strip()
        self._save_state()

    def check_correct(self, user, text: str | None = None) -> None:
        if not self.is_public:
            raise InvalidTransition("只有已发布的稿件可以发布更正。")
        if not user.has_perm("articles.correct_article"):
            raise TransitionForbidden("您没有发布更正的权限。")
        if text is not None and not text.strip():
            raise CommentRequired("更正必须写明更正内容。")

    def correct(self, user, text: str) -> Correction:
        """Append a dated correction note (更正) shown on the article and in its feed item."""
        self.check_correct(user, text)
        return self.corrections.create(text=text.strip(), created_by=user)

    @property
    def uses_lead_in(self) -> bool:
        return bool(self.lead_in_source)

    def byline_credits(self) -> list[tuple[str, str]]:
        """Return (role, name) pairs in byline order (uses prefetched bylines)."""
        return [(b.role, b.person.name) for b in self.bylines.all()]

    def byline_lines(self) -> list[str]:
        """Return the byline block's lines as print shows them under the headline."""
        return [] if self.uses_lead_in else render_byline_lines(self.byline_credits())

    def lead_in(self) -> str:
        """Return the lead-in that opens the first paragraph, or '' for block bylines."""
        return (
            render_lead_in(self.byline_credits(), self.lead_in_source) if self.uses_lead_in else ""
        )

    def excerpt(self, length: int = 120) -> str:
        """Return the summary, or the opening of the body as plain text (without photo captions)."""
        text = self.summary or strip_tags(FIGURE_RE.sub("", self.body))
        text = " ".join(text.split())
        return text if len(text) <= length else text[:length].rstrip() + "……"


class ArticleByline(models.Model):
    """One credit in a story's byline: who, in what role, in which order, for which body."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name="稿件"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="bylines", verbose_name="署名人"
    )
    role = models.CharField(
        "署名身份", max_length=20, choices=BylineRole.choices, default=BylineRole.ALL_MEDIA_REPORTER
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


class ArticleTransition(models.Model):
    """One step of a story through the workflow: the audit trail and the 审签单's source."""

    # Kept when a story is deleted (no database constraint, nothing cascades), so the trail
    # survives and reattaches if the story is recovered from its revisions with the same id.
    article = models.ForeignKey(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="transitions",
        verbose_name="稿件",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=20, choices=ArticleStatus.choices)
    from_level = models.PositiveSmallIntegerField("原审核级次", default=0)
    to_status = models.CharField("新状态", max_length=20, choices=ArticleStatus.choices)
    to_level = models.PositiveSmallIntegerField("新审核级次", default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    # The name as it was, so the sign-off sheet stays right if the account changes or goes.
    actor_name = models.CharField("操作人姓名", max_length=100)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="transition_article_idx")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()}"

    @property
    def from_label(self) -> str:
        return state_label(self.from_status, self.from_level)

    @property
    def to_label(self) -> str:
        return state_label(self.to_status, self.to_level)

    @property
    def step_name(self) -> str:
        """Return what was done as the sign-off sheet says it (初审通过, 终审签发 …)."""
        if self.action == Action.APPROVE and self.from_level:
            levels = review_levels()
            name = levels[self.from_level - 1].name if self.from_level <= len(levels) else ""
            return f"{name}签发" if self.to_status == ArticleStatus.APPROVED else f"{name}通过"
        return self.get_action_display()


class Correction(models.Model):
    """A dated correction note (更正) appended to a published story."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name="稿件"
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


class EditingPresence(models.Model):
    """Someone has the story open for editing (shown to others; it never locks)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="editing_presences", verbose_name="稿件"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="编辑者"
    )
    since = models.DateTimeField("开始编辑时间", default=timezone.now)
    last_seen = models.DateTimeField("最近活动时间", default=timezone.now)

    class Meta:
        verbose_name = "正在编辑"
        verbose_name_plural = "正在编辑"
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_presence_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.article_id}"


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


# Every save keeps a revision of the story with its bylines and topics (restorable in the
# admin). The transition log and corrections are not followed: restoring old content must
# never rewrite the audit trail.
reversion.register(ArticleByline)
reversion.register(TaggedArticle)
# The render stamp is derived state: restoring an old revision must never bring back a stamp
# that a stored render still carries.
reversion.register(Article, follow=("bylines", "taggedarticle_set"), exclude=("render_stamp",))


class ArticleImage(models.Model):
    """A library image used by a story, as its lead image or in its body (kept in sync on save)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="image_uses", verbose_name="稿件"
    )
    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="uses", verbose_name="图片"
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
        Article, on_delete=models.CASCADE, related_name="old_slugs", verbose_name="稿件"
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


class ArticleRender(models.Model):
    """A story's reader HTML, rendered once from the shared templates (articles/rendering.py).

    Readers' pages join this row instead of fetching a dozen related rows and rendering a few
    hundred template nodes per story. It is used only while ``stamp`` equals the story's
    ``render_stamp`` and ``version`` the current templates' version; otherwise it is rendered
    again. Deleting rows is always safe.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="render"
    )
    stamp = models.BigIntegerField()
    version = models.CharField(max_length=16)
    court = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The story's topics (ids, comma-separated) for its related stories.
    topic_ids = models.CharField(max_length=200, blank=True, default="")
    card = models.TextField()
    lead = models.TextField()
    head = models.TextField()
    main = models.TextField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "稿件页面"
        verbose_name_plural = "稿件页面"

    def __str__(self) -> str:
        return f"{self.article_id}@{self.stamp}"


class ListingKind(models.TextChoices):
    ORGANIZATION = "o", "机构"
    TOPIC = "t", "专题"
    PERSON = "p", "作者"


class ArticleListing(models.Model):
    """A published or scheduled story's entry in a reader's list (articles/listings.py).

    One row per organisation the story is about and every organisation above it (a court's
    page lists what is about its branches), per topic and per byline person, with the story's
    publish time copied: a court, topic or person page is one range of one index, however many
    stories there are. Derived data, rebuilt in the transaction that changes the story.
    """

    kind = models.CharField(max_length=1, choices=ListingKind.choices)
    key = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="listings")
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = "列表条目"
        verbose_name_plural = "列表条目"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "article"], name="unique_article_listing"
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "key", "-published_at", "-article"], name="listing_order_idx"
            ),
            # The topics of the latest stories (the home page's popular topics), by time.
            models.Index(
                fields=["-published_at", "key"],
                name="listing_topic_time_idx",
                condition=Q(kind=ListingKind.TOPIC),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.key} ← {self.article_id}"
