"""The story admin: the list (filters, full-text search), the form, revisions and deletion.

The editorial desk (workflow buttons, 审签单, dashboard, presence) is ``desk.EditorialDesk``.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import history, services
from articles.admin.desk import EditorialDesk
from articles.admin.filters import (
    AuthorFilter,
    CourtFilter,
    MineFilter,
    TopicFilter,
    WorkflowStateFilter,
)
from articles.admin.forms import ArticleAdminForm
from articles.models import Article, ArticleByline, ArticleStatus, Topic
from images.admin import thumbnail_html


class ArticleBylineInline(admin.TabularInline):
    model = ArticleByline
    extra = 1
    autocomplete_fields = ("person", "organization")
    fields = ("position", "role", "person", "organization")
    ordering = ("position", "pk")


# Restoring a revision brings back content, never workflow state: these stay as they are now.
PRESERVED_ON_RESTORE = (*Article.WORKFLOW_FIELDS, "version")


@admin.register(Article)
class ArticleAdmin(EditorialDesk, VersionAdmin):
    form = ArticleAdminForm
    # The search box's full-text search: fn(queryset, terms) -> queryset, installed by the
    # search app (which owns the index; this app may not import it). Without it, Django's own.
    full_text_search = None
    inlines = [ArticleBylineInline]
    list_display = (
        "headline",
        "byline_names",
        "state_column",
        "published_at",
        "embargo_column",
        "print_ref",
        "created_by",
    )
    list_display_links = ("headline",)
    list_filter = (MineFilter, WorkflowStateFilter, CourtFilter, TopicFilter, AuthorFilter)
    # The search box looks in the full-text index (see get_search_results), not in these.
    search_fields = ("headline",)
    search_help_text = "在标题、副题、正文、署名、机构和专题中查找，含草稿；空格分开的词须同时出现，引号内按整句查找。"
    autocomplete_fields = ("organizations", "lead_image")
    readonly_fields = (
        "lead_image_preview",
        "ingest_link",
        "state_display",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    date_hierarchy = "published_at"
    list_per_page = 50
    save_on_top = True
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True
    fieldsets = (
        (None, {"fields": ("overline", "headline", "deck", "lead_in_source", "summary", "body")}),
        ("机构与专题", {"fields": ("organizations", "tags")}),
        ("图片", {"fields": ("lead_image", "lead_image_preview")}),
        ("发布", {"fields": ("state_display", "embargo_until", "published_at", "slug")}),
        (
            "见报",
            {
                "fields": ("print_edition_date", "print_page", "ingest_link"),
                "classes": ("collapse",),
            },
        ),
        ("记录", {"fields": ("created_by", "created_at", "updated_at"), "classes": ("collapse",)}),
        (None, {"fields": ("base_version",), "classes": ("hidden",)}),
    )

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ("articles/js/article_form.js",)

    def get_queryset(self, request):
        # Bylines for a whole changelist page in one query, not one per row.
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("created_by", "lead_image")
            .prefetch_related("bylines__person")
        )

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Saving: hold the row until the save commits, so the version check is exact.
            queryset = self.get_queryset(request).select_for_update(of=("self",))
            model = queryset.model
            field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
            try:
                obj = queryset.get(**{field.name: field.to_python(object_id)})
            except (model.DoesNotExist, ValueError, forms.ValidationError):
                return None
        else:
            obj = super().get_object(request, object_id, from_field)
        for name, value in getattr(request, "article_state_override", {}).items():
            if obj is not None:
                setattr(obj, name, value)
        return obj

    # Permissions: the model decides who may edit what; the admin only asks.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_edit(request.user))

    def get_search_results(self, request, queryset, search_term):
        """Search the full-text index (set by the search app) over every story, drafts too."""
        if not search_term.strip():
            return queryset, False
        if self.full_text_search is None:
            return super().get_search_results(request, queryset, search_term)
        return self.full_text_search(queryset, search_term), False

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path(
                "topic-autocomplete/",
                view(self.topic_autocomplete),
                name="articles_article_topic_autocomplete",
            ),
            path("dashboard/", view(self.dashboard_view), name="articles_article_dashboard"),
            path(
                "<path:object_id>/workflow/<str:action>/",
                view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "<path:object_id>/sign-off-sheet/",
                view(self.sign_off_sheet_view),
                name="articles_article_sign_off_sheet",
            ),
            path(
                "<path:object_id>/presence/",
                view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/diff/",
                view(self.revision_diff_view),
                name="articles_article_revision_diff",
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

    # Columns and read-only fields.

    @admin.display(description="署名")
    def byline_names(self, obj):
        return "、".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="状态", ordering="status")
    def state_column(self, obj):
        return obj.state_label

    @admin.display(description="禁发至", ordering="embargo_until")
    def embargo_column(self, obj):
        if not obj.is_under_embargo:
            return ""
        return format_html(
            '<strong class="embargo">{:%m-%d %H:%M}</strong>', timezone.localtime(obj.embargo_until)
        )

    @admin.display(description="流程状态")
    def state_display(self, obj):
        return obj.state_label if obj and obj.pk else "草稿"

    @admin.display(description="见报", ordering="print_edition_date")
    def print_ref(self, obj):
        if not obj.print_edition_date:
            return ""
        return f"{obj.print_edition_date:%Y-%m-%d} {obj.print_page}".strip()

    @admin.display(description="来源版面")
    def ingest_link(self, obj):
        if not obj.ingest_id:
            return "（手工撰写）"
        url = reverse("admin:ingest_pageingest_change", args=[obj.ingest_id])
        return format_html('<a href="{}">{}（查看导入报告）</a>', url, obj.ingest)

    @admin.display(description="题图预览")
    def lead_image_preview(self, obj):
        if not obj.lead_image_id:
            return "（未选择）"
        return thumbnail_html(obj.lead_image, "teaser", 240)

    # The change page: workflow buttons, log, presence notice.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        extra = dict(extra_context or {})
        if article is not None and self.has_view_or_change_permission(request, article):
            extra.update(self.workflow_context(request, article))
            if request.method == "GET":
                self.warn_about_other_editors(request, article)
                if self.has_change_permission(request, article):
                    services.touch_editing_presence(article, request.user)
        return super().change_view(request, object_id, form_url, extra)

    # Saving: optimistic locking, revisions (VersionAdmin). Bylines, organisations and topics
    # are saved after the story by ModelAdmin.save_related.

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if change:
            # Checked against the row locked in get_object (ArticleAdminForm.clean).
            obj.version = form.instance.version + 1
        services.save_article(obj)
        services.end_editing_presence(obj, request.user)

    def delete_model(self, request, obj):
        services.delete_article(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete_article(article, request.user)

    # Revisions: restore content, keep the workflow state; recovery brings back a draft.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = (
            self.get_queryset(request)
            .filter(pk=unquote(object_id))
            .values(*PRESERVED_ON_RESTORE)
            .first()
        )
        if current is None:
            raise Http404
        request.article_state_override = current
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        request.article_state_override = {
            "status": ArticleStatus.DRAFT,
            "review_level": 0,
            "published_at": None,
            "state_changed_at": timezone.now(),
            "unpublished_reason": "",
        }
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def revision_diff_view(self, request, object_id, version_id):
        """Show what a revision changed compared with the one before it."""
        article = get_object_or_404(self.get_queryset(request), pk=unquote(object_id))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )
        previous = history.previous_version(version)
        diffs = history.diff_values(previous.field_dict if previous else {}, version.field_dict)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"修订对比：{article.headline}",
            "version": version,
            "previous": previous,
            "diffs": diffs,
            "restore_url": reverse(
                "admin:articles_article_revision", args=[article.pk, version.pk]
            ),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)
