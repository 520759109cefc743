"""City staff see what changed between two submitted versions of a report."""

import pytest

from reports import services
from tests import factories as f
from tests.reports.factories import UnitReportFactory

pytestmark = pytest.mark.django_db


def test_the_diff_shows_the_changed_section_only(login):
    report = UnitReportFactory()
    officer, city = f.ward_officer(ward=report.ward), f.city_staff()
    services.report_submit(report=report, by=officer)
    services.report_return(report=report, by=city, reason="Sửa phần II.")
    report.refresh_from_db()
    report.results = "Kết quả tốt.\nBổ sung: 12 nhà Đại đoàn kết."
    report.save()
    services.report_submit(report=report, by=officer)
    response = login(city).get(f"/reports/{report.pk}/diff/?a=1&b=2")
    assert response.status_code == 200
    sections = response.context["sections"]
    assert len(sections) == 1
    label, lines = sections[0]
    assert ("+", "Bổ sung: 12 nhà Đại đoàn kết.") in lines
    assert ("", "Kết quả tốt.") in [(mark.strip(), text) for mark, text in lines]


def test_a_unit_officer_cannot_open_the_diff(login):
    report = UnitReportFactory()
    assert login(f.ward_officer(ward=report.ward)).get(f"/reports/{report.pk}/diff/").status_code == 403
