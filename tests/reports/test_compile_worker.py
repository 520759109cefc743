"""A real Redis broker and a real Celery worker process compile a report; a killed worker loses nothing."""

import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from reports import compile as compiler
from reports.models import CompiledReport, CompileStatus
from tests import factories as f
from tests.celery_worker import WAIT, _redis_url, _send
from tests.reports.test_compiled import build_city

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_types():
    """A transactional test starts from a flushed database: put back the types the migrations seed."""
    from importlib import import_module

    from django.apps import apps as django_apps

    import_module("wards.migrations.0003_logbook_types").seed(django_apps, None)


def _wait_for(report: CompiledReport, statuses, log: Path) -> CompiledReport:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.25)
    pytest.fail(f"compile stayed {report.status}; worker log:\n{log.read_text(errors='replace')[-3000:]}")


def test_a_real_worker_compiles_a_report_queued_from_the_button(login, worker, monkeypatch):
    monkeypatch.setattr(compiler, "dispatch", lambda pk: _send(_redis_url(), worker.queue, pk))
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


def test_with_production_timeouts_a_worker_killed_mid_compile_is_failed_with_a_reason_in_minutes(
    worker, settings
):
    """The production visibility timeout (600 s) and time limits (240/300 s); only the heartbeat's clock
    is short (1 s beats, silent after 5 s) so the test takes seconds, not the production minute."""
    settings.COMPILE_HEARTBEAT_STALE = 5
    period, _ = build_city(wards=1)
    report, _ = compiler.compiled_report_request(period=period, token=uuid.uuid4().hex, queue=False)
    first = worker(delay=60, step="pdf", CELERY_VISIBILITY_TIMEOUT="600", COMPILE_HEARTBEAT="1")
    _send(_redis_url(), worker.queue, report.pk)
    folder = Path(settings.MEDIA_ROOT) / "compiled"
    _wait_for(report, (CompileStatus.RUNNING,), worker.log)
    deadline = time.monotonic() + WAIT
    while not list(folder.glob(".partial-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(folder.glob(f"{compiler.partial_prefix(report.pk)}*")), "the PDF step had not begun"
    report.refresh_from_db()
    beat = report.heartbeat_at
    time.sleep(2.5)
    report.refresh_from_db()
    assert report.heartbeat_at > beat, "the running compile's heartbeat did not move"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    killed = time.monotonic()
    # The watchdog runs every minute under beat; here it runs until it finds the compile lost.
    from reports import watchdog

    while watchdog.compile_watchdog()["failed"] == 0:
        assert time.monotonic() - killed < 60, "the lost compile was not found"
        time.sleep(1)
    report.refresh_from_db()
    assert report.status == CompileStatus.FAILED and "Quá thời gian tổng hợp" in report.error
    assert time.monotonic() - killed < 10 * 60
    assert CompiledReport.objects.filter(period=period).count() == 1
    assert not list(folder.glob(".partial-*"))
    assert not list(folder.glob(f"{period.code}-v1-*.pdf"))
