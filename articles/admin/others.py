"""The transition log (流程记录) and topics in the admin."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from articles.models import ArticleTransition, Topic


@admin.register(ArticleTransition)
class ArticleTransitionAdmin(admin.ModelAdmin):
    """The whole newsroom's transition log, read-only (each story's own is on its page)."""

    list_display = (
        "created_at",
        "story",
        "step",
        "from_label",
        "to_label",
        "actor_name",
        "comment",
    )
    list_filter = ("action", "to_status")
    search_fields = ("actor_name", "comment", "article__headline")
    date_hierarchy = "created_at"
    list_per_page = 100

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an audit trail is not edited

    @admin.display(description="稿件")
    def story(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description="操作", ordering="action")
    def step(self, obj):
        return obj.step_name

    @admin.display(description="原状态")
    def from_label(self, obj):
        return obj.from_label

    @admin.display(description="新状态")
    def to_label(self, obj):
        return obj.to_label


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_n=Count("tagged_articles"))

    @admin.display(description="稿件数", ordering="_n")
    def article_count(self, obj):
        return obj._n
