from django.apps import AppConfig


class ReadersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "readers"
    verbose_name = "读者网站"

    def ready(self):
        from articles.signals import content_changed, content_committed
        from readers import receivers

        content_changed.connect(receivers.rebuild_lists, dispatch_uid="readers-lists")
        content_committed.connect(receivers.after_commit, dispatch_uid="readers-after-commit")
