"""`make run` serves as users see it: DEBUG off, the Vietnamese error pages, static files through
whitenoise with no collectstatic, a quiet console, the port from PORT=; `make dev` keeps the debug server."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, override_settings

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def _local_settings(**env) -> dict:
    code = (
        "import django, json; from django.conf import settings; django.setup(); print(json.dumps({"
        "'debug': settings.DEBUG, 'finders': settings.WHITENOISE_USE_FINDERS,"
        "'request_level': settings.LOGGING['loggers']['django.request']['level']}))"
    )
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    full_env.update({"DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local", **env})
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_make_run_turns_debug_off_and_make_dev_keeps_it():
    assert _local_settings(DEBUG="0") == {"debug": False, "finders": True, "request_level": "ERROR"}
    assert _local_settings()["debug"] is True
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S)", makefile, re.S | re.M).group(0)
    dev = re.search(r"^dev:.*?(?=^\S|\Z)", makefile, re.S | re.M).group(0)
    assert "DEBUG=0" in run and "-f Procfile " in run and "-p $(PORT)" in run
    assert "Procfile.dev" in dev and "DEBUG=0" not in dev
    assert re.search(r"^PORT \?= 8000$", makefile, re.M)


def test_the_served_processes_log_warnings_and_one_line_a_request():
    procfile = (ROOT / "Procfile").read_text()
    assert "--bind 127.0.0.1:$PORT" in procfile and "--access-logfile -" in procfile
    assert "--log-level warning" in procfile
    assert procfile.count("--loglevel=WARNING") == 2
    assert "runserver 127.0.0.1:$PORT" in (ROOT / "Procfile.dev").read_text()


@override_settings(DEBUG=False, WHITENOISE_USE_FINDERS=True)
def test_with_debug_off_static_files_are_served_without_collectstatic_and_404_is_vietnamese(settings):
    assert not any(settings.STATIC_ROOT.iterdir())  # nothing collected
    client = Client()
    css = client.get("/static/css/portal.css")
    assert css.status_code == 200 and b"".join(css.streaming_content)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Không tìm thấy trang" in missing.content.decode()
