import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create a staff superuser if it does not exist yet (never changes an existing one). "
        "The password comes from --password or DJANGO_SUPERUSER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME"))
        parser.add_argument("--email", default=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""))
        parser.add_argument("--password", default=os.environ.get("DJANGO_SUPERUSER_PASSWORD"))

    def handle(self, *args, username: str | None, email: str, password: str | None, **options):
        if not username:
            raise CommandError("Give --username or set DJANGO_SUPERUSER_USERNAME.")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"Admin user {username!r} already exists; left unchanged.")
            return
        if not password:
            raise CommandError("Give --password or set DJANGO_SUPERUSER_PASSWORD.")
        users.create_superuser(username=username, email=email, password=password)
        self.stdout.write(f"Created admin user {username!r}.")
