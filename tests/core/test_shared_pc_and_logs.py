"""A shared office PC keeps nothing private; refusals are one log line; a server error has an id."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import path

from reports.models import ReportStatus
from tamky_kdc import urls as portal_urls
from tests import factories as f
from tests.reports.factories import UnitReportFactory
from tests.wards import filedata
from tests.wards.factories import ActivityFactory
from wards.models import Evidence

pytestmark = pytest.mark.django_db


def _broken(request):
    raise RuntimeError("the database is on fire")


urlpatterns = [path("broken/", _broken), *portal_urls.urlpatterns]
handler500 = "core.views.error_500"


def test_every_signed_in_page_and_private_download_is_not_stored_by_the_browser(login):
    ward = f.WardFactory()
    officer = f.ward_officer(ward=ward)
    activity = ActivityFactory(ward=ward)
    client = login(officer)
    client.post(f"/activities/{activity.pk}/files/", {"files": [filedata.pdf()]})
    evidence = Evidence.objects.get()
    for url in ["/", f"/activities/{activity.pk}/", "/reports/mine/", f"/files/{evidence.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store, private", url


def test_a_signed_scan_download_is_not_stored_by_the_browser(login):
    ward = f.WardFactory()
    officer = f.ward_officer(ward=ward)
    report = UnitReportFactory(ward=ward)
    report.status = ReportStatus.ACCEPTED
    report.save()
    client = login(officer)
    client.post(f"/reports/{report.pk}/scan/", {"scan": filedata.pdf()})
    response = client.get(f"/reports/{report.pk}/scan/download/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_the_login_page_of_an_anonymous_visitor_may_be_cached_normally():
    response = Client().get("/accounts/login/")
    assert response.get("Cache-Control") != "no-store, private"


def test_logout_ends_the_session_and_asks_the_browser_to_clear_the_site(login):
    client = login(f.city_staff())
    session_key = client.session.session_key
    response = client.post("/accounts/logout/")
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store, private"
    assert client.cookies["sessionid"].value == ""
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/").status_code == 302


def test_a_refused_access_is_one_log_line_with_user_path_and_reason_and_no_traceback(login, caplog):
    client = login(f.ward_officer(username="pa.officer"))
    with caplog.at_level(logging.INFO):
        response = client.get("/audit/")
    assert response.status_code == 403
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    # Django's own record of the 403 (with the traceback) is dropped by the configured handler.
    written = [r for r in warnings if all(flt.filter(r) for flt in _handler_filters(r.name))]
    assert len(written) == 1, [r.getMessage() for r in written]
    assert written[0].getMessage().startswith("refused user=pa.officer path=/audit/ reason=")
    assert written[0].exc_info is None


def _handler_filters(name: str) -> list:
    logger = logging.getLogger(name)
    while not logger.handlers and logger.propagate and logger.parent:
        logger = logger.parent
    return [flt for handler in logger.handlers for flt in handler.filters]


@pytest.mark.urls(__name__)
def test_a_server_error_shows_a_request_id_that_is_in_the_log(caplog):
    client = Client(raise_request_exception=False)
    client.force_login(f.city_staff())
    with caplog.at_level(logging.ERROR):
        response = client.get("/broken/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 12
    assert request_id in response.content.decode()
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert errors and errors[0].request_id == request_id
