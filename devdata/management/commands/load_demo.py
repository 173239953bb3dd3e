import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from devdata.demo import load_demo
from people.models import Person

# (username, role Group, the demo Person the login belongs to)
DEMO_ROLE_USERS = [
    ("wangwei", "记者", "王薇"),
    ("xieyan", "通讯员", "谢燕"),
    ("bianji", "编辑", None),
    ("zhuren", "部门主任", None),
    ("zongbian", "总编辑", None),
]


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
        self.stdout.write("Role logins to try the 三审 workflow (same password):")
        for username, role, person_name in DEMO_ROLE_USERS:
            member = User.objects.filter(username=username).first() or User(username=username)
            member.is_staff = True
            member.set_password(password)
            member.save()
            member.groups.set([Group.objects.get(name=role)])
            if person_name:
                Person.objects.filter(name=person_name, user__isnull=True).update(user=member)
            self.stdout.write(f"  {username:10} {role}")
