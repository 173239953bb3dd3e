"""The states a story moves through and the actions that move it (the workflow's vocabulary)."""

from __future__ import annotations

from django.db import models

from articles.workflow import review_levels


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    RETURNED = "returned", "退回修改"
    IN_REVIEW = "in_review", "审核中"  # review_level says which level (待初审, 待复审 …)
    APPROVED = "approved", "已签发"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    UNPUBLISHED = "unpublished", "已撤稿"


# Scheduled stories are visible once their time comes, without any job having run.
VISIBLE_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)
EDITABLE_BY_AUTHOR = (ArticleStatus.DRAFT, ArticleStatus.RETURNED)


class Action(models.TextChoices):
    """What a transition does (the transition log's vocabulary)."""

    SUBMIT = "submit", "送审"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "立即发布"
    SCHEDULE = "schedule", "定时发布"
    PUBLISH_DUE = "publish_due", "到点发布"
    UNPUBLISH = "unpublish", "撤稿"
    CORRECT = "correct", "更正"


def state_label(status: str, level: int = 0) -> str:
    """Return the state as editors say it: 草稿, 待复审, 已签发 …"""
    if status == ArticleStatus.IN_REVIEW and level:
        levels = review_levels()
        return levels[level - 1].queue_name if level <= len(levels) else f"待第{level}审"
    return ArticleStatus(status).label if status in ArticleStatus.values else status
