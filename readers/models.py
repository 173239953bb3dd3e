"""What the readers' website keeps to serve pages fast: each story's stored HTML and the lists
it belongs to. Both are derived from the stories and can be rebuilt at any time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from people.models import Organization


class ArticleRender(models.Model):
    """A story's reader HTML, rendered once from the shared templates (readers/rendering.py).

    Readers' pages join this row instead of fetching a dozen related rows and rendering a few
    hundred template nodes per story. It is used only while ``stamp`` equals the story's
    ``render_stamp`` and ``version`` the current templates' version; otherwise it is rendered
    again. Deleting rows is always safe.
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="render"
    )
    stamp = models.BigIntegerField()
    version = models.CharField(max_length=16)
    court = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The story's topics (ids, comma-separated) for its related stories.
    topic_ids = models.CharField(max_length=200, blank=True, default="")
    card = models.TextField()
    lead = models.TextField()
    head = models.TextField()
    main = models.TextField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "articles_articlerender"  # the table this app took over from articles
        verbose_name = "稿件页面"
        verbose_name_plural = "稿件页面"

    def __str__(self) -> str:
        return f"{self.article_id}@{self.stamp}"


class ListingKind(models.TextChoices):
    ORGANIZATION = "o", "机构"
    TOPIC = "t", "专题"
    PERSON = "p", "作者"


class ArticleListing(models.Model):
    """A published or scheduled story's entry in a reader's list (readers/listings.py).

    One row per organisation the story is about and every organisation above it (a court's
    page lists what is about its branches), per topic and per byline person, with the story's
    publish time copied: a court, topic or person page is one range of one index, however many
    stories there are. Derived data, rebuilt in the transaction that changes the story.
    """

    kind = models.CharField(max_length=1, choices=ListingKind.choices)
    key = models.BigIntegerField()
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="listings"
    )
    published_at = models.DateTimeField()

    class Meta:
        db_table = "articles_articlelisting"
        verbose_name = "列表条目"
        verbose_name_plural = "列表条目"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "article"], name="unique_article_listing"
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "key", "-published_at", "-article"], name="listing_order_idx"
            ),
            # The topics of the latest stories (the home page's popular topics), by time.
            models.Index(
                fields=["-published_at", "key"],
                name="listing_topic_time_idx",
                condition=Q(kind=ListingKind.TOPIC),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.key} ← {self.article_id}"
