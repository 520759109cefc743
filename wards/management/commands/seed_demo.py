"""Create demo users and sample content (idempotent); each app contributes through its demo.py."""

import importlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

PROJECT_APPS = ["wards", "programs", "reports"]


class Command(BaseCommand):
    help = "Create the demo users of every role and a little sample content. Safe to run twice."

    def handle(self, *args, **options):
        call_command("load_reference_data", stdout=self.stdout)
        for app in PROJECT_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.seed(stdout=self.stdout)
        from wards.demo import DEMO_PASSWORD, DEMO_USERS, seed_reorganisation
        from wards.models import User

        # The demo programme crosses the 01/07/2025 reform: applied after the 2025-6T reports exist.
        seed_reorganisation(stdout=self.stdout)
        from programs.demo import seed_successor_pilots
        from reports.demo import seed_compiled

        seed_successor_pilots(stdout=self.stdout)
        seed_compiled(stdout=self.stdout)

        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        users = User.objects.select_related("ward", "organisation").in_bulk(
            [username for username, *_ in DEMO_USERS], field_name="username"
        )
        for username, *_ in DEMO_USERS:
            if username in users:
                user = users[username]
                self.stdout.write(f"  {username:<16} {user.get_role_display()} · {user.unit_label}")
        if settings.DEBUG:
            self.stdout.write("Portal: http://127.0.0.1:8000/")
