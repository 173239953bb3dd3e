"""Stories: the article with its bylines, topics, images used, workflow log and corrections."""

import reversion

from articles.models.log import ArticleTransition, EditingPresence
from articles.models.parts import ArticleByline, ArticleImage, ArticleOldSlug, Correction
from articles.models.states import (
    EDITABLE_BY_AUTHOR,
    VISIBLE_STATUSES,
    Action,
    ArticleStatus,
    state_label,
)
from articles.models.stories import Article, ArticleQuerySet, new_stamp
from articles.models.topics import TaggedArticle, Topic

__all__ = [
    "EDITABLE_BY_AUTHOR",
    "VISIBLE_STATUSES",
    "Action",
    "Article",
    "ArticleByline",
    "ArticleImage",
    "ArticleOldSlug",
    "ArticleQuerySet",
    "ArticleStatus",
    "ArticleTransition",
    "Correction",
    "EditingPresence",
    "TaggedArticle",
    "Topic",
    "new_stamp",
    "state_label",
]

# Every save keeps a revision of the story with its bylines and topics (restorable in the
# admin). The transition log and corrections are not followed: restoring old content must
# never rewrite the audit trail.
reversion.register(ArticleByline)
reversion.register(TaggedArticle)
# The content stamp is derived state: restoring an old revision must never bring back a stamp
# that stored HTML still carries.
reversion.register(Article, follow=("bylines", "taggedarticle_set"), exclude=("render_stamp",))
