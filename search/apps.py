from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站内搜索"

    def ready(self):
        from articles.admin import ArticleAdmin
        from articles.signals import content_committed
        from search import receivers
        from search.admin import admin_search

        content_committed.connect(receivers.reindex_changed, dispatch_uid="search-reindex")
        # The story admin's search box searches this index (drafts included).
        ArticleAdmin.full_text_search = staticmethod(admin_search)
