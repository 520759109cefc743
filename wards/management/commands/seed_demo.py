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

        # The demo programme crosses the 01/07/2025 reform: applied after the 2025-6T reports exist.
        seed_reorganisation(stdout=self.stdout)

        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, full_name, role, _unit in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role.label}: {full_name}")
        if settings.DEBUG:
            self.stdout.write("Portal: http://127.0.0.1:8000/")
