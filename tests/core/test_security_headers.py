"""Security headers on every page, CSRF on every state change, sessions that end."""

import pathlib
import re

import pytest
from django.test import Client

from tests import factories as f
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy_and_the_other_headers(client):
    client.force_login(f.city_staff())
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_contain_no_inline_scripts_or_style_attributes():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.parts:  # PDF documents are rendered by WeasyPrint, not a browser
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(path.relative_to(ROOT)))
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(ROOT)) + " (inline event handler)")
    assert not offenders


def test_no_view_is_exempt_from_csrf():
    hits = [
        str(p.relative_to(ROOT))
        for app in ("tamky_kdc", "wards", "programs", "reports")
        for p in (ROOT / app).rglob("*.py")
        if "csrf_exempt" in p.read_text()
    ]
    assert not hits


def test_a_state_changing_request_without_the_token_is_refused_and_changes_nothing():
    area = f.ResidentialAreaFactory(name="Khu cũ")
    client = Client(enforce_csrf_checks=True)
    client.force_login(f.city_staff())
    response = client.post(
        f"/areas/{area.pk}/edit/",
        {
            "ward": area.ward_id,
            "kind": "khoi_pho",
            "name": "Khu mới",
            "households": 1,
            "population": 1,
            "household_groups": 0,
        },
    )
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text
    area.refresh_from_db()
    assert area.name == "Khu cũ"


def test_logging_in_gives_a_new_session_key_and_logging_out_ends_it(client):
    user = f.city_staff(username="thu")
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    client.post("/accounts/login/", {"username": "thu", "password": f.PASSWORD})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    client.post("/accounts/logout/")
    stale = Client()
    stale.cookies["sessionid"] = after
    assert stale.get("/").status_code == 302
    assert user.pk


def test_sessions_expire_after_the_idle_time_and_die_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_an_idle_session_is_no_longer_accepted(client, settings):
    import time_machine
    from django.utils import timezone

    client.force_login(f.city_staff())
    assert client.get("/").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31)):
        assert client.get("/").status_code == 302


def test_production_settings_secure_cookies_and_hsts():
    text = pathlib.Path(ROOT / "tamky_kdc/settings/production.py").read_text()
    for setting in ("SESSION_COOKIE_SECURE = True", "CSRF_COOKIE_SECURE = True", "SECURE_HSTS_SECONDS"):
        assert setting in text
