"""Domain signals about what readers see of stories (sent by articles/changes.py).

``content_changed`` is sent in the changing transaction, once per change, with
``article_ids`` (the stories affected, a set) and ``aspects`` (what of them: "story", "lists",
"search", "page"; see ``articles.changes.Aspect``). Only derived rows in the same database
should follow it there (they commit or roll back with the change).

``content_committed`` is sent after the transaction commits, once, with ``changes``: an
``articles.changes.Changes`` holding every story affected per aspect. Caches, the search index
and re-rendering follow it.
"""

from django.dispatch import Signal

content_changed = Signal()
content_committed = Signal()
