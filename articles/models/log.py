"""The workflow's audit trail (流程记录, the 审签单's source) and who has a story open."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.states import Action, ArticleStatus, state_label
from articles.workflow import review_levels


class ArticleTransition(models.Model):
    """One step of a story through the workflow: the audit trail and the 审签单's source."""

    # Kept when a story is deleted (no database constraint, nothing cascades), so the trail
    # survives and reattaches if the story is recovered from its revisions with the same id.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="transitions",
        verbose_name="稿件",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=20, choices=ArticleStatus.choices)
    from_level = models.PositiveSmallIntegerField("原审核级次", default=0)
    to_status = models.CharField("新状态", max_length=20, choices=ArticleStatus.choices)
    to_level = models.PositiveSmallIntegerField("新审核级次", default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
    )
    # The name as it was, so the sign-off sheet stays right if the account changes or goes.
    actor_name = models.CharField("操作人姓名", max_length=100)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="transition_article_idx")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()}"

    @property
    def from_label(self) -> str:
        return state_label(self.from_status, self.from_level)

    @property
    def to_label(self) -> str:
        return state_label(self.to_status, self.to_level)

    @property
    def step_name(self) -> str:
        """Return what was done as the sign-off sheet says it (初审通过, 终审签发 …)."""
        if self.action == Action.APPROVE and self.from_level:
            levels = review_levels()
            name = levels[self.from_level - 1].name if self.from_level <= len(levels) else ""
            return f"{name}签发" if self.to_status == ArticleStatus.APPROVED else f"{name}通过"
        return self.get_action_display()


class EditingPresence(models.Model):
    """Someone has the story open for editing (shown to others; it never locks)."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="editing_presences",
        verbose_name="稿件",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="编辑者"
    )
    since = models.DateTimeField("开始编辑时间", default=timezone.now)
    last_seen = models.DateTimeField("最近活动时间", default=timezone.now)

    class Meta:
        verbose_name = "正在编辑"
        verbose_name_plural = "正在编辑"
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_presence_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.article_id}"
