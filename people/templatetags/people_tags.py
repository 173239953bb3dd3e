"""Template tags for organisations."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def org_tree(nodes) -> SafeString:
    """Render nested organisations (people.views.nest) as nested lists of links.

    Built in Python: a court's page shows dozens of branches, tribunals and party branches,
    and a recursive template include per node cost more than the rest of the page.
    """
    if not nodes:
        return mark_safe("")
    items = (
        format_html(
            '<li><a href="{}">{}</a>{}</li>',
            node["organization"].get_absolute_url(),
            node["organization"].name,
            org_tree(node["children"]),
        )
        for node in nodes
    )
    return mark_safe(f"<ul>{''.join(items)}</ul>")
