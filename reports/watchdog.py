"""The compile watchdog (beat, every minute): every compile finishes or says why.

- A version still "running" whose heartbeat stopped (reports/heartbeat.py), or that has run longer than
  the hard time limit plus a margin, was lost (worker killed, database gone while it ran): it is marked
  failed with a Vietnamese reason and its temporary files are removed. If the broker later delivers the
  job again, the compile claims the failed version and may still finish it: the version stays one.
- A version requested while the broker was down stays queued, marked NOT_DISPATCHED; it is sent as
  soon as the broker answers again.
- Partial files of interrupted writes (`.partial-*` in the compiled folder) older than any live compile
  can be are removed.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import compile as compiler
from .models import CompiledReport, CompileStatus

logger = logging.getLogger(__name__)

LOST = (
    "Quá thời gian tổng hợp: tiến trình xử lý đã dừng giữa chừng (máy xử lý bị tắt hoặc mất kết nối "
    "cơ sở dữ liệu). Vui lòng bấm “Tổng hợp báo cáo” để tổng hợp lại."
)


def lost_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.COMPILE_TIME_LIMIT + settings.COMPILE_WATCHDOG_MARGIN)


def compile_watchdog(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fail lost compiles, dispatch undelivered ones, remove stale partial files; returns the counts."""
    now = now or timezone.now()
    silent = now - datetime.timedelta(seconds=settings.COMPILE_HEARTBEAT_STALE)
    lost = CompiledReport.objects.filter(status=CompileStatus.RUNNING).filter(
        Q(started_at__lt=now - lost_after())
        | Q(heartbeat_at__lt=silent)
        | Q(heartbeat_at__isnull=True, started_at__lt=silent)
    )
    lost_ids = list(lost.values_list("pk", flat=True))
    failed = CompiledReport.objects.filter(pk__in=lost_ids, status=CompileStatus.RUNNING).update(
        status=CompileStatus.FAILED, error=LOST, finished_at=now
    )
    if failed:
        logger.warning("compile watchdog: lost compile(s) %s marked failed", lost_ids)
    for pk in lost_ids:
        for path in compiler.compiled_dir().glob(f"{compiler.partial_prefix(pk)}*"):
            path.unlink(missing_ok=True)
    waiting = list(
        CompiledReport.objects.filter(status=CompileStatus.QUEUED, error=compiler.NOT_DISPATCHED).values_list(
            "pk", flat=True
        )
    )
    for pk in waiting:
        compiler.dispatch(pk)
    return {"failed": failed, "dispatched": len(waiting), "removed": remove_stale_partials()}


def remove_stale_partials() -> int:
    """A partial file older than the longest a compile may live belongs to no running compile."""
    cutoff = time.time() - lost_after().total_seconds()
    removed = 0
    for path in compiler.compiled_dir().glob(".partial-*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # finished or removed meanwhile
            continue
    return removed
