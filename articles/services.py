"""State changes to articles. Views, admin actions and commands call these, not the models.

Each workflow service locks the story's row, runs the model's guarded transition (which raises
a named ``articles.workflow`` exception and changes nothing if it is not allowed), writes the
transition log and a revision, and schedules mail and ``announce_change`` for after the commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles import notifications
from articles.imaging import SIZES
from articles.models import (
    Action,
    Article,
    ArticleStatus,
    ArticleTransition,
    Correction,
    EditingPresence,
    Image,
)
from articles.signals import article_changed
from articles.tasks import generate_image_renditions
from articles.workflow import display_name


def announce_change(article_id: int) -> None:
    """Tell receivers (cache, search) about the change once the transaction commits."""
    transaction.on_commit(
        lambda: article_changed.send(sender=Article, article_id=article_id), robust=False
    )


@transaction.atomic
def delete_article(article: Article, user=None) -> None:
    """Delete a story and announce it; a revision is kept first so it can be recovered."""
    article_id = article.pk
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment("删除前的版本")
        if user is not None:
            reversion.set_user(user)
    article.delete()
    announce_change(article_id)


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
    announce_change(locked.pk)
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
    announce_change(locked.pk)
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
            announce_change(article.pk)
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


def _delete_files(names: list[tuple[object, str]]) -> None:
    for storage, name in names:
        storage.delete(name)


@transaction.atomic
def save_image(image: Image, user=None) -> Image:
    """Save a library image; on a new upload or focal point, (re)generate its renditions.

    The master is derived from the upload in Image.save(); renditions are made by a task once
    the transaction commits (at once with the immediate backend, by db_worker in production).
    Stories using the image are announced, as their pages change with it.
    """
    previous = (
        Image.objects.filter(pk=image.pk).values("focal_point_x", "focal_point_y").first()
        if image.pk
        else None
    )
    new_upload = image.has_new_upload()
    if image.pk is None and user is not None:
        image.uploaded_by = user
    replaced = []
    if previous is not None and new_upload:
        # A replaced photo: its old original and master go once the new ones are committed.
        old = Image.objects.only("file", "master").get(pk=image.pk)
        replaced = [(f.storage, f.name) for f in (old.file, old.master) if f]
    image.save()
    if replaced:
        transaction.on_commit(lambda: _delete_files(replaced))
    stale = image.renditions.none()
    if previous is not None and new_upload:
        stale = image.renditions.all()
    elif previous is not None and (previous["focal_point_x"], previous["focal_point_y"]) != (
        image.focal_point_x,
        image.focal_point_y,
    ):
        stale = image.renditions.filter(
            spec__in=[s.name for s in SIZES.values() if s.mode == "crop"]
        )
    old_files = [(r.file.storage, r.file.name) for r in stale]
    if old_files:
        stale.delete()
        transaction.on_commit(lambda: _delete_files(old_files))
    transaction.on_commit(lambda: generate_image_renditions.enqueue(image.pk))
    for article_id in image.uses.values_list("article_id", flat=True):
        announce_change(article_id)
    return image


@transaction.atomic
def upload_images(files, *, user=None, **fields) -> list[Image]:
    """Save several uploads as library images sharing caption, credit and alt text."""
    return [save_image(Image(file=f, **fields), user=user) for f in files]


@transaction.atomic
def delete_image(image: Image) -> None:
    """Delete a library image and its files; stories using it lose the photo (and are announced).

    The lead image link is cleared by the database (SET_NULL); a body figure of a deleted image
    is left out when the page renders.
    """
    article_ids = list(image.uses.values_list("article_id", flat=True))
    files = [(image.file.storage, image.file.name)] if image.file else []
    if image.master:
        files.append((image.master.storage, image.master.name))
    files += [(r.file.storage, r.file.name) for r in image.renditions.all()]
    image.delete()
    transaction.on_commit(lambda: _delete_files(files))
    for article_id in article_ids:
        announce_change(article_id)
