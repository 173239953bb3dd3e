from django.core.management.base import BaseCommand
from django.db.models import F, Q
from tqdm import tqdm

from articles.models import VISIBLE_STATUSES, Article
from readers import rendering


class Command(BaseCommand):
    help = (
        "Render and store the reader HTML of published and scheduled stories whose stored HTML "
        "is missing or outdated (run after a deploy that changes templates; readers' pages "
        "otherwise render them on first view)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Render every published or scheduled story again."
        )

    def handle(self, *args, **options):
        stories = Article.objects.filter(status__in=VISIBLE_STATUSES)
        if not options["all"]:
            stories = stories.filter(
                Q(render__isnull=True)
                | ~Q(render__stamp=F("render_stamp"))
                | ~Q(render__version=rendering.render_version())
            )
        ids = list(stories.order_by("-published_at").values_list("pk", flat=True))
        with tqdm(total=len(ids), unit="篇", disable=options["verbosity"] < 1) as bar:
            for start in range(0, len(ids), rendering.BATCH):
                batch = ids[start : start + rendering.BATCH]
                rendering.refresh(batch)
                bar.update(len(batch))
        self.stdout.write(self.style.SUCCESS(f"Rendered {len(ids)} stories."))
