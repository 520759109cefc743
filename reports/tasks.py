"""Celery entry points of the reports app: they take ids and call a service."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import notifications, services, watchdog
from .notifications import send_notification_emails  # noqa: F401 - defined beside its publisher

logger = logging.getLogger(__name__)


@shared_task
def create_periods() -> list[str]:
    """Yearly: make sure every programme's periods exist (idempotent)."""
    return [period.code for period in services.create_periods_for_all_programmes()]


@shared_task
def send_pending_notification_emails() -> int:
    return notifications.send_pending_notification_emails()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    # Backoff 5, 10, 20, 40 then 60 s: eight retries outlast a five-minute database outage.
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=8,
    soft_time_limit=settings.COMPILE_SOFT_TIME_LIMIT,
    time_limit=settings.COMPILE_TIME_LIMIT,
)
def compile_report(self, compiled_report_id: int) -> str:
    """Compile one queued version (idempotent: a done version is left alone)."""
    from .compile import compile_failed, compile_period

    try:
        report = compile_period(compiled_report_id)
    except (OperationalError, InterfaceError):
        if self.request.retries >= self.max_retries:
            compile_failed(compiled_report_id, "Lỗi kết nối cơ sở dữ liệu kéo dài; vui lòng thử lại.")
        raise
    except SoftTimeLimitExceeded:
        compile_failed(compiled_report_id, "Quá thời gian cho phép khi tổng hợp báo cáo.")
        return "failed"
    except Exception as error:
        logger.exception("Compiled report %s failed", compiled_report_id)
        compile_failed(compiled_report_id, f"{type(error).__name__}: {error}")
        return "failed"
    return report.status if report else "missing"


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
