"""Settings come from the environment, fail loudly when malformed, and pass the deployment check."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.conftest import ROOT

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "kdc.example.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = _manage("check", env={**env, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "nosuchdb://x"),
        ("CELERY_BROKER_URL", "carrier-pigeon"),
        ("EMAIL_PORT", "twenty-five"),
        ("SESSION_IDLE_MINUTES", "0"),
    ],
)
def test_a_malformed_environment_value_stops_start_up_naming_the_variable(name, value):
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local", name: value})
    assert result.returncode != 0
    assert name in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
