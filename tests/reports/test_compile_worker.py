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
