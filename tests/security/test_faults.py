"""Faults with the real components: a PRIVATE redis-server and a real Celery worker, bounded in time.

Nothing here touches the shared Redis/PostgreSQL of the machine: the Redis server is started on a
free port of its own. Without redis-server the tests skip locally and fail in CI (require_service).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from reports.models import Notification, ReportStatus, UnitReport
from tamky_kdc.celery import app as celery_app
from tests import factories as f
from tests.conftest import ROOT, require_service
from tests.reports.factories import UnitReportFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

DEADLINE = 60  # seconds for any one wait


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, what: str, timeout: float = DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


class PrivateRedis:
    def __init__(self):
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(self.answers, "the private redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        _wait(lambda: not self.answers(), "the private redis-server to stop")


@pytest.fixture
def redis_server():
    require_service("redis-server", shutil.which("redis-server") is not None, "binary not found")
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return (
        f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.fixture
def worker(redis_server, settings):
    """A real `celery -A tamky_kdc worker` on the private Redis and the test database; emails go to files."""
    mail_dir = Path(tempfile.mkdtemp(prefix="kdc-fault-mail-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": redis_server.url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = open(mail_dir.parent / f"{mail_dir.name}-worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tamky_kdc",
            "worker",
            "--pool=solo",
            "-l",
            "info",
            "-n",
            f"fault-{redis_server.port}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    keys = ("broker_url", "broker_write_url", "broker_read_url")
    previous = {key: celery_app.conf.get(key) for key in keys}
    celery_app.conf.update(dict.fromkeys(keys, redis_server.url))
    _reset_pool()
    try:
        _wait(lambda: "ready" in Path(log.name).read_text(), "the worker to be ready")
        yield process, mail_dir, Path(log.name)
    finally:
        celery_app.conf.update(previous)
        _reset_pool()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_with_redis_down_a_submission_is_saved_and_the_queued_email_goes_out_once_redis_is_back(
    client, redis_server, worker
):
    process, mail_dir, log = worker
    ward = f.WardFactory()
    officer = f.ward_officer(ward=ward, email="phuong@example.vn")
    report = UnitReportFactory(ward=ward)

    redis_server.stop()
    client.force_login(officer)
    response = client.post(
        reverse("reports:report_edit", args=[report.pk]),
        {
            "situation": report.situation,
            "results": report.results,
            "strengths": report.strengths,
            "weaknesses": report.weaknesses,
            "directions": report.directions,
            "late_reason": report.late_reason,
            "version": report.version,
            "submit": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    client.force_login(f.city_staff())
    started = time.monotonic()
    response = client.post(reverse("reports:report_accept", args=[report.pk]), follow=True)
    assert time.monotonic() - started < 15, "publishing must give up quickly while the broker is down"
    assert response.status_code == 200
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED
    assert "email sẽ được gửi sau" in response.text  # "the email will follow"
    notification = Notification.objects.get(user=officer)
    assert notification.emailed_at is None

    # Redis is back; the same worker (never restarted) reconnects and runs the periodic resend, as
    # beat would a quarter of an hour later.
    redis_server.start()
    assert process.poll() is None
    Notification.objects.filter(pk=notification.pk).update(created_at=notification.created_at - _minutes(11))
    from reports.tasks import send_pending_notification_emails

    send_pending_notification_emails.delay()
    _wait(lambda: any(mail_dir.iterdir()), "the email file written by the worker")
    sent = "".join(p.read_text(errors="replace") for p in mail_dir.iterdir())
    assert "phuong@example.vn" in sent
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert process.poll() is None, log.read_text()[-2000:]


def _reset_pool():
    """Drop the web process's broker connections so the next publish uses the current broker_url."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _minutes(n):
    import datetime

    return datetime.timedelta(minutes=n)


# PostgreSQL -----------------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class PrivatePostgres:
    """initdb into a temporary folder as the postgres OS user; started and stopped with pg_ctl."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="kdc-fault-pg-"))
        shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"

    def _run(self, *args, timeout=60):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, timeout=timeout, capture_output=True
        )

    def init(self):
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres")
        self.start()
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "kdc"
        )

    def start(self):
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1"
        log = str(self.dir / "postgres.log")  # the server must not inherit our pipes
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            log,
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, check=True):
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")
        except subprocess.CalledProcessError:
            if check:
                raise

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/kdc"


@pytest.fixture
def private_postgres():
    """A PostgreSQL server of the test's own (initdb on a free port), stopped and removed afterwards."""
    bin_dir = _pg_bin()
    require_service("PostgreSQL binaries", bin_dir is not None and shutil.which("runuser") is not None)
    database = PrivatePostgres(bin_dir)
    database.init()
    try:
        yield database
    finally:
        try:
            database.stop(check=False)
        finally:
            shutil.rmtree(database.dir, ignore_errors=True)


@pytest.fixture
def app_on_private_postgres(private_postgres):
    """The portal (runserver, DEBUG off) on its own PostgreSQL instance; both stopped afterwards."""
    database = private_postgres
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local",
        "DEBUG": "0",
        "DATABASE_URL": database.url,
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=180)
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: _get(port, "/accounts/login/")[0] == 200, "the portal on the private PostgreSQL")
        yield port, database, server
    finally:
        server.terminate()
        server.wait(timeout=15)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), _NoRedirect())


def _get(port: int, path: str, data: dict | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body)  # noqa: S310
    try:
        with OPENER.open(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def _login_post(port: int, token: str) -> tuple[int, str]:
    """A sign-in attempt: it reads the database (users, lock-out records), unlike an anonymous GET."""
    return _get(port, "/accounts/login/", {"csrfmiddlewaretoken": token, "username": "ai", "password": "sai"})


@pytest.mark.django_db(transaction=False)
def test_when_postgresql_restarts_requests_fail_cleanly_in_vietnamese_and_recover_without_a_restart(
    app_on_private_postgres,
):
    port, database, server = app_on_private_postgres
    status, page = _get(port, "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert _get(port, "/health/")[0] == 200
    assert _login_post(port, token)[0] == 200  # wrong password: the form again

    database.stop()
    status, body = _get(port, "/health/")
    assert status == 503, body[:500]
    for _attempt in range(3):
        status, body = _login_post(port, token)
        assert status == 500, body[:500]
        assert "Traceback" not in body and "psycopg" not in body.lower() and "OperationalError" not in body
        assert "Lỗi hệ thống" in body  # the Vietnamese error page
    assert server.poll() is None

    database.start()
    _wait(lambda: _get(port, "/health/")[0] == 200, "the portal to use the restarted database")
    assert _login_post(port, token)[0] == 200
    assert server.poll() is None


def test_a_compile_requested_while_redis_is_down_is_kept_and_runs_once_redis_is_back(
    client, redis_server, worker
):
    import uuid
    from importlib import import_module

    from django.apps import apps as django_apps

    from reports import compile as compiler
    from reports.models import CompiledReport, CompileStatus
    from reports.watchdog import compile_watchdog
    from tests.reports.test_compiled import build_city

    import_module("wards.migrations.0003_logbook_types").seed(django_apps, None)  # flushed by the test
    process, _mail_dir, log = worker
    period, counted = build_city(wards=1)
    redis_server.stop()
    client.force_login(f.city_staff())
    started = time.monotonic()
    response = client.post(f"/periods/{period.code}/compile/", {"token": uuid.uuid4().hex}, follow=True)
    assert time.monotonic() - started < 15, (
        "asking for a compile must give up quickly while the broker is down"
    )
    assert response.status_code == 200
    report = CompiledReport.objects.get(period=period)
    assert (report.status, report.error) == (CompileStatus.QUEUED, compiler.NOT_DISPATCHED)
    assert "Hàng đợi tạm thời không hoạt động" in response.text

    # Redis is back; beat runs the watchdog within a minute, which sends the kept compile.
    redis_server.start()
    assert compile_watchdog()["dispatched"] == 1

    def done():
        report.refresh_from_db()
        return report.status in (CompileStatus.DONE, CompileStatus.FAILED)

    _wait(done, "the kept compile to run", timeout=120)
    assert report.status == CompileStatus.DONE, report.error + log.read_text()[-2000:]
    assert report.data["totals"]["activities"] == len(counted)
    assert CompiledReport.objects.filter(period=period).count() == 1
    assert process.poll() is None
