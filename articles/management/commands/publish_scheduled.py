"""Record the transition and send the mail for scheduled stories whose time has come.

Run it from cron or a task runner (every minute is plenty). Readers do not wait for it: a
scheduled story is visible at its time because ``Article.objects.published()`` decides by
time. Running it twice does nothing more.
"""

from django.core.management.base import BaseCommand

from articles import services


class Command(BaseCommand):
    help = "为已到发布时间的定时发布稿件记录“到点发布”并通知作者（可重复运行）。"

    def handle(self, *args, **options):
        done = services.publish_due_stories()
        self.stdout.write(f"到点发布：{len(done)} 篇")
