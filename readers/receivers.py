"""How the readers' website follows changes to stories (articles/changes.py sends them)."""

from articles.changes import Aspect
from readers import cache, listings
from readers.tasks import refresh_article_renders

# Stories rendered again right after a commit; a larger change (a renamed court with thousands
# of stories) leaves the rest to the requests that show them and to `render_articles`.
REFRESH_AFTER_COMMIT_MAX = 50


def rebuild_lists(sender, article_ids, aspects, **kwargs):
    """In the changing transaction: the stories' rows in the list index follow them."""
    if Aspect.LISTS in aspects and article_ids:
        listings.rebuild(article_ids)


def after_commit(sender, changes, **kwargs):
    """Once committed: cached pages go stale; changed stories are rendered ahead of readers."""
    if changes.pages:
        cache.start_new_generation()
    if changes.stories and len(changes.stories) <= REFRESH_AFTER_COMMIT_MAX:
        refresh_article_renders.enqueue(sorted(changes.stories))
