"""Keep the index current: after a story changes, and after a name it is indexed under changes.

Story changes arrive through ``articles.signals.article_changed``, which is sent once the
transaction has committed. Renames of people, organisations (and their aliases) and topics
come from model signals; those only note the change and reindex once the transaction commits,
and only when a name the index holds really changed.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.models import Article, Topic
from articles.signals import article_changed
from people.models import Organization, OrganizationAlias, Person
from search.indexing import index_articles

# The fields of each model whose text the index holds.
INDEXED_NAMES = {
    Person: ("name",),
    Organization: ("name", "short_name"),
    Topic: ("name",),
}


@receiver(article_changed)
def reindex_article(sender, article_id, **kwargs):
    index_articles([article_id])


def _articles_of(instance) -> list[int]:
    if isinstance(instance, Person):
        articles = Article.objects.filter(bylines__person=instance)
    elif isinstance(instance, Organization):
        articles = Article.objects.filter(organizations=instance)
    else:
        articles = Article.objects.filter(tags=instance)
    return list(articles.values_list("pk", flat=True).distinct())


def _reindex_on_commit(article_ids: list[int]) -> None:
    if article_ids:
        transaction.on_commit(lambda: index_articles(article_ids))


@receiver(pre_save, sender=Person)
@receiver(pre_save, sender=Organization)
@receiver(pre_save, sender=Topic)
def note_old_names(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    fields = INDEXED_NAMES[sender]
    instance._search_old_names = (
        sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    )


@receiver(post_save, sender=Person)
@receiver(post_save, sender=Organization)
@receiver(post_save, sender=Topic)
def reindex_after_rename(sender, instance, created, raw=False, **kwargs):
    old = getattr(instance, "_search_old_names", None)
    if raw or created or old is None:
        return
    del instance._search_old_names
    if old != tuple(getattr(instance, f) for f in INDEXED_NAMES[sender]):
        _reindex_on_commit(_articles_of(instance))


@receiver(post_save, sender=OrganizationAlias)
@receiver(post_delete, sender=OrganizationAlias)
def reindex_after_alias_change(sender, instance, raw=False, **kwargs):
    if not raw:
        articles = Article.objects.filter(organizations=instance.organization_id)
        _reindex_on_commit(list(articles.values_list("pk", flat=True)))
