"""The journalists' and editors' admin for stories (one module per concern)."""

from django.contrib import admin
from taggit.models import Tag as TaggitTag

from articles.admin.articles import ArticleAdmin
from articles.admin.others import ArticleTransitionAdmin, TopicAdmin

__all__ = ["ArticleAdmin", "ArticleTransitionAdmin", "TopicAdmin"]

# Topics use our own Topic model; taggit's generic Tag model would only confuse journalists.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)
