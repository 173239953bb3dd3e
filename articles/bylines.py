"""Bylines rendered as the print edition prints them.

Block form (under the headline), one line per role, names separated by spaces:
    湖南法治报全媒体记者 王薇
    通讯员 谢燕 曾佳欣 陈璧君
Lead-in form (opening the first paragraph of short news):
    湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models


class BylineRole(models.TextChoices):
    ALL_MEDIA_REPORTER = "全媒体记者", "全媒体记者"
    REPORTER = "记者", "记者"
    OWN_REPORTER = "本报记者", "本报记者"
    SPECIAL_REPORTER = "特约记者", "特约记者"
    TRAINEE_REPORTER = "见习记者", "见习记者"
    INTERN = "实习生", "实习生"
    CORRESPONDENT = "通讯员", "通讯员"
    SPECIAL_CORRESPONDENT = "特约通讯员", "特约通讯员"
    PHOTO = "摄影", "摄影"
    PHOTOGRAPHER = "摄影记者", "摄影记者"
    TEXT_AND_PHOTO = "文/图", "文/图"
    EDITOR = "编辑", "编辑"
    PROOFREADER = "校对", "校对"
    # Printed without a role ("中国法院网讯（某甲 某乙）"): the names print alone.
    UNSPECIFIED = "", "（未注明身份）"


# Staff roles print with the paper's name in the block form ("湖南法治报全媒体记者 王薇").
# 本报记者 already names the paper; correspondents and interns are not the paper's staff.
PUBLICATION_PREFIXED_ROLES = frozenset(
    {
        BylineRole.ALL_MEDIA_REPORTER,
        BylineRole.REPORTER,
        BylineRole.SPECIAL_REPORTER,
        BylineRole.TRAINEE_REPORTER,
        BylineRole.PHOTOGRAPHER,
    }
)


@dataclass(frozen=True)
class BylineGroup:
    role: str
    names: tuple[str, ...]


def group_bylines(credits: Iterable[tuple[str, str]]) -> list[BylineGroup]:
    """Group (role, name) pairs by role, roles in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for role, name in credits:
        groups.setdefault(role, []).append(name)
    return [BylineGroup(role, tuple(names)) for role, names in groups.items()]


def render_byline_lines(
    credits: Iterable[tuple[str, str]], publication: str | None = None
) -> list[str]:
    """Return the byline block's lines, one per role group."""
    publication = settings.PUBLICATION_NAME if publication is None else publication
    lines = []
    for group in group_bylines(credits):
        prefix = publication if group.role in PUBLICATION_PREFIXED_ROLES else ""
        lines.append(_group_text(group, prefix))
    return lines


def render_lead_in(credits: Iterable[tuple[str, str]], source: str | None = None) -> str:
    """Return the short-news lead-in, e.g. 湖南法治报讯（全媒体记者 伏志勇 通讯员 罗晓洪 刘婧）.

    A source that already holds its credits, as an imported page printed them
    ("中国法院网讯 (裴泽生)", "本报讯（记者 张三 文/图）"), is returned as it is.
    """
    source = source or f"{settings.PUBLICATION_NAME}讯"
    if source.endswith(("）", ")")):
        return source
    inner = " ".join(_group_text(group) for group in group_bylines(credits))
    return f"{source}（{inner}）" if inner else source


def _group_text(group: BylineGroup, prefix: str = "") -> str:
    """Return one role's credit, "通讯员 谢燕 曾佳欣", or the names alone when no role was printed."""
    names = " ".join(group.names)
    return f"{prefix}{group.role} {names}" if group.role else names
