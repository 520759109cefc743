"""A compile's sign of life: while a version compiles, a thread of the same process writes the time into
its row every `COMPILE_HEARTBEAT` seconds. When the process is killed, or loses the database for good,
the beats stop; the watchdog (reports/watchdog.py) then fails the version with a reason within
`COMPILE_HEARTBEAT_STALE` seconds plus a minute, instead of waiting for the hard time limit.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import CompiledReport, CompileStatus

logger = logging.getLogger(__name__)


class Heartbeat:
    """`with Heartbeat(pk):` beats for the running version `pk` until the block ends."""

    def __init__(self, compiled_report_id: int, interval: float | None = None):
        self.pk = compiled_report_id
        self.interval = interval if interval is not None else settings.COMPILE_HEARTBEAT
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"compile-heartbeat-{self.pk}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        try:
            # The first beat is written by the claim itself; this thread writes the next ones.
            while not self.stopped.wait(self.interval):
                self.beat()
        finally:
            connection.close()  # the thread's own connection

    def beat(self) -> None:
        try:
            CompiledReport.objects.filter(pk=self.pk, status=CompileStatus.RUNNING).update(
                heartbeat_at=timezone.now()
            )
        except DatabaseError as error:  # the database is away: the beat is missed, the compile goes on
            logger.warning("compile %s: heartbeat missed (%s)", self.pk, error)
            connection.close()
