"""A real Celery worker process on a Redis queue of its own, for the tests about the worker.

Every test gets a unique queue, so concurrent test runs and CI (which shares one Redis) never steal each
other's jobs; every wait is bounded and every worker is killed at teardown. Import the fixtures:
`from tests.celery_worker import broker, worker`.
"""

import contextlib
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

from reports.tasks import compile_report

WAIT = 120  # seconds: every wait below is bounded


def _redis_url() -> str:
    url = settings.CELERY_BROKER_URL
    return url if url.startswith("redis://") else "redis://127.0.0.1:6379/11"


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def broker():
    from tests.conftest import require_service

    url = _redis_url()
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        reachable = True
    except Exception:
        reachable = False
    require_service("Redis", reachable, url)
    return url


@pytest.fixture
def worker(broker, tmp_path, settings):
    from tests.conftest import ROOT

    """start(delay=0) -> a worker process on a queue of this test only; every worker is killed at teardown."""
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"kdc-test-{uuid.uuid4().hex[:12]}"
    processes = []
    log = tmp_path / "worker.log"

    def start(delay: float = 0, step: str = "data", **overrides: str):
        """A worker whose compile waits `delay` seconds in `step` ("data" or "pdf"); `overrides` are
        settings given through the environment (CELERY_VISIBILITY_TIMEOUT=3 unless overridden)."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local",
            "DEBUG": "0",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SLOW_STEP": step,
            **overrides,
        }
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable,
                "-m",
                "tests.slow_worker",
                str(delay),
                "-Q",
                queue,
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    start.queue = queue
    start.broker = broker
    start.log = log
    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    # Leave nothing behind on the shared Redis (nothing to purge if the queue was never declared).
    with Connection(broker) as conn, contextlib.suppress(Exception):
        conn.default_channel.queue_purge(queue)


def _send(broker: str, queue: str, pk: int) -> None:
    with Connection(broker) as conn:
        compile_report.apply_async(args=[pk], queue=queue, connection=conn)
