"""Background jobs of the portal itself."""

from celery import shared_task


@shared_task
def refresh_dashboard_summary() -> int:
    """Rebuild the activity summary behind the city dashboard (after imports or bulk loads)."""
    from .summaries import refresh_all

    return refresh_all()
