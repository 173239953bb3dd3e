"""Domain signals: sent after a change to what readers may see has been committed.

Receivers (cache invalidation, search reindex …) connect here instead of to model signals,
so that nothing runs inside save() or before the transaction commits.
"""

from django.dispatch import Signal

# Sent with article_id=<pk> (the story may since have been deleted).
article_changed = Signal()
