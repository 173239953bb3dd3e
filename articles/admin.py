"""The journalists' admin: write stories, credit bylines, pick topics, courts and images."""

import copy
from datetime import timedelta

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django_prose_editor.fields import ProseEditorFormField
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag as TaggitTag

from articles import history, services
from articles.cache import InvalidatePagesOnSave, content_changed
from articles.ingest import services as ingest_services
from articles.models import (
    VISIBLE_STATUSES,
    Action,
    Article,
    ArticleByline,
    ArticleStatus,
    ArticleTransition,
    EditingPresence,
    Image,
    PageIngest,
    Rendition,
    Topic,
)
from articles.preview import preview_token
from articles.sanitize import sanitize_html
from articles.validators import validate_image_file
from articles.widgets import TopicAutocompleteWidget, TopicNamesField
from articles.workflow import (
    InvalidTransition,
    TransitionForbidden,
    WorkflowError,
    display_name,
    is_correspondent_only,
    review_levels,
)
from people.models import COURT_KINDS, Organization, OrganizationKind, Person, PersonKind
from search.query import parse_query
from search.results import matching

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
        # "Browse..." in the figure dialog opens the image library picker (ImageAdmin.picker_view).
        "Figure": {"pickerUrl": reverse_lazy("admin:articles_image_picker")},
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
            "embargo_until",
            "slug",
            "print_edition_date",
            "print_page",
        ]

    # The version the editor opened; a different one in the database means someone else saved
    # meanwhile (optimistic locking). Not a model field in the form: only the admin bumps it.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CONFLICT_FIELDS = (
        "overline",
        "headline",
        "deck",
        "lead_in_source",
        "summary",
        "body",
        "embargo_until",
        "lead_image",
        "print_edition_date",
        "print_page",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["base_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk:
            submitted = cleaned.get("base_version")
            if submitted is not None and submitted != instance.version:
                self._refuse_conflicting_save(cleaned, submitted)
        embargo = cleaned.get("embargo_until")
        if (
            embargo
            and instance.status in VISIBLE_STATUSES
            and instance.published_at
            and instance.published_at < embargo
        ):
            self.add_error(
                "embargo_until",
                "稿件已定于或已在禁发时间之前发布，不能把禁发时间改晚；如需撤下请用“撤稿”或“退回修改”。",
            )
        return cleaned

    def _refuse_conflicting_save(self, cleaned, submitted):
        """Refuse the save, list what differs, and keep the user's text in the form."""
        instance = self.instance
        latest = Version.objects.get_for_object(instance).select_related("revision__user").first()
        who = display_name(latest.revision.user) if latest and latest.revision.user else "他人"
        when = (
            f"{timezone.localtime(latest.revision.date_created):%H:%M}"
            if latest
            else f"{timezone.localtime(instance.updated_at):%H:%M}"
        )
        messages = [
            f"保存未成功：{who} 在 {when} 保存了这篇稿件（现为第 {instance.version} 版，"
            f"您打开的是第 {submitted} 版）。为免覆盖对方的修改，本次没有保存。"
        ]
        for name in self.CONFLICT_FIELDS:
            if name not in self.fields:
                continue
            theirs, yours = getattr(instance, name), cleaned.get(name)
            if (theirs or "") != (yours or ""):
                label = self.fields[name].label
                messages.append(
                    f"{label}——最新版本：“{_plain(theirs)}”；您的版本：“{_plain(yours)}”"
                )
        if instance.pk and "organizations" in cleaned:
            theirs = set(instance.organizations.values_list("pk", flat=True))
            yours = {o.pk for o in cleaned["organizations"]}
            if theirs != yours:
                messages.append("涉及机构——与最新版本不同")
        kept = self._keep_refused_version(cleaned, submitted)
        messages.append(
            "您的内容仍在下面的表单中，没有丢失"
            + ("，并已另存为一条修订记录（见“历史”，可随时恢复）" if kept else "")
            + "。请核对后再次点击保存：再次保存将以您的内容为准；也可以先复制您的修改，再重新打开稿件。"
        )
        # The next submit is made against the latest version, deliberately, after this review.
        data = self.data.copy()
        data["base_version"] = instance.version
        self.data = data
        raise forms.ValidationError(messages, code="edit_conflict")

    def _keep_refused_version(self, cleaned, submitted) -> bool:
        """Store the refused submission as a revision, so closing the tab loses nothing.

        The article itself is not saved: the revision holds an in-memory copy with the
        user's values, which the history page lists and can restore.
        """
        if not reversion.is_active():
            return False
        refused = copy.copy(self.instance)
        for name in self.CONFLICT_FIELDS:
            if name in cleaned:
                setattr(refused, name, cleaned[name])
        reversion.add_to_revision(refused)
        reversion.set_comment(f"编辑冲突时未保存的版本（基于第 {submitted} 版）")
        return True


def _plain(value, length=80) -> str:
    text = " ".join(strip_tags(str(value or "")).split())
    return text if len(text) <= length else text[:length] + "……"


class WorkflowActionForm(forms.Form):
    """The input a workflow button sends: a comment, and for 定时发布 the time."""

    comment = forms.CharField(required=False, max_length=5000)
    publish_at = forms.DateTimeField(
        required=False, error_messages={"invalid": "请输入有效的发布时间，如 2026-11-28 08:00。"}
    )


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


class WorkflowStateFilter(admin.SimpleListFilter):
    """Filter by workflow state, with each review level as its own queue."""

    title = "流程状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        choices = [(ArticleStatus.DRAFT, "草稿"), (ArticleStatus.RETURNED, "退回修改")]
        choices += [(f"review-{lv.number}", lv.queue_name) for lv in review_levels()]
        choices += [
            (s, s.label)
            for s in (
                ArticleStatus.APPROVED,
                ArticleStatus.SCHEDULED,
                ArticleStatus.PUBLISHED,
                ArticleStatus.UNPUBLISHED,
            )
        ]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value.startswith("review-") and value[7:].isdigit():
            return queryset.in_review_at(int(value[7:]))
        return queryset.filter(status=value)


# Restoring a revision brings back content, never workflow state: these stay as they are now.
PRESERVED_ON_RESTORE = (*Article.WORKFLOW_FIELDS, "version")


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
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
        queryset = (
            super()
            .get_queryset(request)
            .select_related("created_by", "lead_image")
            .prefetch_related("bylines__person")
        )
        if is_correspondent_only(request.user):
            queryset = queryset.filter(created_by=request.user)
        return queryset

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
        """Search the same full-text index as readers do, over every story (drafts too)."""
        if not search_term.strip():
            return queryset, False
        return matching(queryset, parse_query(search_term)), False

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
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
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
        url = reverse("admin:articles_pageingest_change", args=[obj.ingest_id])
        return format_html('<a href="{}">{}（查看导入报告）</a>', url, obj.ingest)

    @admin.display(description="题图预览")
    def lead_image_preview(self, obj):
        if not obj.lead_image_id:
            return "（未选择）"
        return thumbnail_html(obj.lead_image, "teaser", 240)

    # The change page: workflow buttons, log, presence notice.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = Article.objects.filter(pk=unquote(object_id)).first() if object_id else None
        extra = dict(extra_context or {})
        if article is not None and self.has_view_or_change_permission(request, article):
            extra.update(self.workflow_context(request, article))
            if request.method == "GET":
                self.warn_about_other_editors(request, article)
                if self.has_change_permission(request, article):
                    services.touch_editing_presence(article, request.user)
        return super().change_view(request, object_id, form_url, extra)

    def workflow_context(self, request, article: Article) -> dict:
        actions = article.allowed_actions(request.user)
        labels = dict(Action.choices)
        if Action.APPROVE in actions:
            level = review_levels()[article.review_level - 1]
            last = article.review_level == len(review_levels())
            labels[Action.APPROVE] = f"{level.name}签发" if last else f"{level.name}通过"
        preview_url = None
        if not article.is_public and article.status != ArticleStatus.UNPUBLISHED:
            preview_url = request.build_absolute_uri(
                reverse("articles:preview", args=[preview_token(article)])
            )
        return {
            "workflow_actions": [(a, labels[a]) for a in actions],
            "workflow_transitions": article.transitions.select_related("actor"),
            "workflow_corrections": article.corrections.all(),
            "workflow_article": article,
            "preview_link": preview_url,
            "preview_link_days": round(settings.PREVIEW_LINK_MAX_AGE / 86400, 1),
            "schedule_default": timezone.localtime(
                max(timezone.now(), article.embargo_until or timezone.now()) + timedelta(hours=1)
            ).strftime("%Y-%m-%dT%H:00"),
        }

    def warn_about_other_editors(self, request, article: Article) -> None:
        """Tell the user who else has the story open, and since when (it never locks)."""
        recent = timezone.now() - timedelta(seconds=settings.EDITING_PRESENCE_SECONDS)
        others = (
            EditingPresence.objects.filter(article=article, last_seen__gte=recent)
            .exclude(user=request.user)
            .select_related("user__person")
            .order_by("since")
        )
        for presence in others:
            messages.warning(
                request,
                f"{display_name(presence.user)} 正在编辑，自 "
                f"{timezone.localtime(presence.since):%H:%M} 起。同时保存时后保存者会收到冲突提示。",
            )

    def presence_view(self, request, object_id):
        """Heartbeat from the open edit form (article_form.js), keeping the notice current."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        services.touch_editing_presence(article, request.user)
        return HttpResponse(status=204)

    # Saving: optimistic locking, revisions (VersionAdmin), announcements.

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        if change:
            # Checked against the row locked in get_object (ArticleAdminForm.clean).
            obj.version = form.instance.version + 1
        super().save_model(request, obj, form, change)
        services.end_editing_presence(obj, request.user)

    def save_related(self, request, form, formsets, change):
        # Bylines, organisations and topics are saved here, after the article itself.
        super().save_related(request, form, formsets, change)
        services.announce_change(form.instance.pk)

    def delete_model(self, request, obj):
        services.delete_article(obj, request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.delete_article(article, request.user)

    # Revisions: restore content, keep the workflow state; recovery brings back a draft.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        current = (
            Article.objects.filter(pk=unquote(object_id)).values(*PRESERVED_ON_RESTORE).first()
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
        article = get_object_or_404(Article, pk=unquote(object_id))
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

    # Workflow views.

    def workflow_view(self, request, object_id, action):
        """Run one workflow button; a transition the user may not make answers 403."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in Action.values or action == Action.PUBLISH_DUE:
            raise Http404
        article = get_object_or_404(Article, pk=unquote(object_id))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = WorkflowActionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect(change_url)
        if action == Action.SCHEDULE and not form.cleaned_data["publish_at"]:
            messages.error(request, "定时发布请填写发布时间。")
            return redirect(change_url)
        try:
            services.run_action(
                article,
                request.user,
                action,
                comment=form.cleaned_data["comment"],
                at=form.cleaned_data["publish_at"],
            )
        except (TransitionForbidden, InvalidTransition) as refused:
            context = {
                **self.admin_site.each_context(request),
                "title": "操作未被允许",
                "message": str(refused),
                "original": article,
                "opts": self.model._meta,
            }
            return TemplateResponse(
                request, "admin/articles/article/workflow_refused.html", context, status=403
            )
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        article.refresh_from_db()
        messages.success(
            request, f"已{dict(Action.choices)[action]}：稿件现为“{article.state_label}”。"
        )
        return redirect(change_url)

    def sign_off_sheet_view(self, request, object_id):
        """The printable 审签单: each level's reviewer, time and comment, and the whole log."""
        article = get_object_or_404(Article.objects.for_detail(), pk=unquote(object_id))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = {
            "sheet": history.sign_off_sheet(article),
            "article": article,
            "corrections": article.corrections.all(),
            "printed_at": timezone.now(),
            "PUBLICATION_NAME": settings.PUBLICATION_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/sign_off_sheet.html", context)

    def preview_view(self, request, object_id):
        """Show the story exactly as readers will see it, whatever its state."""
        article = get_object_or_404(Article.objects.for_detail(), pk=unquote(object_id))
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        from articles.preview import render_as_reader

        return render_as_reader(request, article)

    def dashboard_view(self, request):
        """The editors' desk: review queues with waiting time, schedule, recent, returned."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        listing = Article.objects.select_related("created_by").order_by("state_changed_at", "pk")
        queues = [
            (level, list(listing.in_review_at(level.number)[:50])) for level in review_levels()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "编辑工作台",
            "opts": self.model._meta,
            "queues": queues,
            "scheduled": list(
                Article.objects.upcoming().select_related("created_by").order_by("published_at")
            ),
            "recently_published": list(
                Article.objects.published().select_related("created_by")[:10]
            ),
            "returned_to_me": list(
                Article.objects.filter(status=ArticleStatus.RETURNED, created_by=request.user)
                .annotate(
                    return_comment=Subquery(
                        ArticleTransition.objects.filter(
                            article_id=OuterRef("pk"), action=Action.RETURN
                        )
                        .order_by("-created_at", "-pk")
                        .values("comment")[:1]
                    )
                )
                .order_by("-state_changed_at")
            ),
            "my_drafts": list(
                Article.objects.filter(
                    status=ArticleStatus.DRAFT, created_by=request.user
                ).order_by("-updated_at")[:20]
            ),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/articles/article/dashboard.html", context)


class OriginalFileInput(forms.ClearableFileInput):
    """A file input that never links the stored original (it has no public URL)."""

    def is_initial(self, value):
        return False


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "caption",
            "alt_text",
            "credit_person",
            "credit_text",
            "focal_point_x",
            "focal_point_y",
        ]
        # A plain file field: the model's validator checks the content once, with our messages.
        field_classes = {"file": forms.FileField}
        widgets = {"file": OriginalFileInput}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several image files from one <input multiple>, each checked by content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise forms.ValidationError("请至少选择一个图片文件。", code="required")
        errors, cleaned = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                validate_image_file(upload)
            except forms.ValidationError as error:
                errors.extend(f"{upload.name}：{message}" for message in error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class BulkUploadForm(forms.Form):
    files = MultipleImageField(
        label="图片文件",
        help_text="可一次选择多张（按住 Ctrl 或 Shift 选择）；有任何一张不合格时都不会保存，请去掉后重新上传。",
    )
    caption = forms.CharField(
        label="图片说明",
        max_length=300,
        required=False,
        help_text="所有图片共用，保存后可逐张修改。",
    )
    alt_text = forms.CharField(
        label="替代文字",
        max_length=200,
        required=False,
        help_text="发布使用这些图片的稿件前必须填写。",
    )
    credit_person = forms.ModelChoiceField(
        label="摄影者",
        queryset=Person.objects.order_by("name"),
        required=False,
        help_text="本报摄影记者或通讯员。",
    )
    credit_text = forms.CharField(
        label="署名（文字）", max_length=100, required=False, help_text="如“渌口区法院供图”。"
    )


def thumbnail_html(image: Image, size: str = "thumbnail", max_px: int = 120) -> str:
    picture = image.picture(size)
    if picture is None:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" loading="lazy" '
        'style="max-width:{}px;max-height:{}px;width:auto;height:auto">',
        picture.src,
        image.alt_text,
        picture.width,
        picture.height,
        max_px,
        max_px,
    )


@admin.register(ArticleTransition)
class ArticleTransitionAdmin(admin.ModelAdmin):
    """The whole newsroom's transition log, read-only (each story's own is on its page)."""

    list_display = (
        "created_at",
        "story",
        "step",
        "from_label",
        "to_label",
        "actor_name",
        "comment",
    )
    list_filter = ("action", "to_status")
    search_fields = ("actor_name", "comment", "article__headline")
    date_hierarchy = "created_at"
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an audit trail is not edited

    @admin.display(description="稿件")
    def story(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description="操作", ordering="action")
    def step(self, obj):
        return obj.step_name

    @admin.display(description="原状态")
    def from_label(self, obj):
        return obj.from_label

    @admin.display(description="新状态")
    def to_label(self, obj):
        return obj.to_label


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    change_list_template = "admin/articles/image/change_list.html"
    list_display = (
        "thumbnail",
        "caption",
        "alt_text_status",
        "credit_display",
        "dimensions",
        "use_count",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("uploaded_at", ("uploaded_by", admin.RelatedOnlyFieldListFilter))
    search_fields = ("caption", "alt_text", "credit_text", "credit_person__name")
    autocomplete_fields = ("credit_person",)
    readonly_fields = (
        "preview",
        "original_link",
        "dimensions",
        "used_in",
        "uploaded_by",
        "uploaded_at",
    )
    list_select_related = ("credit_person", "uploaded_by")
    date_hierarchy = "uploaded_at"
    fieldsets = (
        (None, {"fields": ("file", "preview", "original_link", "dimensions")}),
        ("说明与署名", {"fields": ("caption", "alt_text", "credit_person", "credit_text")}),
        ("裁切焦点", {"fields": ("focal_point_x", "focal_point_y"), "classes": ("collapse",)}),
        ("使用情况", {"fields": ("used_in", "uploaded_by", "uploaded_at")}),
    )

    def get_queryset(self, request):
        # Thumbnails for a whole changelist page in one query, never generated here.
        return (
            super()
            .get_queryset(request)
            .annotate(_uses=Count("uses"))
            .prefetch_related(
                Prefetch("renditions", queryset=Rendition.objects.filter(spec="thumbnail"))
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("bulk-upload/", view(self.bulk_upload_view), name="articles_image_bulk_upload"),
            path("picker/", view(self.picker_view), name="articles_image_picker"),
            path("<int:pk>/original/", view(self.original_view), name="articles_image_original"),
            *super().get_urls(),
        ]

    @admin.display(description="缩略图")
    def thumbnail(self, obj):
        return thumbnail_html(obj) if obj.pk else ""

    @admin.display(description="预览")
    def preview(self, obj):
        if not obj.pk:
            return "保存后显示（已去除位置信息并自动转正）。"
        picture = obj.picture("article")
        if picture is None:
            return ""
        # Clicking the preview sets the focal point that crops (thumbnails, teasers) keep.
        return format_html(
            '<img src="{}" alt="{}" style="max-width:480px;max-height:360px;width:auto;height:auto;cursor:crosshair" '
            'title="点击设置裁切焦点" onclick="'
            "var r=this.getBoundingClientRect();"
            "document.getElementById('id_focal_point_x').value=((event.clientX-r.left)/r.width).toFixed(3);"
            "document.getElementById('id_focal_point_y').value=((event.clientY-r.top)/r.height).toFixed(3);"
            '">',
            picture.src,
            obj.alt_text,
        )

    @admin.display(description="原图")
    def original_link(self, obj):
        if not obj.pk or not obj.file:
            return ""
        return format_html(
            '<a href="{}">下载原图</a>（含拍摄信息和位置，仅限内部使用，请勿外传）',
            reverse("admin:articles_image_original", args=[obj.pk]),
        )

    @admin.display(description="尺寸")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else ""

    @admin.display(description="替代文字", boolean=True)
    def alt_text_status(self, obj):
        return bool(obj.alt_text)

    @admin.display(description="使用次数", ordering="_uses")
    def use_count(self, obj):
        return obj._uses

    @admin.display(description="用于稿件")
    def used_in(self, obj):
        if not obj.pk:
            return ""
        uses = obj.uses.select_related("article").order_by("-article__published_at")
        items = [
            format_html(
                '<li><a href="{}">{}</a>（{}{}）</li>',
                reverse("admin:articles_article_change", args=[use.article_id]),
                use.article.headline,
                use.article.get_status_display(),
                "，题图" if use.is_lead else "，正文插图",
            )
            for use in uses
        ]
        return format_html("<ul>{}</ul>", mark_safe("".join(items))) if items else "尚未使用"

    @admin.display(description="摄影/来源")
    def credit_display(self, obj):
        return obj.credit

    # The services replace ModelAdmin's saving, so tell the page cache here (captions, credits
    # and alt texts show on every page that uses the photo).
    def save_model(self, request, obj, form, change):
        services.save_image(obj, user=request.user)
        content_changed()

    def delete_model(self, request, obj):
        services.delete_image(obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.delete_image(image)
        content_changed()

    def original_view(self, request, pk):
        """Stream the original (EXIF and GPS intact) to staff allowed to see the library."""
        image = get_object_or_404(Image, pk=pk)
        if not self.has_view_or_change_permission(request, image):
            raise PermissionDenied
        return FileResponse(
            image.file.open("rb"),
            as_attachment=True,
            filename=image.file.name.rsplit("/", 1)[-1],
        )

    def bulk_upload_view(self, request):
        """Upload several photos in one form; all are saved, or none (with each file's error)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            images = services.upload_images(
                data["files"],
                user=request.user,
                caption=data["caption"],
                alt_text=data["alt_text"],
                credit_person=data["credit_person"],
                credit_text=data["credit_text"],
            )
            self.message_user(request, f"已上传 {len(images)} 张图片。", messages.SUCCESS)
            return redirect("admin:articles_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "批量上传图片",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/image/bulk_upload.html", context)

    def picker_view(self, request):
        """The body editor's "browse" window: pick a library image to insert with its caption."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()
        images = Image.objects.select_related("credit_person").prefetch_related("renditions")
        if term:
            images = images.filter(
                Q(caption__icontains=term)
                | Q(alt_text__icontains=term)
                | Q(credit_text__icontains=term)
                | Q(credit_person__name__icontains=term)
            )
        images = list(images[:60])
        context = {
            **self.admin_site.each_context(request),
            "title": "选择图库图片",
            "opts": self.model._meta,
            "q": term,
            "func_num": request.GET.get("CKEditorFuncNum", ""),
            "choices": [
                {
                    "image": image,
                    "thumbnail": thumbnail_html(image),
                    "url": image.public_url("article"),
                }
                for image in images
            ],
            "is_popup": True,
        }
        return TemplateResponse(request, "admin/articles/image/picker.html", context)


# The task queue's results only exist with the database backend; otherwise hide its admin.
if settings.TASK_BACKEND != "database":
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


# Topics use our own Topic model; taggit's generic Tag model would only confuse journalists.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Topic)
class TopicAdmin(InvalidatePagesOnSave, admin.ModelAdmin):
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
