"""Every status and choice is shown by its Vietnamese label, never by its code: each choice field's values
are walked through the pages and PDFs that show them."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.utils import translation
from pypdf import PdfReader

from programs.models import PilotStatus
from reports import compile as compiler
from reports import services
from reports.models import ReportStatus
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.reports.test_compiled import _text, build_city, compile_now

pytestmark = pytest.mark.django_db

APPS = ("wards", "programs", "reports")


def _choice_fields():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.get_fields():
                if getattr(field, "choices", None):
                    yield model, field


def _raw(text: str, code: str) -> bool:
    """The code appears as a word of its own (codes are ASCII words like 'implementing', 'in_kind')."""
    return re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", text) is not None


def test_every_choice_of_every_model_has_a_vietnamese_label():
    missing = []
    with translation.override("vi"):
        for model, field in _choice_fields():
            for value, label in field.flatchoices:
                if value in ("", None):
                    continue
                with translation.override("en"):
                    english = str(label)
                if str(label) == english and not any(ord(c) > 127 for c in english):
                    missing.append(f"{model.__name__}.{field.name}={value}")
    assert missing == []


@pytest.mark.parametrize("status", PilotStatus.values)
def test_a_pilot_status_is_shown_by_its_label_on_the_report_page_and_in_its_pdf(login, status):
    ward = f.WardFactory()
    PilotFactory(area=f.ResidentialAreaFactory(ward=ward), status=status, is_current=True)
    report = UnitReportFactory(period=PeriodFactory(), ward=ward)
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    client = login(f.city_staff())
    page = client.get(f"/reports/{report.pk}/").content.decode()
    pdf = client.get(f"/reports/{report.pk}/pdf/")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    with translation.override("vi"):
        label = str(PilotStatus(status).label)
    visible = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1])
    assert label in visible and label in " ".join(text.split())
    assert not _raw(visible, status)
    assert not _raw(text, status)


def test_every_report_status_is_shown_by_its_label_on_the_period_dashboard_and_report_page(login):
    period = PeriodFactory()
    staff = f.city_staff()
    reports = {}
    for status in ReportStatus.values:
        ward = f.WardFactory()
        reports[status] = UnitReportFactory(period=period, ward=ward, status=status)
    client = login(staff)
    dashboard = client.get(f"/periods/{period.code}/").content.decode()
    body = dashboard.split("<main", 1)[-1]
    with translation.override("vi"):
        labels = {status: str(ReportStatus(status).label) for status in ReportStatus.values}
    for status, report in reports.items():
        assert labels[status] in body
        page = client.get(f"/reports/{report.pk}/").content.decode().split("<main", 1)[-1]
        assert labels[status] in page
        visible = re.sub(r"<[^>]+>", " ", page)
        assert not _raw(visible, status), status


def test_the_compiled_report_shows_pilot_statuses_by_label():
    period, _ = build_city(wards=1)
    for status in PilotStatus.values:
        PilotFactory(
            programme=period.programme,
            area=f.ResidentialAreaFactory(ward=f.WardFactory()),
            status=status,
            is_current=True,
            selected_on=datetime.date(2025, 1, 2),
        )
    compiled = compile_now(period)
    text = _text((compiler.compiled_dir().parent / compiled.pdf).read_bytes())
    for status in PilotStatus.values:
        assert not _raw(text, status), status
