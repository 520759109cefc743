"""Create the reporting periods of the programme term (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from programs.models import Programme
from reports import services


class Command(BaseCommand):
    help = "Create the six-month and annual reporting periods of a programme's term. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--programme", help="Plan number of the programme, e.g. 48/KH-MTTQ-BTT (default: all)."
        )

    def handle(self, *args, **options):
        if options["programme"]:
            programme = Programme.objects.filter(plan_number=options["programme"]).first()
            if programme is None:
                raise CommandError(f"No programme with plan number {options['programme']}.")
            created = services.create_periods(programme=programme)
        else:
            created = services.create_periods_for_all_programmes()
        for period in created:
            self.stdout.write(f"Created {period.code}: {period.units.count()} expected units")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} period(s) created."))
