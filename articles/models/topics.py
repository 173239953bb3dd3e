"""Topics (专题标签): free tags in Chinese with pinyin slugs, and their link to stories."""

from __future__ import annotations

from django.db import models
from taggit.models import TagBase, TaggedItemBase

from people.slugs import pinyin_slug, slug_url


class Topic(TagBase):
    """A free topic tag in Chinese (党建, 执行监督 …) with a pinyin slug."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=100, unique=True, allow_unicode=False)

    class Meta:
        verbose_name = "专题标签"
        verbose_name_plural = "专题标签"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag) or "topic"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return slug_url("readers:topic_detail", self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "稿件标签"
        verbose_name_plural = "稿件标签"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_topic"),
        ]
