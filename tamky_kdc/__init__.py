"""The KDC programme portal: wiring only (settings, URLs, Celery app, formats, catalogue, commands)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
