"""Admin widgets: a topic picker that autocompletes existing topics and creates new ones."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse


class TopicAutocompleteWidget(AutocompleteSelectMultiple):
    """Select2 in tags mode: pick existing topics by name or type a new one."""

    url_name = "admin:articles_article_topic_autocomplete"

    def get_url(self):
        return reverse(self.url_name)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "data-tags": "true",
                "data-placeholder": "输入专题标签，如“党建”，回车新建",
                "data-token-separators": '[",", "，", " "]',
            }
        )
        return attrs

    def optgroups(self, name, value, attr=None):
        names = [v for v in value if v]
        options = [self.create_option(name, n, n, True, i) for i, n in enumerate(names)]
        return [(None, options, 0)] if options else []

    def format_value(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [getattr(v, "name", v) for v in value]


class TopicNamesField(forms.Field):
    """A list of topic names; unknown names become new topics when the form saves."""

    max_name_length = 50

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        names = []
        for raw in value:
            name = " ".join(str(raw).replace("，", ",").split()).strip(",")
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        too_long = [n for n in value if len(n) > self.max_name_length]
        if too_long:
            raise forms.ValidationError(
                "标签“%(name)s”过长，请控制在 %(max)s 字以内。",
                params={"name": too_long[0], "max": self.max_name_length},
            )
