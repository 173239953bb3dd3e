"""Organisations (a tree of courts and their parts) and the people named in bylines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from people.signals import organization_moved
from people.slugs import pinyin_slug, slug_url, unique_slug


class OrganizationKind(models.TextChoices):
    HIGH_COURT = "high_court", "高级人民法院"
    INTERMEDIATE_COURT = "intermediate_court", "中级人民法院"
    BASIC_COURT = "basic_court", "基层人民法院"
    TRIBUNAL = "tribunal", "人民法庭"
    PROCURATORATE = "procuratorate", "人民检察院"
    PARTY_GROUP = "party_group", "党组/党总支"
    PARTY_BRANCH = "party_branch", "党支部"
    DEPARTMENT = "department", "内设部门"
    OTHER = "other", "其他"


COURT_KINDS = (
    OrganizationKind.HIGH_COURT,
    OrganizationKind.INTERMEDIATE_COURT,
    OrganizationKind.BASIC_COURT,
)


class OrganizationQuerySet(MP_NodeQuerySet):
    def courts(self) -> OrganizationQuerySet:
        """Return the courts themselves (not their branches or tribunals)."""
        return self.filter(kind__in=COURT_KINDS)

    def subtree_of(self, organization: Organization) -> OrganizationQuerySet:
        """Return the organisation and everything under it, in one indexed prefix query."""
        return self.filter(path__startswith=organization.path)

    def matching_name(self, name: str) -> OrganizationQuerySet:
        """Return organisations known by this official name, short name or alias."""
        return self.filter(Q(name=name) | Q(short_name=name) | Q(aliases__name=name)).distinct()


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")

    def move(self, node, target, pos=None):
        """Move an organisation (with everything under it) in the tree, and say so: paths
        change in bulk, with no model signal (the admin, forms and code all move through here)."""
        moved = super().move(node, target, pos)
        organization_moved.send(sender=self.model, organization=node)
        return moved


class Organization(MP_Node):
    """A court, procuratorate, Party organisation, department or tribunal, placed in a tree."""

    name = models.CharField(
        "正式名称",
        max_length=100,
        unique=True,
        help_text="机构的完整正式名称，如“株洲市渌口区人民法院”。",
    )
    short_name = models.CharField(
        "简称",
        max_length=50,
        blank=True,
        help_text="稿件中常用的简称，如“渌口区法院”。",
    )
    kind = models.CharField(
        "类型",
        max_length=30,
        choices=OrganizationKind.choices,
        default=OrganizationKind.OTHER,
    )
    region = models.CharField(
        "地区", max_length=50, blank=True, help_text="所在行政区，如“株洲市渌口区”。"
    )
    slug = models.SlugField(
        "网址标识",
        max_length=100,
        unique=True,
        blank=True,
        help_text="网址中的拼音标识，留空则按名称自动生成；发布后请勿改动。",
    )
    description = models.TextField("简介", blank=True)

    node_order_by = []  # siblings keep the order editors give them (higher courts first)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        indexes = [
            # Prefix (descendant) queries use this on PostgreSQL whatever the collation.
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["kind"], name="org_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                pinyin_slug(self.short_name or self.name),
                lambda s: Organization.objects.filter(slug=s).exclude(pk=self.pk).exists(),
                fallback="org",
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("readers:organization_detail", self.slug)

    @property
    def display_name(self) -> str:
        """Return the short name readers know, falling back to the official one."""
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        """Return official name, short name and aliases (for matching in text)."""
        names = [self.name, self.short_name, *(a.name for a in self.aliases.all())]
        return [n for n in dict.fromkeys(names) if n]


class OrganizationAlias(models.Model):
    """Another name a story may use for an organisation (e.g. 渌口法院)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="aliases", verbose_name="机构"
    )
    name = models.CharField("别称", max_length=100, help_text="口语或旧称，如“渌口法院”。")

    class Meta:
        verbose_name = "别称"
        verbose_name_plural = "别称"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_alias_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonKind(models.TextChoices):
    STAFF = "staff", "本报记者"
    CORRESPONDENT = "correspondent", "通讯员"
    PHOTOGRAPHER = "photographer", "摄影记者"
    EDITOR = "editor", "编辑"
    OTHER = "other", "其他"


class PersonQuerySet(models.QuerySet):
    def correspondents(self) -> PersonQuerySet:
        """Return correspondents (non-staff who co-sign stories about their organisation)."""
        return self.filter(kind=PersonKind.CORRESPONDENT)


class Person(models.Model):
    """A byline identity: a journalist, correspondent, photographer or editor."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    slug = models.SlugField(
        "网址标识",
        max_length=80,
        unique=True,
        blank=True,
        help_text="拼音标识，留空自动生成；同名者自动加序号（如 wang-wei-2）。",
    )
    kind = models.CharField(
        "身份", max_length=20, choices=PersonKind.choices, default=PersonKind.STAFF
    )
    affiliation = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="所属机构",
        help_text="通讯员所在的法院或单位；本报人员可留空。",
    )
    position_title = models.CharField(
        "职务", max_length=50, blank=True, help_text="如“综合办公室主任”。"
    )
    bio = models.TextField("简介", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="登录账号",
        help_text="此人用于登录后台的账号（可选）。",
    )
    needs_review = models.BooleanField(
        "待核实", default=False, help_text="导入时自动新建的人员，请核实姓名与单位后取消勾选。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        if self.affiliation_id and self.kind == PersonKind.CORRESPONDENT:
            return f"{self.name}（{self.affiliation.display_name}）"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                pinyin_slug(self.name),
                lambda s: Person.objects.filter(slug=s).exclude(pk=self.pk).exists(),
                fallback="person",
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("readers:person_detail", self.slug)
