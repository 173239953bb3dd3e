"""The editorial workflow's vocabulary: roles, review levels and the exceptions transitions raise.

Who may do what is decided here, once, and used by the model's guarded transitions, the admin
(to show only the allowed buttons) and the tests. The roles are Groups created by the data
migration ``articles/migrations/0004_create_editorial_roles.py``; the review levels are bound to
Groups by the ``EDITORIAL_REVIEW_GROUPS`` setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied


class Role:
    """Names of the Groups the data migration creates (the names editors see)."""

    JOURNALIST = "记者"
    CORRESPONDENT = "通讯员"
    EDITOR = "编辑"
    DEPARTMENT_HEAD = "部门主任"
    CHIEF_EDITOR = "总编辑"


class WorkflowError(Exception):
    """A transition that cannot happen; the message is shown to the editor as is."""


class InvalidTransition(WorkflowError):
    """The story is not in a state this transition starts from."""


class TransitionForbidden(WorkflowError, PermissionDenied):
    """The user's role does not allow this transition on this story (answers 403)."""


class CommentRequired(WorkflowError):
    """Returning or unpublishing a story needs a written reason."""


class EmbargoInForce(WorkflowError):
    """The story may not appear before its embargo (禁发至) ends."""


class ImageAltTextMissing(WorkflowError):
    """A photo the story uses (lead or in the body) has no alt text yet."""


class ScheduleInPast(WorkflowError):
    """A schedule time that has already passed (publish now instead)."""


class EditConflict(WorkflowError):
    """Someone else saved the story since this form was opened."""


@dataclass(frozen=True)
class ReviewLevel:
    number: int  # 1-based
    name: str  # 初审, 复审, 终审 …
    group: str

    @property
    def queue_name(self) -> str:
        return f"待{self.name}"


def _level_names(count: int) -> list[str]:
    if count == 0:
        return []
    if count == 1:
        return ["终审"]
    middle = ["复审"] + [f"第{n}审" for n in range(3, count)]
    return ["初审", *middle[: count - 2], "终审"]


def review_levels() -> list[ReviewLevel]:
    """Return the configured review levels in order (default 初审, 复审, 终审)."""
    groups = list(settings.EDITORIAL_REVIEW_GROUPS)
    return [
        ReviewLevel(number, name, group)
        for number, (name, group) in enumerate(
            zip(_level_names(len(groups)), groups, strict=True), start=1
        )
    ]


def review_level(number: int) -> ReviewLevel:
    return review_levels()[number - 1]


def group_names(user) -> frozenset[str]:
    """Return the user's Group names (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def can_review_level(user, number: int) -> bool:
    """Whether the user signs off at this review level (a member of its Group)."""
    if not getattr(user, "is_active", False):
        return False
    return user.is_superuser or review_level(number).group in group_names(user)


def is_reviewer(user) -> bool:
    return any(can_review_level(user, level.number) for level in review_levels())


def is_correspondent_only(user) -> bool:
    """Whether the user logs in only as a correspondent (sees and submits only their drafts)."""
    if user.is_superuser:
        return False
    names = group_names(user)
    return Role.CORRESPONDENT in names and not (names - {Role.CORRESPONDENT})


def display_name(user) -> str:
    """Return the name colleagues know (the linked byline person, else the account's name)."""
    if user is None:
        return "系统"
    person = getattr(user, "person", None) if user.pk else None
    return (person.name if person else "") or user.get_full_name() or user.get_username()
