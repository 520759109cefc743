"""The KDC programme portal: project configuration and cross-cutting helpers."""

from .celery import app as celery_app

__all__ = ("celery_app",)
