"""Background jobs of the portal itself."""

from celery import shared_task

from .summaries import refresh_all


@shared_task
def refresh_dashboard_summary() -> int:
    """Rebuild the activity summary behind the city dashboard (after imports or bulk loads)."""
    return refresh_all()
