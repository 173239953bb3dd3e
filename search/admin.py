"""The story admin's search box, answered from the full-text index (search.apps installs it)."""

from search.query import parse_query
from search.results import matching


def admin_search(queryset, terms: str):
    """Return the stories of the admin's queryset (drafts too) that match the search terms."""
    return matching(queryset, parse_query(terms))
