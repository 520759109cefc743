"""Celery entry points of the reports app: they take ids and call a service."""

from celery import shared_task

from . import services


@shared_task
def create_periods() -> list[str]:
    """Yearly: make sure every programme's periods exist (idempotent)."""
    return [period.code for period in services.create_periods_for_all_programmes()]


@shared_task
def send_notification_emails(notification_ids: list[int]) -> int:
    return sum(services.send_notification_email(notification_id=pk) for pk in notification_ids)


@shared_task
def send_pending_notification_emails() -> int:
    return services.send_pending_notification_emails()
