from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from devdata.generator import DataGenerator


class Command(BaseCommand):
    help = "Generate courts, people, topics, images and N articles for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="how many articles")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, articles, seed, no_progress, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")

        def progress(**kwargs):
            return tqdm(disable=no_progress, **kwargs)

        made = DataGenerator(seed=seed, progress=progress).articles(articles)
        self.stdout.write(self.style.SUCCESS(f"Generated {made} articles."))
