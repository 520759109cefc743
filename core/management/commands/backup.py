"""manage.py backup [--to FOLDER]: archive the database and the uploaded/generated files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the files into one tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="folder for the archive (default var/backups)")

    def handle(self, *args, **options):
        try:
            archive = backup(options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
