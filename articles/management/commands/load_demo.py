import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Load the example print page's two stories, their people and organisations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help="also create the 'admin' superuser (password kept in var/demo-admin-password)",
        )

    def handle(self, *args, admin=False, **options):
        articles = load_demo()
        for article in articles:
            self.stdout.write(f"  {article.headline}  {article.get_absolute_url()}")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {len(articles)} stories."))
        if admin:
            self.ensure_admin()

    def ensure_admin(self):
        password_file = settings.BASE_DIR / "var" / "demo-admin-password"
        password_file.parent.mkdir(exist_ok=True)
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(12))
        password = password_file.read_text().strip()
        User = get_user_model()
        user = User.objects.filter(username="admin").first() or User(username="admin")
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(self.style.SUCCESS(f"Admin login: admin / {password}"))
