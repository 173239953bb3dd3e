"""The story form (body editor, topics, optimistic locking) and the workflow buttons' form."""

import copy

import reversion
from django import forms
from django.contrib import admin
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorFormField
from reversion.models import Version

from articles.models import VISIBLE_STATUSES, Article
from articles.sanitize import sanitize_html
from articles.widgets import TopicAutocompleteWidget, TopicNamesField
from articles.workflow import display_name

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
        "Figure": {"pickerUrl": reverse_lazy("admin:images_image_picker")},
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
