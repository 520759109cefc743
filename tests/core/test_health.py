"""The health endpoint checks the real database and broker, for docker-compose and monitoring."""

import pytest

from tamky_kdc.celery import app as celery_app
from tests.celery_worker import worker  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_health_answers_anonymous_callers_with_each_component_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_health_reports_an_unreachable_broker_as_unhealthy(client, monkeypatch):
    # Celery prefers the CELERY_BROKER_URL environment variable (set in CI) over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_write_url", None)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


def test_health_refuses_to_change_anything(client):
    assert client.post("/health/").status_code == 405


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker(tmp_path):
    """A redis-server of this test only, so restarting it disturbs nobody."""
    import shutil
    import subprocess
    import time

    from tests.conftest import require_service

    binary = shutil.which("redis-server")
    require_service("redis-server", binary is not None, "redis-server binary")
    port = _free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]

    def start():
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL)  # noqa: S603
        for _ in range(50):
            ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)  # noqa: S603,S607
            if ping.stdout.strip() == b"PONG":
                return process
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    servers = [start()]
    url = f"redis://127.0.0.1:{port}/0"
    url_restart = url

    def restart():
        servers[-1].terminate()
        servers[-1].wait(timeout=30)
        servers.append(start())

    yield type("Broker", (str,), {"restart": staticmethod(restart)})(url_restart)
    for server in servers:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def test_health_still_finds_the_worker_right_after_the_broker_restarted(client, broker, worker, monkeypatch):  # noqa: F811
    import time

    monkeypatch.setenv("CELERY_BROKER_URL", str(broker))
    monkeypatch.setattr(celery_app.conf, "broker_url", str(broker))
    monkeypatch.setattr(celery_app.conf, "broker_write_url", None)
    worker()
    deadline = time.monotonic() + 60
    while client.get("/health/?worker=1").status_code != 200:
        assert time.monotonic() < deadline, "the worker never answered"
        time.sleep(0.5)

    broker.restart()

    response = client.get("/health/?worker=1")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok"
