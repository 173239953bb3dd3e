"""Template tags for organisations."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def org_tree(nodes) -> SafeString:
    """Render nested organisations (people.views.nest) as nested lists of links.

    Built in Python with plain string escaping: a court's page shows dozens of branches,
    tribunals and party branches, and a template include per node cost more than the rest of
    the page.
    """
    return mark_safe(_tree(nodes))


def _tree(nodes) -> str:
    if not nodes:
        return ""
    items = "".join(
        f'<li><a href="{escape(node["organization"].get_absolute_url())}">'
        f"{escape(node['organization'].name)}</a>{_tree(node['children'])}</li>"
        for node in nodes
    )
    return f"<ul>{items}</ul>"
