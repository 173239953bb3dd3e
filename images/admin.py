"""The image library's admin: upload (one or many), caption and credit, focal point, picker."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from images import services
from images.models import Image, Rendition
from images.validators import validate_image_file
from people.models import Person


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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    change_list_template = "admin/images/image/change_list.html"
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
            path("bulk-upload/", view(self.bulk_upload_view), name="images_image_bulk_upload"),
            path("picker/", view(self.picker_view), name="images_image_picker"),
            path("<int:pk>/original/", view(self.original_view), name="images_image_original"),
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
            reverse("admin:images_image_original", args=[obj.pk]),
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

    # The services replace ModelAdmin's saving (renditions, old files).
    def save_model(self, request, obj, form, change):
        services.save_image(obj, user=request.user)

    def delete_model(self, request, obj):
        services.delete_image(obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.delete_image(image)

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
            return redirect("admin:images_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "批量上传图片",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/images/image/bulk_upload.html", context)

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
        return TemplateResponse(request, "admin/images/image/picker.html", context)
