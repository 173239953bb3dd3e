"""Following every change to what readers see of stories, from whatever model it comes.

``articles.public`` declares which fields of which models readers see, and which stories show
a row. This module watches those models (saves, deletions, the stories' organisations, moves in
the organisation tree) and, for each change to a declared field:

* gives the stories that show it a new content stamp (``Article.render_stamp``) in the
  changing transaction, so stored HTML made from older data is never served;
* sends ``articles.signals.content_changed`` in the changing transaction, for derived rows in
  the same database that must commit or roll back with the change (the readers' list index);
* sends ``articles.signals.content_committed`` once the transaction commits, with all of its
  changes merged (the page cache, the search index, making stored HTML again).

Model signals cover every ordinary save and delete, whoever makes it (admin, services,
imports, revisions, shell). Writes that send no model signals (``QuerySet.update()``,
``bulk_create()``, raw SQL) must call ``changed()``, the one function for them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connection, transaction
from django.db.models import Model, QuerySet, signals

from articles.models import Article, new_stamp
from articles.public import BY_MODEL, Shown
from articles.signals import content_changed, content_committed
from people.models import Organization
from people.signals import organization_moved

STAMP_BATCH = 5000


class Aspect(StrEnum):
    STORY = "story"  # a story's own HTML (page, card)
    LISTS = "lists"  # which lists a story is in
    SEARCH = "search"  # the search index
    PAGE = "page"  # any reader's page (the page cache)


@dataclass
class Changes:
    """Stories affected by changes, per aspect; ``pages`` when any reader's page changed."""

    stories: set[int] = field(default_factory=set)
    lists: set[int] = field(default_factory=set)
    search: set[int] = field(default_factory=set)
    pages: bool = False

    def add(self, article_ids: Iterable[int], aspects: Iterable[str]) -> None:
        ids = set(article_ids)
        aspects = set(aspects)
        self.pages = self.pages or bool(aspects)
        for aspect, into in (
            (Aspect.STORY, self.stories),
            (Aspect.LISTS, self.lists),
            (Aspect.SEARCH, self.search),
        ):
            if aspect in aspects:
                into.update(ids)

    def __bool__(self) -> bool:
        return self.pages


def aspects_of(shown: Shown, fields: Iterable[str] | None) -> set[Aspect]:
    """Return what a change to these fields (None: every field) affects."""
    fields = shown.fields if fields is None else set(fields) & shown.fields
    aspects = {
        aspect
        for aspect, declared in (
            (Aspect.STORY, shown.story),
            (Aspect.LISTS, shown.lists),
            (Aspect.SEARCH, shown.search),
        )
        if declared & fields
    }
    if fields:
        aspects.add(Aspect.PAGE)
    return aspects


def changed(model: type[Model], rows: Iterable[Model] | QuerySet, fields=None) -> None:
    """Announce a change to rows that sent no model signals (bulk writes, raw SQL).

    ``rows`` are instances (or a queryset) of a model declared in ``articles.public``;
    ``fields`` the names of the fields written, None for all of them (new or deleted rows).
    """
    shown = BY_MODEL[model]
    rows = rows if isinstance(rows, QuerySet) else list(rows)
    _announce(shown, rows, aspects_of(shown, fields), stamped=False)


def _announce(shown: Shown, rows, aspects: set[Aspect], article_ids=None, stamped=False) -> None:
    """Stamp and announce a change; ``stamped`` when the stories' own save stamped them."""
    if not aspects:
        return
    if article_ids is None:
        article_ids = (
            set(shown.stories(rows).values_list("pk", flat=True))
            if aspects - {Aspect.PAGE}
            else set()
        )
    if Aspect.STORY in aspects and article_ids and not stamped:
        ids = sorted(article_ids)
        for start in range(0, len(ids), STAMP_BATCH):  # within every database's parameter limit
            batch = ids[start : start + STAMP_BATCH]
            Article.objects.filter(pk__in=batch).update(render_stamp=new_stamp())
    content_changed.send(sender=shown.model, article_ids=article_ids, aspects=aspects)
    _after_commit(article_ids, aspects)


# Merging a transaction's changes into one announcement after it commits.


def _after_commit(article_ids: set[int], aspects: set[Aspect]) -> None:
    """Note the change for the announcement made when the transaction commits.

    Every change registers a flush with ``on_commit`` (so a test's capture of a block's
    callbacks flushes what the block changed); the first flush to run announces everything
    pending, the others find nothing. A change rolled back with a savepoint may be announced
    with the transaction's commit: followers then refresh what did not change (harmless).
    """
    pending = getattr(connection, "_articles_pending_changes", None)
    if pending is None or not connection.run_on_commit:
        # Nothing waits for a commit: what is pending was rolled back.
        pending = connection._articles_pending_changes = Changes()
    pending.add(article_ids, aspects)
    transaction.on_commit(_flush)


def _flush() -> None:
    pending = getattr(connection, "_articles_pending_changes", None)
    if pending:
        connection._articles_pending_changes = Changes()
        content_committed.send(sender=Article, changes=pending)


# Model signal receivers.


def _old_values(sender, instance, raw=False, **kwargs):
    shown = BY_MODEL[sender]
    if raw or instance.pk is None:
        instance._articles_old_values = None
        return
    instance._articles_old_values = (
        sender._default_manager.filter(pk=instance.pk).values(*_columns(shown)).first()
    )


def _columns(shown: Shown) -> list[str]:
    return [shown.model._meta.get_field(name).attname for name in sorted(shown.fields)]


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    shown = BY_MODEL[sender]
    old = instance.__dict__.pop("_articles_old_values", None)
    if created or old is None:
        _announce(shown, [instance], aspects_of(shown, None), stamped=sender is Article)
        return
    columns = dict(zip(sorted(shown.fields), _columns(shown), strict=True))
    fields = [name for name, column in columns.items() if old[column] != getattr(instance, column)]
    if not fields:
        return
    # The row as it was shows in stories too (a byline moved to another story leaves one).
    before = copy.copy(instance)
    for column, value in old.items():
        setattr(before, column, value)
    # A story's own save gave it a new stamp (Article.save()); any other row stamps here.
    _announce(shown, [before, instance], aspects_of(shown, fields), stamped=sender is Article)


def _deleting(sender, instance, **kwargs):
    # Before the deletion: the stories are found through links it removes.
    shown = BY_MODEL[sender]
    instance._articles_deleted_from = set(shown.stories([instance]).values_list("pk", flat=True))


def _deleted(sender, instance, **kwargs):
    shown = BY_MODEL[sender]
    article_ids = instance.__dict__.pop("_articles_deleted_from", None)
    _announce(shown, [instance], aspects_of(shown, None), article_ids)


def _organizations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    shown = BY_MODEL[sender]
    if action == "pre_clear":
        # The links are about to go: note whose they were.
        ids = set(instance.articles.values_list("pk", flat=True)) if reverse else {instance.pk}
        instance._articles_cleared_from = ids
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        ids = instance.__dict__.pop("_articles_cleared_from", set())
    elif reverse:
        ids = set(pk_set or ())
    else:
        ids = {instance.pk}
    _announce(shown, [], aspects_of(shown, None), ids)


def _organization_moved(sender, organization, **kwargs):
    # Stories about it or anything under it now sit under other courts and lists.
    moved = Organization.objects.get(pk=organization.pk)  # its path as it is now
    shown = BY_MODEL[Organization]
    _announce(shown, [moved], aspects_of(shown, ["path"]))


def follow(model: type[Model]) -> None:
    """Connect the receivers that follow one declared model's changes."""
    uid = f"articles-changes-{model._meta.label_lower}"
    if model is Article.organizations.through:
        # Django sends no save or delete signals for an auto-created link table: add(),
        # remove(), set() and clear() send m2m_changed.
        signals.m2m_changed.connect(_organizations_changed, sender=model, dispatch_uid=uid)
        return
    signals.pre_save.connect(_old_values, sender=model, dispatch_uid=uid)
    signals.post_save.connect(_saved, sender=model, dispatch_uid=uid)
    signals.pre_delete.connect(_deleting, sender=model, dispatch_uid=uid)
    signals.post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def register(shown: Shown) -> None:
    """Declare what readers see of a model of an app above this one (the e-paper's pages, say)
    and follow its changes like those of ``articles.public``: call it from that app's
    ``AppConfig.ready()``."""
    BY_MODEL[shown.model] = shown
    follow(shown.model)


def connect() -> None:
    """Follow every model ``articles.public`` declares, and tree moves (articles.apps)."""
    for model in list(BY_MODEL):
        follow(model)
    organization_moved.connect(_organization_moved, dispatch_uid="articles-changes-moved")
