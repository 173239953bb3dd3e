"""The journalists' admin: write stories, credit bylines, pick topics, courts and images."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag as TaggitTag

from articles import services
from articles.ingest import services as ingest_services
from articles.models import Article, ArticleByline, Image, PageIngest, Topic
from articles.sanitize import sanitize_html
from articles.widgets import TopicAutocompleteWidget, TopicNamesField
from people.models import COURT_KINDS, Organization, OrganizationKind, Person, PersonKind

BODY_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False},
        "Figure": True,
        "Caption": True,
        "Image": True,
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
        "HTML": True,
    }
}


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        label="正文",
        required=False,
        config=BODY_EDITOR_CONFIG,
        sanitize=sanitize_html,
        help_text="首行缩进由网站自动处理，不必输入空格。小标题请用“标题”格式。",
    )
    tags = TopicNamesField(
        label="专题标签",
        required=False,
        widget=TopicAutocompleteWidget(Article._meta.get_field("tags"), admin.site),
        help_text="选择已有标签或输入新标签后回车。",
    )

    class Meta:
        model = Article
        fields = [
            "overline",
            "headline",
            "deck",
            "lead_in_source",
            "summary",
            "body",
            "organizations",
            "tags",
            "lead_image",
            "status",
            "published_at",
            "slug",
            "print_edition_date",
            "print_page",
        ]


class ArticleBylineInline(admin.TabularInline):
    model = ArticleByline
    extra = 1
    autocomplete_fields = ("person", "organization")
    fields = ("position", "role", "person", "organization")
    ordering = ("position", "pk")


class CourtFilter(admin.SimpleListFilter):
    """Filter stories by court, including everything under it (branches, tribunals …)."""

    title = "法院（含下级）"
    parameter_name = "court"

    def lookups(self, request, model_admin):
        kinds = (*COURT_KINDS, OrganizationKind.PROCURATORATE)
        courts = Organization.objects.filter(kind__in=kinds).order_by("path")
        return [(o.pk, ("　" * (o.depth - 1)) + o.display_name) for o in courts]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        organization = Organization.objects.filter(pk=self.value()).first()
        return queryset.about(organization) if organization else queryset.none()


class TopicFilter(admin.SimpleListFilter):
    title = "专题标签"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        topics = Topic.objects.annotate(n=Count("tagged_articles")).order_by("-n", "name")[:30]
        return [(t.slug, t.name) for t in topics]

    def queryset(self, request, queryset):
        topic = Topic.objects.filter(slug=self.value()).first() if self.value() else None
        return queryset.with_topic(topic) if topic else queryset


class AuthorFilter(admin.SimpleListFilter):
    """Filter by a staff journalist in the byline."""

    title = "作者"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        staff = (
            Person.objects.filter(
                kind__in=(PersonKind.STAFF, PersonKind.PHOTOGRAPHER), bylines__isnull=False
            )
            .distinct()
            .order_by("name")[:50]
        )
        return [(p.pk, p.name) for p in staff]

    def queryset(self, request, queryset):
        person = Person.objects.filter(pk=self.value()).first() if self.value() else None
        return queryset.by_person(person) if person else queryset


class MineFilter(admin.SimpleListFilter):
    title = "范围"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "我的稿件")]

    def queryset(self, request, queryset):
        if self.value() != "1":
            return queryset
        return queryset.filter(
            Q(created_by=request.user) | Q(bylines__person__user=request.user)
        ).distinct()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleBylineInline]
    list_display = ("headline", "byline_names", "status", "published_at", "print_ref", "created_by")
    list_display_links = ("headline",)
    list_filter = (MineFilter, "status", CourtFilter, TopicFilter, AuthorFilter)
    search_fields = ("headline", "deck", "overline", "bylines__person__name")
    autocomplete_fields = ("organizations", "lead_image")
    readonly_fields = (
        "lead_image_preview",
        "ingest_link",
        "created_by",
        "created_at",
        "updated_at",
    )
    date_hierarchy = "published_at"
    list_per_page = 50
    save_on_top = True

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = (
        (None, {"fields": ("overline", "headline", "deck", "lead_in_source", "summary", "body")}),
        ("机构与专题", {"fields": ("organizations", "tags")}),
        ("图片", {"fields": ("lead_image", "lead_image_preview")}),
        ("发布", {"fields": ("status", "published_at", "slug")}),
        (
            "见报",
            {
                "fields": ("print_edition_date", "print_page", "ingest_link"),
                "classes": ("collapse",),
            },
        ),
        ("记录", {"fields": ("created_by", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        # Bylines for a whole changelist page in one query, not one per row.
        return (
            super()
            .get_queryset(request)
            .select_related("created_by", "lead_image")
            .prefetch_related("bylines__person")
        )

    def get_urls(self):
        urls = [
            path(
                "topic-autocomplete/",
                self.admin_site.admin_view(self.topic_autocomplete),
                name="articles_article_topic_autocomplete",
            ),
        ]
        return urls + super().get_urls()

    def topic_autocomplete(self, request):
        """Return topics whose name or pinyin slug contains the typed term (Select2 JSON)."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("term", "").strip()
        topics = Topic.objects.all()
        if term:
            topics = topics.filter(Q(name__icontains=term) | Q(slug__icontains=term))
        names = topics.order_by("name").values_list("name", flat=True)[:20]
        return JsonResponse(
            {
                "results": [{"id": n, "text": n} for n in names],
                "pagination": {"more": False},
            }
        )

    @admin.display(description="署名")
    def byline_names(self, obj):
        return "、".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="见报", ordering="print_edition_date")
    def print_ref(self, obj):
        if not obj.print_edition_date:
            return ""
        return f"{obj.print_edition_date:%Y-%m-%d} {obj.print_page}".strip()

    @admin.display(description="来源版面")
    def ingest_link(self, obj):
        if not obj.ingest_id:
            return "（手工撰写）"
        url = reverse("admin:articles_pageingest_change", args=[obj.ingest_id])
        return format_html('<a href="{}">{}（查看导入报告）</a>', url, obj.ingest)

    @admin.display(description="题图预览")
    def lead_image_preview(self, obj):
        if not obj.lead_image_id:
            return "（未选择）"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:240px;max-height:160px">',
            obj.lead_image.file.url,
            obj.lead_image.alt_text,
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Bylines, organisations and topics are saved here, after the article itself.
        super().save_related(request, form, formsets, change)
        services.announce_change(form.instance.pk)

    def delete_model(self, request, obj):
        services.delete_article(obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete_article(article)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail",
        "caption",
        "credit_display",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("uploaded_at", ("uploaded_by", admin.RelatedOnlyFieldListFilter))
    search_fields = ("caption", "alt_text", "credit_text", "credit_person__name")
    autocomplete_fields = ("credit_person",)
    readonly_fields = ("thumbnail", "width", "height", "uploaded_by", "uploaded_at")
    list_select_related = ("credit_person", "uploaded_by")
    fields = (
        "file",
        "thumbnail",
        "caption",
        "alt_text",
        "credit_person",
        "credit_text",
        "width",
        "height",
        "uploaded_by",
        "uploaded_at",
    )

    @admin.display(description="缩略图")
    def thumbnail(self, obj):
        if not obj.pk or not obj.file:
            return ""
        return format_html(
            '<img src="{}" alt="{}" loading="lazy" style="max-width:120px;max-height:80px">',
            obj.file.url,
            obj.alt_text,
        )

    @admin.display(description="摄影/来源")
    def credit_display(self, obj):
        return obj.credit

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


# Topics use our own Topic model; taggit's generic Tag model would only confuse journalists.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n=Count("tagged_articles"))

    @admin.display(description="稿件数", ordering="_n")
    def article_count(self, obj):
        return obj._n


class PageUploadForm(forms.Form):
    """The 上传版面 form: a page's text file with the edition it ran in."""

    file = forms.FileField(
        label="版面文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text="排版系统导出的单个版面纯文本（.txt），UTF-8 或 GB18030/GBK 编码均可。",
        error_messages={
            "required": "请选择要上传的版面文件。",
            "empty": "文件是空的，没有可导入的内容。",
        },
    )
    edition_date = forms.DateField(
        label="见报日期", widget=AdminDateWidget, help_text="这一版见报的日期。"
    )
    page_label = forms.CharField(
        label="版次", max_length=10, help_text="如“A3”；同一天同一版重复上传不会重复建稿。"
    )
    encoding = forms.ChoiceField(
        label="编码",
        choices=[(e, "自动识别" if e == "auto" else e) for e in ingest_services.ENCODINGS],
        initial="auto",
        help_text="一般保持“自动识别”；识别错误时再指定。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            ingest_services.check_size(upload.size)
        except ingest_services.PageInputError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


@admin.register(PageIngest)
class PageIngestAdmin(admin.ModelAdmin):
    """Upload a print page (add view) and read what the importer made of it (change view)."""

    list_display = (
        "__str__",
        "filename",
        "story_count",
        "warning_count",
        "encoding",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("edition_date", "page_label")
    list_select_related = ("uploaded_by",)
    search_fields = ("filename", "page_label", "articles__headline")
    date_hierarchy = "edition_date"
    change_list_template = "admin/articles/pageingest/change_list.html"

    def has_add_permission(self, request):
        # Uploading creates articles (and possibly people), so it needs both permissions.
        return super().has_add_permission(request) and request.user.has_perm("articles.add_article")

    def has_change_permission(self, request, obj=None):
        return False  # a record is what happened; the drafts are edited, not the record

    @admin.display(description="稿件数")
    def story_count(self, obj):
        return obj.story_count

    @admin.display(description="待核对")
    def warning_count(self, obj):
        return obj.warning_count

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PageUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = ingest_services.import_page(
                    upload.read(),
                    edition_date=form.cleaned_data["edition_date"],
                    page_label=form.cleaned_data["page_label"],
                    encoding=form.cleaned_data["encoding"],
                    user=request.user,
                    filename=upload.name,
                )
            except ingest_services.PageInputError as error:
                form.add_error("file", str(error))
            else:
                if result.already_imported:
                    messages.warning(request, "这个版面已导入过，没有重复建稿；以下是当时的报告。")
                else:
                    messages.success(
                        request,
                        f"已导入，新建 {len(result.articles)} 篇草稿；请核对下方报告中标出的疑点。",
                    )
                return redirect("admin:articles_pageingest_change", result.ingest.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "上传版面",
            "opts": self.opts,
            "form": form,
            "adminform_media": self.media + form.media,
            "max_megabytes": settings.INGEST_MAX_PAGE_BYTES / 1024 / 1024,
        }
        return TemplateResponse(request, "admin/articles/pageingest/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ingest = self.get_object(request, object_id)
        if ingest is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, ingest):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"版面导入报告：{ingest}",
            "opts": self.opts,
            "original": ingest,
            "ingest": ingest,
            "stories": self._report_stories(ingest),
            "page_warnings": ingest.report.get("warnings", []),
            "has_delete_permission": self.has_delete_permission(request, ingest),
        }
        return TemplateResponse(request, "admin/articles/pageingest/report.html", context)

    def _report_stories(self, ingest: PageIngest) -> list[dict]:
        """Return the report's stories with admin links to the drafts that still exist."""
        ids = [story.get("article_id") for story in ingest.report.get("stories", [])]
        existing = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        stories = []
        for story in ingest.report.get("stories", []):
            article_id = story.get("article_id")
            url = (
                reverse("admin:articles_article_change", args=[article_id])
                if article_id in existing
                else ""
            )
            stories.append({**story, "admin_url": url})
        return stories
