"""Celery entry points of the wards app: they take ids and call a service."""

from celery import shared_task

from wards.logbook import imports


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=900, time_limit=1000)
def import_activities(batch_id: int) -> str | None:
    """Write a confirmed Excel import (idempotent: a done or failed import is left alone)."""
    batch = imports.import_apply(batch_id=batch_id)
    return batch.status if batch else None
