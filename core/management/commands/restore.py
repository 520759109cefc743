"""manage.py restore ARCHIVE: replace the database and files with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the current data)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options):
        if not options["archive"].is_file():
            raise CommandError(f"No such archive: {options['archive']}")
        try:
            manifest = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the backup of {manifest['created']}.")
