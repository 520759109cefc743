"""Suite-wide fixtures: per-role logged-in clients and the rule that CI never skips a real component."""

import os
import pathlib

import pytest

from tests import factories  # noqa: F401

ROOT = pathlib.Path(__file__).resolve().parent.parent


def require_service(name: str, reachable: bool, detail: str = "") -> None:
    """Skip on a developer machine without the component; fail in CI (KDC_REQUIRE_SERVICES=1)."""
    if reachable:
        return
    message = f"{name} is not reachable{': ' + detail if detail else ''}"
    if os.environ.get("KDC_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (required in CI)")
    pytest.skip(message)


@pytest.fixture
def login(client):
    """login(user) -> the test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# The real-worker fixtures (`broker`, `worker`) for every test that needs a Celery worker process.
from tests.celery_worker import broker, worker  # noqa: E402, F401
