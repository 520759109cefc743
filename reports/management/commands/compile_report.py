"""Compile a period's city report: queued for the worker, or in the foreground with --sync."""

import argparse
import datetime
import shutil
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import compile as compiler
from reports.models import CompileStatus, Period
from wards.models import Organisation


def _day(text: str) -> datetime.date:
    """dd/mm/yyyy (the way dates are written here) or yyyy-mm-dd."""
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date: write dd/mm/yyyy.")


class Command(BaseCommand):
    help = "Compile the city report of a period, e.g. 2025-6T or 2025-N."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--sync", action="store_true", help="Compile now, in this process.")
        parser.add_argument("--output", help="Copy the PDF there (with --sync).")
        parser.add_argument("--number", type=int, help="Document number (default: the next free one).")
        parser.add_argument(
            "--date",
            type=_day,
            help="Document date, dd/mm/yyyy (default: today); the header is the configuration in force then.",
        )

    def handle(self, *args, code, sync, output, number, date, **options):
        period = Period.objects.filter(code=code).first()
        if period is None:
            raise CommandError(f"No period {code}.")
        if date is not None and Organisation.objects.in_force_on(date) is None:
            raise CommandError(f"No deploying-body configuration is in force on {date:%d/%m/%Y}.")
        request = {"period": period, "token": f"cli-{uuid.uuid4().hex}", "document_number": number}
        request["document_date"] = date
        if sync:
            # Queue nothing: the version is compiled right here, after it is created.
            report, _created = compiler.compiled_report_request(**request, queue=False)
            report = compiler.compile_period(report.pk)
            if report.status != CompileStatus.DONE:
                raise CommandError(report.error or "Compile failed.")
            pdf = compiler.compiled_dir().parent / report.pdf
            if output:
                shutil.copyfile(pdf, Path(output))
                pdf = Path(output)
            self.stdout.write(f"{report}: {report.page_count} pages -> {pdf}")
            return
        report, _created = compiler.compiled_report_request(**request)
        self.stdout.write(f"{report}: queued")
