from django.core.management.base import BaseCommand

from readers.cache import start_new_generation


class Command(BaseCommand):
    help = "Make every cached readers' page stale (run after a deploy that changes templates)."

    def handle(self, *args, **options):
        start_new_generation()
        self.stdout.write(self.style.SUCCESS("Page cache: a new generation has started."))
