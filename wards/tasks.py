"""Celery entry points of the wards app (each defined beside the service that queues it)."""

from wards.logbook.imports import import_rows  # noqa: F401 - registered under this module's name
