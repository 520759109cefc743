"""User text typed into the real forms never makes the PDF renderer fetch anything but static files."""

import pytest
import weasyprint.urls
from django.urls import reverse

from reports import pdf
from reports.models import NARRATIVE_FIELDS, UnitReport
from tests import factories as f
from tests.reports.factories import UnitReportFactory
from tests.security.test_authorization_matrix import _form_data

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<img src="file:///etc/passwd">',
    '<img src="http://169.254.169.254/latest/meta-data/">',
    "<style>@import url(http://169.254.169.254/x.css);</style>",
    '<link rel="stylesheet" href="file:///etc/passwd">',
    '<object data="file:///etc/shadow"></object>',
    '<p style="background: url(http://169.254.169.254/bg.png)">x</p>',
    '<iframe src="http://evil.example/"></iframe>',
    "file:///etc/passwd http://169.254.169.254/ url(file:///etc/hosts)",
    '<svg><image href="http://evil.example/a.png"/></svg>',
]
TEXT = "Tình hình ổn định. " + " ".join(PAYLOADS)


@pytest.fixture
def spied(monkeypatch):
    """Every fetcher the renderer builds, and every fetch that bypasses the static-only fetcher."""
    made, bypass = [], []

    class Spy(pdf.StaticOnlyFetcher):
        def __init__(self):
            super().__init__()
            self.asked = []
            made.append(self)

        def fetch(self, url, headers=None):
            self.asked.append(url)
            return super().fetch(url, headers)

    def forbidden(self, url, headers=None):
        bypass.append(url)
        raise ValueError(url)

    monkeypatch.setattr(pdf, "StaticOnlyFetcher", Spy)
    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", forbidden)
    return made, bypass


def test_hostile_text_typed_into_a_report_and_a_ward_name_causes_no_fetch_in_its_pdf(client, spied):
    staff = f.city_staff()
    ward = f.WardFactory()
    client.force_login(staff)
    edit = reverse("wards:ward_edit", args=[ward.pk])
    data = {**_form_data(client.get(edit)), "name": "Phường <img src=file:///etc/passwd>"}
    assert client.post(edit, data).status_code == 302

    report = UnitReportFactory(ward=ward)
    client.force_login(f.ward_officer(ward=ward))
    edit = reverse("reports:report_edit", args=[report.pk])
    data = _form_data(client.get(edit))
    data.update({name: f"{TEXT} ({name})" for name, _label in NARRATIVE_FIELDS})
    data.update({"late_reason": TEXT, "submit": "1"})
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = UnitReport.objects.get(pk=report.pk)
    assert report.is_submitted and "169.254.169.254" in report.situation

    response = client.get(reverse("reports:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    made, bypass = spied
    assert len(made) == 1
    fetcher = made[0]
    assert fetcher.asked, "the stylesheet and fonts come through the fetcher"
    assert all(url.startswith(pdf.STATIC_PREFIX) for url in fetcher.asked), fetcher.asked
    assert fetcher.refused == []
    assert bypass == []
