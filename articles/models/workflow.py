"""The story's guarded workflow transitions (三审三校): who may edit, submit, sign, publish.

Services (articles/services.py) call these inside a transaction with the row locked, write the
log and announce the change; each ``check_*`` raises a named ``articles.workflow`` exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from articles.models.states import EDITABLE_BY_AUTHOR, Action, ArticleStatus
from articles.workflow import (
    CommentRequired,
    EmbargoInForce,
    ImageAltTextMissing,
    InvalidTransition,
    ScheduleInPast,
    TransitionForbidden,
    WorkflowError,
    can_review_level,
    is_correspondent_only,
    review_levels,
)

if TYPE_CHECKING:
    from articles.models.parts import Correction


class ArticleWorkflow:
    """Mixed into Article: the state machine over ``status`` and ``review_level``."""

    WORKFLOW_FIELDS = (
        "status",
        "review_level",
        "published_at",
        "state_changed_at",
        "unpublished_reason",
        "updated_at",
    )

    def can_edit(self, user) -> bool:
        """Whether the user may change the story's content now (the admin's change permission).

        Authors edit their own drafts and returned stories, never anything in review; a story
        in review is edited (校对) by its current level's reviewers; the chief editors (who may
        publish) may edit any story, but editing never moves it through the workflow.
        """
        if not (user.is_active and user.has_perm("articles.change_article")):
            return False
        if user.is_superuser:
            return True
        if self.status in EDITABLE_BY_AUTHOR:
            return self.created_by_id == user.pk or user.has_perm("articles.publish_article")
        if self.status == ArticleStatus.IN_REVIEW:
            return can_review_level(user, self.review_level)
        return user.has_perm("articles.publish_article")

    def allowed_actions(self, user) -> list[str]:
        """Return the actions the user may perform now (the buttons the admin shows)."""
        allowed = []
        for action in (
            Action.SUBMIT,
            Action.APPROVE,
            Action.RETURN,
            Action.PUBLISH,
            Action.SCHEDULE,
            Action.UNPUBLISH,
            Action.CORRECT,
        ):
            try:
                getattr(self, f"check_{action}")(user)
            except (EmbargoInForce, ImageAltTextMissing):
                allowed.append(action)  # shown, and refused with the reason (embargo, alt text)
            except WorkflowError:
                continue
            else:
                allowed.append(action)
        return allowed

    def _require_status(self, *statuses, message: str) -> None:
        if self.status not in statuses:
            raise InvalidTransition(f"{message}（稿件当前状态：{self.state_label}）")

    def _move_to(self, status: str, level: int = 0) -> None:
        self.status = status
        self.review_level = level
        self.state_changed_at = timezone.now()

    def _save_state(self) -> None:
        self.save(update_fields=self.WORKFLOW_FIELDS)

    def check_submit(self, user) -> None:
        self._require_status(*EDITABLE_BY_AUTHOR, message="只有草稿或退回修改的稿件可以送审。")
        if not (user.is_superuser or self.created_by_id == user.pk):
            raise TransitionForbidden("只有稿件的作者可以送审。")
        if not user.has_perm("articles.submit_article"):
            raise TransitionForbidden("您的账号没有送审权限。")
        if is_correspondent_only(user):
            self._check_correspondent_organization(user)

    def _check_correspondent_organization(self, user) -> None:
        affiliation = getattr(getattr(user, "person", None), "affiliation", None)
        if affiliation is None:
            raise TransitionForbidden("通讯员账号未关联所属单位，不能送审。")
        paths = [o.path for o in self.organizations.all()]
        if not paths or not all(p.startswith(affiliation.path) for p in paths):
            raise TransitionForbidden(
                f"通讯员只能为本单位（{affiliation.display_name}）的稿件送审；"
                "请在“涉及机构”中只选本单位或其下属机构。"
            )

    def submit(self, user) -> None:
        """Send a draft to the first review level (送审)."""
        self.check_submit(user)
        self._move_to(ArticleStatus.IN_REVIEW, 1)
        self._save_state()

    def check_approve(self, user) -> None:
        self._require_status(ArticleStatus.IN_REVIEW, message="只有审核中的稿件可以审核通过。")
        if not can_review_level(user, self.review_level):
            raise TransitionForbidden(f"您不是{self.state_label.removeprefix('待')}审核人。")
        if not user.is_superuser and self.signed_this_round(user):
            # 三审 means three people: someone in two level Groups still signs only once.
            raise TransitionForbidden(
                "您已在本轮审核中签过一级，同一稿件的各级审核须由不同的人完成。"
            )

    def signed_this_round(self, user) -> bool:
        """Whether the user already signed a level since the story was last submitted."""
        last_submit = (
            self.transitions.filter(action=Action.SUBMIT).order_by("-created_at", "-pk").first()
        )
        approvals = self.transitions.filter(action=Action.APPROVE, actor=user)
        if last_submit is not None:
            approvals = approvals.filter(
                Q(created_at__gt=last_submit.created_at)
                | Q(created_at=last_submit.created_at, pk__gt=last_submit.pk)
            )
        return approvals.exists()

    def approve(self, user) -> None:
        """Sign off the current level: on to the next level, or 签发 after the last."""
        self.check_approve(user)
        if self.review_level < len(review_levels()):
            self._move_to(ArticleStatus.IN_REVIEW, self.review_level + 1)
        else:
            self._move_to(ArticleStatus.APPROVED)
        self._save_state()

    def _is_upcoming(self) -> bool:
        return self.status == ArticleStatus.SCHEDULED and not self.is_public

    def check_return(self, user, comment: str | None = None) -> None:
        """Raise unless the user may return the story (the comment is checked when given)."""
        if self.status == ArticleStatus.IN_REVIEW:
            if not can_review_level(user, self.review_level):
                raise TransitionForbidden("只有当前级次的审核人可以退回稿件。")
        elif self.status == ArticleStatus.APPROVED or self._is_upcoming():
            if not user.has_perm("articles.publish_article"):
                raise TransitionForbidden("只有有发布权限的人可以退回已签发的稿件。")
        else:
            raise InvalidTransition(f"此状态的稿件不能退回（当前状态：{self.state_label}）。")
        if comment is not None and not comment.strip():
            raise CommentRequired("退回修改必须填写意见，告诉作者要改什么。")

    def return_to_author(self, user, comment: str) -> None:
        """Send the story back to its author with a required comment (退回修改)."""
        self.check_return(user, comment)
        self._move_to(ArticleStatus.RETURNED)
        if self.published_at and self.published_at > timezone.now():
            self.published_at = None  # a returned story loses its schedule
        self._save_state()

    def _check_may_publish(self, user, at=None) -> None:
        if self.status != ArticleStatus.APPROVED and not self._is_upcoming():
            raise InvalidTransition(
                f"只有终审签发后的稿件可以发布或定时发布（稿件当前状态：{self.state_label}）。"
            )
        if not user.has_perm("articles.publish_article"):
            raise TransitionForbidden("您没有发布稿件的权限。")
        if message := self.missing_alt_text_message():
            raise ImageAltTextMissing(message)
        if at is not None and self.embargo_until and at < self.embargo_until:
            local = timezone.localtime(self.embargo_until)
            raise EmbargoInForce(f"本稿禁发至 {local:%Y-%m-%d %H:%M}，不能早于该时间发布。")

    def check_publish(self, user) -> None:
        self._check_may_publish(user, timezone.now())

    def publish(self, user) -> None:
        """Publish now (the chief editor, after 终审签发)."""
        self.check_publish(user)
        self._move_to(ArticleStatus.PUBLISHED)
        self.published_at = timezone.now()
        self._save_state()

    def check_schedule(self, user, at=None) -> None:
        """Raise unless the user may schedule the story (the time is checked when given)."""
        self._check_may_publish(user, at)
        if at is not None and at <= timezone.now():
            raise ScheduleInPast("定时发布的时间必须晚于现在；要马上见报请用“立即发布”。")

    def schedule(self, user, at) -> None:
        """Schedule the story to appear at ``at``; visibility follows from the time alone."""
        self.check_schedule(user, at)
        self._move_to(ArticleStatus.SCHEDULED)
        self.published_at = at
        self._save_state()

    def check_publish_due(self) -> None:
        if not (self.status == ArticleStatus.SCHEDULED and self.is_public):
            raise InvalidTransition("稿件不是已到点的定时发布稿件。")

    def publish_due(self) -> None:
        """Record that a scheduled story's time has come (it is already visible)."""
        self.check_publish_due()
        self._move_to(ArticleStatus.PUBLISHED)
        self._save_state()

    def check_unpublish(self, user, reason: str | None = None) -> None:
        if not self.is_public:
            raise InvalidTransition(f"只有读者可见的稿件可以撤稿（当前状态：{self.state_label}）。")
        if not user.has_perm("articles.unpublish_article"):
            raise TransitionForbidden("您没有撤稿权限。")
        if reason is not None and not reason.strip():
            raise CommentRequired("撤稿必须填写原因。")

    def unpublish(self, user, reason: str) -> None:
        """Withdraw a published story (撤稿); its URL then answers 410 Gone."""
        self.check_unpublish(user, reason)
        self._move_to(ArticleStatus.UNPUBLISHED)
        self.unpublished_reason = reason.strip()
        self._save_state()

    def check_correct(self, user, text: str | None = None) -> None:
        if not self.is_public:
            raise InvalidTransition("只有已发布的稿件可以发布更正。")
        if not user.has_perm("articles.correct_article"):
            raise TransitionForbidden("您没有发布更正的权限。")
        if text is not None and not text.strip():
            raise CommentRequired("更正必须写明更正内容。")

    def correct(self, user, text: str) -> Correction:
        """Append a dated correction note (更正) shown on the article and in its feed item."""
        self.check_correct(user, text)
        return self.corrections.create(text=text.strip(), created_by=user)
