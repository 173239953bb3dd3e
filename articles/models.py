"""Articles, their bylines and topics, and the images they use."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from PIL import Image as PILImage
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.bylines import BylineRole, render_byline_lines, render_lead_in
from articles.sanitize import sanitize_html
from articles.validators import validate_image_file
from people.models import Organization, Person
from people.slugs import pinyin_slug, unique_slug


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
        return reverse("articles:topic_detail", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "稿件标签"
        verbose_name_plural = "稿件标签"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic"),
        ]


class Image(models.Model):
    """A photo in the library, reusable across stories."""

    file = models.ImageField(
        "图片文件",
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="支持 JPEG、PNG、WebP、GIF。",
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

    def __str__(self) -> str:
        return self.caption or self.alt_text or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not (self.width and self.height):
            self.width, self.height = self.read_dimensions()
        super().save(*args, **kwargs)

    def read_dimensions(self) -> tuple[int, int]:
        """Read width and height from the file itself (Django may not have them yet)."""
        self.file.open("rb")
        self.file.seek(0)
        with PILImage.open(self.file) as probe:
            return probe.size

    @property
    def credit(self) -> str:
        """Return the photographer credit as printed."""
        return self.credit_person.name if self.credit_person_id else self.credit_text


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """Return stories readers may see: published, and their publish time has come."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

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

    def for_listing(self) -> ArticleQuerySet:
        """Fetch what teasers show (bylines, lead image) in a fixed number of queries."""
        return self.select_related("lead_image").prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleByline.objects.select_related("person").order_by("position"),
            ),
        )

    def for_detail(self) -> ArticleQuerySet:
        """Fetch everything the article page shows in a fixed number of queries."""
        return (
            self.for_listing()
            .select_related("lead_image__credit_person")
            .prefetch_related(
                "organizations",
                "tags",
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
        help_text="读者看到稿件的时间；晚于现在则到点才显示。",
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ArticleStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="published_article_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.deck = self.deck.removeprefix("——").strip()
        if not self.slug:
            self.slug = unique_slug(
                pinyin_slug(self.headline, max_length=60),
                lambda s: Article.objects.filter(slug=s).exclude(pk=self.pk).exists(),
                fallback="article",
            )
        if self.status == ArticleStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        local = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_public(self) -> bool:
        """Whether readers can see the story now."""
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

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
        """Return the summary, or the opening of the body as plain text."""
        text = self.summary or strip_tags(self.body)
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
