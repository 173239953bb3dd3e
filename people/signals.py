"""Signals of the people app.

``organization_moved`` is sent with ``organization`` after an organisation (and everything
under it) moved to another place in the tree: the lists and courts of its stories change.
Tree moves update paths in bulk and send no model signals, so ``Organization.move()`` sends it.
"""

from django.dispatch import Signal

organization_moved = Signal()
