"""The health endpoint checks the real database and broker, for docker-compose and monitoring."""

import pytest

from tamky_kdc.celery import app as celery_app

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
