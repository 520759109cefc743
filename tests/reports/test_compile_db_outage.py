"""The database goes away for three minutes in the middle of a compile, with a real worker, Redis and a
PostgreSQL server of the test's own: the compile is done (or failed with a reason) once it is back, with
one version and no leftover file. Everything runs against that private server, through the portal's
own commands, so the machine's PostgreSQL is never stopped."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.celery_worker import _send
from tests.conftest import ROOT
from tests.security.test_faults import private_postgres  # noqa: F401 - the fixture

pytestmark = [pytest.mark.services]

OUTAGE = 180  # seconds: longer than the ~95 s the retries used to last
AFTER = 6 * 60  # seconds allowed after the database is back: the retries wait up to a minute each


def _manage(env: dict, *args: str, timeout: int = 300) -> str:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
    )
    return done.stdout.decode()


def _row(url: str, pk: int) -> tuple[str, str, str]:
    """(status, error, PDF file) of the version."""
    with psycopg.connect(url, connect_timeout=3) as conn:
        found = conn.execute(
            "select status, error, pdf from reports_compiledreport where id = %s", (pk,)
        ).fetchone()
        assert found is not None
        return found


def _versions(url: str) -> int:
    with psycopg.connect(url) as conn:
        count = conn.execute("select count(*) from reports_compiledreport").fetchone()
        assert count is not None
        return count[0]


def test_a_compile_survives_the_database_going_away_for_three_minutes(private_postgres, worker, tmp_path):  # noqa: F811
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local",
        "DEBUG": "0",
        "DATABASE_URL": private_postgres.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "seed_demo")
    request = (
        "import uuid\n"
        "from reports.compile import compiled_report_request\n"
        "from reports.models import Period\n"
        "period = Period.objects.get(code='2025-6T')\n"
        "report, _ = compiled_report_request(period=period, token=uuid.uuid4().hex, queue=False)\n"
        "print(report.pk)\n"
    )
    pk = int(_manage(env, "shell", "-c", request).split()[-1])
    url = private_postgres.url.replace("postgres://", "postgresql://")
    versions = _versions(url)  # the demo's compiled versions and the one asked for
    # The production visibility timeout and time limits; the PDF step waits 10 s so the outage hits it.
    process = worker(
        delay=10,
        step="pdf",
        DATABASE_URL=private_postgres.url,
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_VISIBILITY_TIMEOUT="600",
    )
    _send(worker.broker, worker.queue, pk)
    deadline = time.monotonic() + 60
    while _row(url, pk)[0] != "running":
        assert time.monotonic() < deadline, worker.log.read_text(errors="replace")[-2000:]
        time.sleep(0.5)
    time.sleep(2)
    private_postgres.stop()
    time.sleep(OUTAGE)
    private_postgres.start()
    back = time.monotonic()
    while (status := _row(url, pk))[0] not in ("done", "failed"):
        # Beat's watchdog would run every minute meanwhile; the retries are what bring the job back.
        assert time.monotonic() - back < AFTER, worker.log.read_text(errors="replace")[-3000:]
        time.sleep(2)
    assert status[0] == "done" or status[1], "a failed compile says why"
    assert status[0] == "done", status[1]
    assert process.poll() is None, "the worker survived the outage"
    assert _versions(url) == versions, "the retries made no second version"
    folder = Path(tmp_path / "media" / "compiled")
    assert not list(folder.glob(".partial-*"))
    assert (folder.parent / status[2]).read_bytes().startswith(b"%PDF")
