"""The readers' search form: the query and its filters (court, topic, dates)."""

from datetime import date

from django import forms

from articles.models import ArticleQuerySet, Topic
from people.models import COURT_KINDS, Organization, OrganizationKind


class CourtChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "　" * (obj.depth - 1) + obj.display_name


class DatePicker(forms.DateInput):
    """A date picker (<input type="date">) that leaves out a value it cannot hold: an invalid
    date is reported and ignored, and HTML allows only a real date (2024-06-18) there."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        try:
            date.fromisoformat(value or "")
        except ValueError:
            return None
        return value


class SearchForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, strip=True)
    court = CourtChoiceField(
        label="法院",
        queryset=Organization.objects.filter(
            kind__in=(*COURT_KINDS, OrganizationKind.PROCURATORATE)
        ),
        to_field_name="slug",
        required=False,
        empty_label="全部法院",
        help_text="含下级法院及其部门、法庭。",
        error_messages={"invalid_choice": "没有这个法院，已按全部法院搜索。"},
    )
    topic = forms.ModelChoiceField(
        label="专题",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="全部专题",
        error_messages={"invalid_choice": "没有这个专题，已按全部专题搜索。"},
    )
    start = forms.DateField(
        label="起始日期",
        required=False,
        widget=DatePicker,
        error_messages={"invalid": "起始日期格式应为 2024-06-18，已忽略。"},
    )
    end = forms.DateField(
        label="截止日期",
        required=False,
        widget=DatePicker,
        error_messages={"invalid": "截止日期格式应为 2024-06-18，已忽略。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("court", "topic", "start", "end"):
            self.fields[name].widget.attrs["class"] = "field"  # the site's control style

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            data["start"], data["end"] = end, start
            self.add_error(None, "起始日期晚于截止日期，已对调后搜索。")
        return data

    def filter(self, articles: ArticleQuerySet) -> ArticleQuerySet:
        """Apply the filters that were valid (an invalid one is reported and left out)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("court"):
            articles = articles.about(data["court"])
        if data.get("topic"):
            articles = articles.with_topic(data["topic"])
        if data.get("start"):
            articles = articles.filter(published_at__date__gte=data["start"])
        if data.get("end"):
            articles = articles.filter(published_at__date__lte=data["end"])
        return articles
