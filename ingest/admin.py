"""Print-page import in the admin: upload a page (版面导入 › 上传版面) and read its report."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.models import Article
from ingest import services
from ingest.models import PageIngest


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
        choices=[(e, "自动识别" if e == "auto" else e) for e in services.ENCODINGS],
        initial="auto",
        help_text="一般保持“自动识别”；识别错误时再指定。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            services.check_size(upload.size)
        except services.PageInputError as error:
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
    change_list_template = "admin/ingest/pageingest/change_list.html"

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
                result = services.import_page(
                    upload.read(),
                    edition_date=form.cleaned_data["edition_date"],
                    page_label=form.cleaned_data["page_label"],
                    encoding=form.cleaned_data["encoding"],
                    user=request.user,
                    filename=upload.name,
                )
            except services.PageInputError as error:
                form.add_error("file", str(error))
            else:
                if result.already_imported:
                    messages.warning(request, "这个版面已导入过，没有重复建稿；以下是当时的报告。")
                else:
                    messages.success(
                        request,
                        f"已导入，新建 {len(result.articles)} 篇草稿；请核对下方报告中标出的疑点。",
                    )
                return redirect("admin:ingest_pageingest_change", result.ingest.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "上传版面",
            "opts": self.opts,
            "form": form,
            "adminform_media": self.media + form.media,
            "max_megabytes": settings.INGEST_MAX_PAGE_BYTES / 1024 / 1024,
        }
        return TemplateResponse(request, "admin/ingest/pageingest/upload.html", context)

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
        return TemplateResponse(request, "admin/ingest/pageingest/report.html", context)

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
