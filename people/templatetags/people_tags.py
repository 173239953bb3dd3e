"""Template tags for organisations."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from people.slugs import slug_url_maker

register = template.Library()


@register.simple_tag
def org_tree(nodes) -> SafeString:
    """Render nested organisations (people.views.nest) as nested lists of links.

    Built in Python with plain string escaping: a court's page shows dozens of branches,
    tribunals and party branches, and a template include per node cost more than the rest of
    the page.
    """
    return mark_safe(_tree(nodes, slug_url_maker("people:organization_detail")))


def _tree(nodes, url) -> str:
    if not nodes:
        return ""
    items = "".join(
        f'<li><a href="{escape(url(slug=node["organization"].slug))}">'
        f"{escape(node['organization'].name)}</a>{_tree(node['children'], url)}</li>"
        for node in nodes
    )
    return f"<ul>{items}</ul>"
