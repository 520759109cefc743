"""The compile watchdog: a lost compile is failed with a reason, an undelivered one is sent when the
broker answers again, stale partial files go."""

import datetime
import os
import time

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from reports import compile as compiler
from reports import tasks, watchdog
from reports.models import CompiledReport, CompileStatus
from tests.reports.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def _version(period, number: int, **fields) -> CompiledReport:
    return CompiledReport.objects.create(
        period=period,
        version=number,
        document_year=2025,
        document_number=number,
        document_date=datetime.date(2025, 12, 5),
        request_token=f"token-{number}-{period.pk}",
        **fields,
    )


def test_a_compile_running_past_its_hard_limit_and_the_margin_is_failed_with_a_vietnamese_reason(settings):
    settings.COMPILE_TIME_LIMIT, settings.COMPILE_WATCHDOG_MARGIN = 300, 120
    period = PeriodFactory()
    now = timezone.now()
    lost = _version(period, 1, status=CompileStatus.RUNNING, started_at=now - datetime.timedelta(seconds=421))
    alive = _version(
        period,
        2,
        status=CompileStatus.RUNNING,
        started_at=now - datetime.timedelta(seconds=419),
        heartbeat_at=now - datetime.timedelta(seconds=10),
    )
    done = _version(period, 3, status=CompileStatus.DONE, started_at=now - datetime.timedelta(hours=2))
    counts = watchdog.compile_watchdog(now=now)
    assert counts["failed"] == 1
    lost.refresh_from_db(), alive.refresh_from_db(), done.refresh_from_db()
    assert lost.status == CompileStatus.FAILED and "Quá thời gian tổng hợp" in lost.error
    assert lost.finished_at == now
    assert alive.status == CompileStatus.RUNNING and done.status == CompileStatus.DONE


def test_a_compile_whose_heartbeat_stopped_is_failed_within_a_minute_and_its_partial_files_removed(settings):
    settings.COMPILE_HEARTBEAT_STALE = 60
    period = PeriodFactory()
    now = timezone.now()
    started = now - datetime.timedelta(seconds=90)
    silent = _version(
        period,
        1,
        status=CompileStatus.RUNNING,
        started_at=started,
        heartbeat_at=now - datetime.timedelta(seconds=61),
    )
    beating = _version(
        period,
        2,
        status=CompileStatus.RUNNING,
        started_at=started,
        heartbeat_at=now - datetime.timedelta(seconds=20),
    )
    folder = compiler.compiled_dir()
    left = folder / f"{compiler.partial_prefix(silent.pk)}x.pdf"
    kept = folder / f"{compiler.partial_prefix(beating.pk)}x.pdf"
    left.write_bytes(b"%PDF-partial"), kept.write_bytes(b"%PDF-partial")
    assert watchdog.compile_watchdog(now=now)["failed"] == 1
    silent.refresh_from_db(), beating.refresh_from_db()
    assert silent.status == CompileStatus.FAILED and "Quá thời gian tổng hợp" in silent.error
    assert beating.status == CompileStatus.RUNNING
    assert not left.exists() and kept.exists()


def test_the_heartbeat_refreshes_the_running_version_until_the_compile_ends(settings):
    from reports.heartbeat import Heartbeat

    period = PeriodFactory()
    version = _version(period, 1, status=CompileStatus.RUNNING, started_at=timezone.now())
    with Heartbeat(version.pk, interval=60) as heartbeat:  # its thread never beats in this test
        heartbeat.beat()
        version.refresh_from_db()
        first = version.heartbeat_at
        assert first is not None
        time.sleep(0.01)
        heartbeat.beat()
    assert not heartbeat.thread.is_alive()
    version.refresh_from_db()
    assert version.heartbeat_at > first


def test_a_compile_requested_while_the_broker_is_down_stays_queued_and_goes_out_when_it_is_back(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []

    def broker_down(pk):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.compile_report, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = compiler.compiled_report_request(period=PeriodFactory(), token="t" * 20)
    report.refresh_from_db()
    assert report.status == CompileStatus.QUEUED and report.error == compiler.NOT_DISPATCHED

    assert watchdog.compile_watchdog()["dispatched"] == 1  # still down: kept, tried again next minute
    report.refresh_from_db()
    assert report.error == compiler.NOT_DISPATCHED

    monkeypatch.setattr(tasks.compile_report, "delay", sent.append)
    assert watchdog.compile_watchdog()["dispatched"] == 1
    report.refresh_from_db()
    assert sent == [report.pk] and report.status == CompileStatus.QUEUED and report.error == ""
    assert watchdog.compile_watchdog()["dispatched"] == 0  # sent once


def test_partial_files_older_than_any_live_compile_are_removed_and_fresh_ones_kept(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = compiler.compiled_dir()
    stale, fresh, finished = (
        folder / ".partial-abc.pdf",
        folder / ".partial-def.pdf",
        folder / "2025-N-v1-1.pdf",
    )
    for path in (stale, fresh, finished):
        path.write_bytes(b"%PDF")
    old = time.time() - 86_400
    os.utime(stale, (old, old))
    os.utime(finished, (old, old))
    assert watchdog.compile_watchdog()["removed"] == 1
    assert not stale.exists() and fresh.exists() and finished.exists()


def test_the_watchdog_runs_every_minute_and_the_compile_limits_come_from_settings(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-compile-watchdog"]
    assert entry["task"] == "reports.tasks.compile_watchdog"
    assert entry["schedule"].minute == set(range(60))
    assert tasks.compile_report.time_limit == settings.COMPILE_TIME_LIMIT
    assert tasks.compile_report.soft_time_limit == settings.COMPILE_SOFT_TIME_LIMIT
    # A lost job comes back within minutes: redelivery after the hard limit, well under the old hour.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 600)
    assert settings.COMPILE_TIME_LIMIT < visibility <= 600
