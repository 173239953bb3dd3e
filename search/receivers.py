"""Keep the index current: after any committed change to what it holds of stories.

``articles.signals.content_committed`` carries, among the stories a transaction changed, those
whose indexed text changed (their own text, a byline, an organisation's or topic's name, an
alias: ``articles/public.py`` declares what the index holds). Stories deleted meanwhile leave
the index.
"""

from search.indexing import index_articles

# Past this many stories at once (a generated archive), the backend defers
# its index upkeep to the end of the batch.
BULK_FROM = 20_000


def reindex_changed(sender, changes, **kwargs):
    if changes.search:
        ids = sorted(changes.search)
        index_articles(ids, bulk=len(ids) >= BULK_FROM)
