"""A real Redis broker and a real Celery worker process compile a report; a killed worker loses nothing."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import Connection

from reports import compile as compiler
from reports.models import CompiledReport, CompileStatus
from reports.tasks import compile_report
from tests import factories as f
from tests.conftest import ROOT, require_service
from tests.reports.test_compiled import build_city

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_types():
    """A transactional test starts from a flushed database: put back the types the migrations seed."""
    from importlib import import_module

    from django.apps import apps as django_apps

    import_module("wards.migrations.0003_logbook_types").seed(django_apps, None)


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
    """start(delay=0) -> a worker process on a queue of this test only; every worker is killed at teardown."""
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"kdc-test-{uuid.uuid4().hex[:12]}"
    processes = []
    log = tmp_path / "worker.log"

    def start(delay: float = 0):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local",
            "DEBUG": "0",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "KDC_TEST_COMPILE_DELAY": str(delay),
        }
        celery = Path(sys.executable).parent / "celery"
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                str(celery),
                "-A",
                "tamky_kdc",
                "worker",
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


def _wait_for(report: CompiledReport, statuses, log: Path) -> CompiledReport:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.25)
    pytest.fail(f"compile stayed {report.status}; worker log:\n{log.read_text(errors='replace')[-3000:]}")


def test_a_real_worker_compiles_a_report_queued_from_the_button(login, worker, monkeypatch):
    monkeypatch.setattr(compiler, "_queue", lambda pk: _send(_redis_url(), worker.queue, pk))
    period, counted = build_city(wards=2)
    worker()
    response = login(f.city_staff()).post(f"/periods/{period.code}/compile/", {"token": uuid.uuid4().hex})
    report = CompiledReport.objects.get()
    assert response["Location"] == f"/compiled/{report.pk}/"
    report = _wait_for(report, (CompileStatus.DONE, CompileStatus.FAILED), worker.log)
    assert report.status == CompileStatus.DONE, report.error
    assert report.data["totals"]["activities"] == len(counted)
    assert (Path(settings.MEDIA_ROOT) / report.pdf).read_bytes().startswith(b"%PDF")


def test_a_worker_killed_during_a_compile_leaves_one_version_and_no_partial_file(worker):
    period, _ = build_city(wards=1)
    report, _ = compiler.compiled_report_request(period=period, token=uuid.uuid4().hex, queue=False)
    first = worker(delay=6)
    _send(_redis_url(), worker.queue, report.pk)
    _wait_for(report, (CompileStatus.RUNNING,), worker.log)
    time.sleep(1)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    folder = Path(settings.MEDIA_ROOT) / "compiled"
    report.refresh_from_db()
    assert report.status == CompileStatus.RUNNING
    assert not list(folder.glob(f"{period.code}-v1-*.pdf"))  # killed before anything was written
    worker(delay=0)  # the job comes back once its visibility timeout has passed
    report = _wait_for(report, (CompileStatus.DONE, CompileStatus.FAILED), worker.log)
    assert report.status == CompileStatus.DONE, report.error
    assert CompiledReport.objects.filter(period=period).count() == 1
    assert len(list(folder.glob(f"{period.code}-v1-*.pdf"))) == 1
    assert not list(folder.glob(".partial-*"))
