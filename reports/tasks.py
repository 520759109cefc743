"""Celery entry points of the reports app: they take ids and call a service."""

import logging

from celery import shared_task

from . import notifications, services, watchdog
from .compile import compile_report  # noqa: F401 - defined beside its publisher, under this module's name
from .notifications import send_notification_emails  # noqa: F401 - defined beside its publisher

logger = logging.getLogger(__name__)


@shared_task
def create_periods() -> list[str]:
    """Yearly: make sure every programme's periods exist (idempotent)."""
    return [period.code for period in services.create_periods_for_all_programmes()]


@shared_task
def send_pending_notification_emails() -> int:
    return notifications.send_pending_notification_emails()


@shared_task
def compile_watchdog() -> dict[str, int]:
    """Every minute: lost compiles failed with a reason, undelivered ones sent, partial files removed."""
    return watchdog.compile_watchdog()


@shared_task
def compile_due_periods() -> list[str]:
    """Daily: on a period's city compile date, compile a draft version automatically (once)."""
    from .compile import compile_due_drafts

    return compile_due_drafts()


@shared_task
def send_reminders() -> int:
    """Daily: remind units that have not submitted (7 days and 1 day before the due date, the day after)."""
    from .reminders import send_due_reminders

    return send_due_reminders()


@shared_task
def send_missing_digest() -> int:
    """Daily in the last week: a digest of missing units for city staff."""
    from .reminders import send_missing_digest as digest

    return digest()
