"""State changes to articles. Views, admin actions and commands call these, not the models.

Each workflow service locks the story's row, runs the model's guarded transition (which raises
a named ``articles.workflow`` exception and changes nothing if it is not allowed), writes the
transition log and a revision, and schedules mail for after the commit. Readers' pages, caches
and the search index follow every change by themselves (articles/changes.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles import notifications
from articles.models import (
    Action,
    Article,
    ArticleImage,
    ArticleOldSlug,
    ArticleStatus,
    ArticleTransition,
    Correction,
    EditingPresence,
)
from articles.workflow import display_name
from images.figures import body_image_ids
from images.models import Image


@transaction.atomic
def save_article(article: Article) -> Article:
    """Save a story's content: its own columns (``Article.save()``), then the rows that follow
    from them: the library images it uses, and its old address when the slug changed."""
    old_slug = (
        Article.objects.filter(pk=article.pk).values_list("slug", flat=True).first()
        if article.pk
        else None
    )
    article.save()
    sync_image_uses(article)
    if old_slug and old_slug != article.slug:
        # Links to the old address must keep working (readers get a redirect).
        ArticleOldSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})
    ArticleOldSlug.objects.filter(slug=article.slug).delete()
    return article


def sync_image_uses(article: Article) -> None:
    """Record which library images the story uses, so "used in" is one query."""
    body_ids = body_image_ids(article.body)
    wanted = {
        image_id: ArticleImage(
            article=article,
            image_id=image_id,
            is_lead=image_id == article.lead_image_id,
            in_body=image_id in body_ids,
        )
        for image_id in article.used_image_ids()
    }
    existing_ids = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    article.image_uses.exclude(image_id__in=existing_ids).delete()
    ArticleImage.objects.bulk_create(
        [use for image_id, use in wanted.items() if image_id in existing_ids],
        update_conflicts=True,
        unique_fields=["article", "image"],
        update_fields=["is_lead", "in_body"],
    )


@transaction.atomic
def delete_article(article: Article, user=None) -> None:
    """Delete a story; a revision is kept first so it can be recovered."""
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment("删除前的版本")
        if user is not None:
            reversion.set_user(user)
    article.delete()


def _locked(article: Article) -> Article:
    """Re-read the story with its row locked, so two reviewers cannot both act on one state."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _record(article: Article, action: str, before: tuple[str, int], user, comment: str = ""):
    transition = ArticleTransition.objects.create(
        article=article,
        action=action,
        from_status=before[0],
        from_level=before[1],
        to_status=article.status,
        to_level=article.review_level,
        actor=user,
        actor_name=display_name(user),
        comment=comment.strip(),
    )
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment(f"{transition.step_name}：{transition.to_label}")
        if user is not None:
            reversion.set_user(user)
    transaction.on_commit(lambda: notifications.transition_made(transition.pk))
    return transition


def _transition(article: Article, user, action: str, note: str = "", /, **kwargs):
    """Run ``article.<action>(user, **kwargs)`` under a row lock and record it."""
    locked = _locked(article)
    before = (locked.status, locked.review_level)
    method = {Action.RETURN: "return_to_author"}.get(action, action)
    getattr(locked, method)(user, **kwargs)
    transition = _record(locked, action, before, user, note)
    # The caller's instance follows the database.
    for field in Article.WORKFLOW_FIELDS:
        setattr(article, field, getattr(locked, field))
    return transition


@transaction.atomic
def submit(article: Article, user, comment: str = "") -> ArticleTransition:
    """Send a draft to 初审 (送审)."""
    return _transition(article, user, Action.SUBMIT, comment)


@transaction.atomic
def approve(article: Article, user, comment: str = "") -> ArticleTransition:
    """Sign off the current review level with an optional comment."""
    return _transition(article, user, Action.APPROVE, comment)


@transaction.atomic
def return_to_author(article: Article, user, comment: str) -> ArticleTransition:
    """Return the story to its author with a required comment (退回修改)."""
    return _transition(article, user, Action.RETURN, comment, comment=comment)


@transaction.atomic
def publish(article: Article, user, comment: str = "") -> ArticleTransition:
    """Publish a signed-off story now."""
    return _transition(article, user, Action.PUBLISH, comment)


@transaction.atomic
def schedule(article: Article, user, at: datetime, comment: str = "") -> ArticleTransition:
    """Schedule a signed-off story for ``at``; it appears then without any job running."""
    return _transition(article, user, Action.SCHEDULE, comment, at=at)


@transaction.atomic
def unpublish(article: Article, user, reason: str) -> ArticleTransition:
    """Withdraw a published story (撤稿) with a reason; its URL then answers 410."""
    return _transition(article, user, Action.UNPUBLISH, reason, reason=reason)


@transaction.atomic
def add_correction(article: Article, user, text: str) -> Correction:
    """Append a correction note to a published story and log it."""
    locked = _locked(article)
    before = (locked.status, locked.review_level)
    correction = locked.correct(user, text)
    _record(locked, Action.CORRECT, before, user, correction.text)
    return correction


def publish_due_stories() -> list[int]:
    """Record the transition (and send the mail) for each scheduled story whose time has come.

    The stories are already visible (``published()`` decides by time); this only moves them to
    ``published``. Stories already moved are not selected again, so running twice does nothing.
    """
    done = []
    for pk in Article.objects.due().values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(pk=pk).first()
            if article is None or article.status != ArticleStatus.SCHEDULED:
                continue  # deleted, or moved by a parallel run
            if not article.is_public:
                continue
            before = (article.status, article.review_level)
            article.publish_due()
            _record(article, Action.PUBLISH_DUE, before, None, "定时发布时间已到")
            done.append(pk)
    return done


def run_action(article: Article, user, action: str, *, comment: str = "", at=None):
    """Dispatch one of the admin's workflow buttons to its service."""
    if action == Action.SUBMIT:
        return submit(article, user, comment)
    if action == Action.APPROVE:
        return approve(article, user, comment)
    if action == Action.RETURN:
        return return_to_author(article, user, comment)
    if action == Action.PUBLISH:
        return publish(article, user, comment)
    if action == Action.SCHEDULE:
        return schedule(article, user, at, comment)
    if action == Action.UNPUBLISH:
        return unpublish(article, user, comment)
    if action == Action.CORRECT:
        return add_correction(article, user, comment)
    raise ValueError(action)


def touch_editing_presence(article: Article, user) -> None:
    """Note that the user has the story open (keeps the start time of an ongoing session)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.EDITING_PRESENCE_SECONDS)
    presence, created = EditingPresence.objects.get_or_create(
        article=article, user=user, defaults={"since": now, "last_seen": now}
    )
    if not created:
        if presence.last_seen < stale:
            presence.since = now
        presence.last_seen = now
        presence.save(update_fields=["since", "last_seen"])


def end_editing_presence(article: Article, user) -> None:
    """Forget that the user is editing the story (they saved it)."""
    EditingPresence.objects.filter(article=article, user=user).delete()
