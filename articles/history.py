"""Reading the workflow's records: the sign-off sheet's rows and diffs between revisions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from reversion.models import Version

from articles.models import Action, Article, ArticleTransition
from articles.workflow import ReviewLevel, review_levels
from people.models import Organization

DIFF_FIELDS = (
    ("overline", "引题"),
    ("headline", "主题"),
    ("deck", "副题"),
    ("lead_in_source", "电头"),
    ("summary", "摘要"),
    ("body", "正文"),
    ("embargo_until", "禁发至"),
    ("print_edition_date", "见报日期"),
    ("print_page", "版次"),
    ("organizations", "涉及机构"),
    ("lead_image", "题图"),
)


@dataclass
class SignOff:
    level: ReviewLevel
    transition: ArticleTransition | None


@dataclass
class SignOffSheet:
    """What the printable 审签单 lists: each level's reviewer, time and comment, and the log."""

    article: Article
    submitted: ArticleTransition | None
    levels: list[SignOff]
    release: list[ArticleTransition]
    log: list[ArticleTransition] = field(default_factory=list)


def sign_off_sheet(article: Article) -> SignOffSheet:
    """Collect the sign-off sheet: the latest round's sign-offs and the full transition log."""
    log = list(ArticleTransition.objects.filter(article_id=article.pk).select_related("actor"))
    submits = [t for t in log if t.action == Action.SUBMIT]
    submitted = submits[-1] if submits else None
    this_round = log[log.index(submitted) :] if submitted else []
    levels = []
    for level in review_levels():
        approvals = [
            t for t in this_round if t.action == Action.APPROVE and t.from_level == level.number
        ]
        levels.append(SignOff(level, approvals[-1] if approvals else None))
    release = [
        t
        for t in log
        if t.action
        in (Action.PUBLISH, Action.SCHEDULE, Action.PUBLISH_DUE, Action.UNPUBLISH, Action.CORRECT)
    ]
    return SignOffSheet(article, submitted, levels, release, log)


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (" ", "+", "-"), text


def _as_lines(name: str, value) -> list[str]:
    if value is None:
        return []
    if name == "body":
        text = str(value).replace("</p>", "\n").replace("<br>", "\n")
        return [line.strip() for line in strip_tags(text).splitlines() if line.strip()]
    if name == "organizations":
        names = Organization.objects.filter(pk__in=value or []).values_list("name", flat=True)
        return ["、".join(sorted(names))] if value else []
    if isinstance(value, list | tuple):
        return [", ".join(str(v) for v in sorted(value, key=str))]
    return [str(value)] if str(value) else []


def diff_values(old: dict, new: dict) -> list[FieldDiff]:
    """Return a line diff for each field that differs between two field dicts."""
    diffs = []
    for name, label in DIFF_FIELDS:
        if name not in old and name not in new:
            continue
        before, after = _as_lines(name, old.get(name)), _as_lines(name, new.get(name))
        if before == after:
            continue
        lines = [
            (line[0], line[2:]) for line in difflib.ndiff(before, after) if not line.startswith("?")
        ]
        diffs.append(FieldDiff(label, lines))
    return diffs


def previous_version(version: Version) -> Version | None:
    """Return the revision saved just before this one for the same story."""
    return (
        Version.objects.get_for_object_reference(Article, version.object_id)
        .filter(pk__lt=version.pk)
        .order_by("-pk")
        .first()
    )
