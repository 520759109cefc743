"""Health of the components the portal depends on: database, broker and (on request) a worker."""

import logging

from celery import current_app as app
from django.db import connection

logger = logging.getLogger(__name__)


def check_database() -> str | None:
    """None when healthy, else a short reason."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "unhealthy", reported not raised
        logger.warning("health: database check failed: %s", exc)
        return type(exc).__name__
    return None


def check_broker() -> str | None:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health: broker check failed: %s", exc)
        return type(exc).__name__
    return None


def check_worker(timeout: float = 2.0, attempts: int = 3) -> str | None:
    """A worker answers a ping. Each attempt uses a fresh broker connection: right after a broker restart
    the pooled one is dead and the worker is still reconnecting, which is not a worker down."""
    reason = "no worker answered"
    for _ in range(attempts):
        try:
            with app.connection_for_write() as conn:
                if app.control.ping(timeout=timeout, connection=conn):
                    return None
            reason = "no worker answered"
        except Exception as exc:  # noqa: BLE001
            reason = type(exc).__name__
    return reason


def status(*, include_worker: bool) -> dict[str, str]:
    checks = {"database": check_database, "broker": check_broker}
    if include_worker:
        checks["worker"] = check_worker
    return {name: (check() or "ok") for name, check in checks.items()}
