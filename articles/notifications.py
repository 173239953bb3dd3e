"""E-mail about the workflow: the next level's reviewers, and the author on return/sign-off/publish.

Sent after the transaction commits (services schedule ``transition_made`` with on_commit), with
Django's mail framework (console backend unless EMAIL_BACKEND says otherwise).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from articles.models import Action, ArticleStatus, ArticleTransition
from articles.workflow import review_level

logger = logging.getLogger(__name__)


def reviewers_of_level(number: int):
    """Return the active accounts with an e-mail address who sign off at this level."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=review_level(number).group)
        .exclude(email="")
        .distinct()
    )


def recipients_for(transition: ArticleTransition) -> list[str]:
    """Return who hears about this transition: next reviewers, or the story's author."""
    article = transition.article
    if transition.to_status == ArticleStatus.IN_REVIEW:
        users = list(reviewers_of_level(transition.to_level))
    elif transition.action in (Action.RETURN, Action.PUBLISH, Action.PUBLISH_DUE) or (
        transition.action == Action.APPROVE and transition.to_status == ArticleStatus.APPROVED
    ):
        users = [article.created_by] if article.created_by_id else []
    else:
        users = []
    return sorted({u.email for u in users if u.email and u.pk != transition.actor_id})


def _message(transition: ArticleTransition) -> tuple[str, str]:
    article = transition.article
    link = settings.SITE_URL.rstrip("/") + reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    if transition.to_status == ArticleStatus.IN_REVIEW:
        subject = f"【{transition.to_label}】{article.headline}"
        lead = (
            f"{transition.actor_name} {transition.step_name}，稿件等待您{transition.to_label[1:]}。"
        )
    elif transition.action == Action.RETURN:
        subject = f"【退回修改】{article.headline}"
        lead = f"{transition.actor_name} 退回了您的稿件，请按意见修改后重新送审。"
    elif transition.action == Action.APPROVE:
        subject = f"【已签发】{article.headline}"
        lead = f"{transition.actor_name} 已终审签发您的稿件。"
    else:
        subject = f"【已发布】{article.headline}"
        lead = "您的稿件已发布。"
    body = [lead, "", f"稿件：{article.headline}", f"状态：{transition.to_label}"]
    if transition.comment:
        body.append(f"意见：{transition.comment}")
    body += ["", f"打开稿件：{link}"]
    return subject, "\n".join(body)


def transition_made(transition_id: int) -> int:
    """Send the mail a transition calls for; return how many messages went out."""
    transition = (
        ArticleTransition.objects.select_related("article__created_by")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None:
        return 0
    recipients = recipients_for(transition)
    if not recipients:
        return 0
    subject, body = _message(transition)
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:
        # The workflow step is committed; a mail server being down must not turn it into a 500.
        logger.exception("Could not send workflow mail for transition %s", transition_id)
        return 0
