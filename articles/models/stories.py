"""The story: headline block, body, organisations, topics, lead image, state and print edition."""

from __future__ import annotations

import functools
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager

from articles.bylines import render_byline_lines, render_lead_in
from articles.models.parts import ArticleByline, ArticleImage, ArticleOldSlug
from articles.models.states import VISIBLE_STATUSES, ArticleStatus, state_label
from articles.models.topics import TaggedArticle, Topic
from articles.models.workflow import ArticleWorkflow
from articles.sanitize import sanitize_html
from articles.workflow import is_correspondent_only
from images.figures import FIGURE_RE, body_image_ids
from images.models import Image
from people.models import Organization, Person
from people.slugs import pinyin_slug, unique_slug


def story_url(published_at, slug: str) -> str:
    """Return a story's address: its local (Asia/Shanghai) publish date and its slug.

    Lists link dozens of stories: the pattern is reversed once per URLconf and script prefix
    (reverse() is most of a link's cost) and filled in.
    """
    day = timezone.localtime(published_at)
    return _story_url_format(get_urlconf(), get_script_prefix()).format(
        year=day.year, month=day.month, day=day.day, slug=slug
    )


@functools.cache
def _story_url_format(urlconf, prefix: str) -> str:
    # Markers the pattern's converters accept and its fixed parts cannot hold.
    marker = {"year": 1111, "month": 22, "day": 33, "slug": "story-slug-marker"}
    url = reverse("readers:article", kwargs=marker, urlconf=urlconf)
    head, tail = url[: len(prefix)], url[len(prefix) :]  # the prefix may hold digits
    tail = tail.replace("{", "{{").replace("}", "}}").replace("story-slug-marker", "{slug}")
    tail = tail.replace("1111", "{year}", 1).replace("22", "{month:02d}", 1)
    tail = tail.replace("33", "{day:02d}", 1)
    return head.replace("{", "{{").replace("}", "}}") + tail


def new_stamp() -> int:
    """Return a fresh random content stamp (see ``Article.render_stamp``)."""
    return secrets.randbits(62) + 1


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

    def visible_to(self, user) -> ArticleQuerySet:
        """Return the stories this member of staff may open: the admin's list, previews, the
        审签单, history and the desk all start here. A correspondent sees only their own."""
        if not (user.is_active and user.has_perm("articles.view_article")):
            return self.none()
        if is_correspondent_only(user):
            return self.filter(created_by=user)
        return self

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


class Article(ArticleWorkflow, models.Model):
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
        max_length=100,
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
        "ingest.PageIngest",
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
    # The story's content stamp: a new random value whenever anything readers see of it
    # changes (its own save, or a change that articles/changes.py traces to it), in the
    # changing transaction. Stored reader HTML is served only while it carries this stamp.
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
        # Derived columns only: image uses and old slugs are written by articles/services.py.
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
        # Whatever changed, what readers see of the story may have: a new content stamp, in
        # the same UPDATE (see render_stamp).
        self.render_stamp = new_stamp()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "render_stamp"}
        super().save(*args, **kwargs)

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

    @property
    def shows_lead_image(self) -> bool:
        """Whether the page shows the lead image above the body (not when the body has it)."""
        return bool(self.lead_image_id) and self.lead_image_id not in body_image_ids(self.body)

    def body_images(self) -> dict[int, Image]:
        """Return the body's images by id (from the prefetched image_uses when there)."""
        return {use.image_id: use.image for use in self.image_uses.all() if use.in_body}

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
