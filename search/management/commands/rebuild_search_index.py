from time import perf_counter

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every story (drafts included)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress, **options):
        started = perf_counter()
        count = rebuild_index(progress=lambda **kwargs: tqdm(disable=no_progress, **kwargs))
        seconds = perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles in {seconds:.1f} s."))
