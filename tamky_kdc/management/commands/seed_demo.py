"""Create demo users and sample content (idempotent), in the order the apps depend on each other."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tamky_kdc.demo import present, programme, reporting, units
from wards.models import User


class Command(BaseCommand):
    help = "Create the demo users of every role and a little sample content. Safe to run twice."

    def handle(self, *args, **options):
        call_command("load_reference_data", stdout=self.stdout)
        for part in (units, programme, reporting):
            part.seed(stdout=self.stdout)
        # The demo programme crosses the 01/07/2025 reform: applied after the 2025-6T reports exist.
        units.seed_reorganisation(stdout=self.stdout)
        programme.seed_successor_pilots(stdout=self.stdout)
        # Then the present: activities up to today and the reports of the last periods.
        present.seed(stdout=self.stdout)
        reporting.seed_compiled(stdout=self.stdout)

        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {units.DEMO_PASSWORD}):"))
        users = User.objects.select_related("ward", "organisation").in_bulk(
            [username for username, *_ in units.DEMO_USERS], field_name="username"
        )
        for username, *_ in units.DEMO_USERS:
            if username in users:
                user = users[username]
                self.stdout.write(f"  {username:<16} {user.get_role_display()} · {user.unit_label}")
        if settings.DEBUG:
            self.stdout.write("Portal: http://127.0.0.1:8000/")
