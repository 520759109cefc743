"""Two tabs saving the same draft: the second is told the draft changed, nothing is overwritten."""

import pytest

from reports.models import UnitReport
from tests import factories as f
from tests.reports.factories import UnitReportFactory

pytestmark = pytest.mark.django_db


def test_the_second_tab_saving_a_stale_version_is_refused_and_keeps_its_text(login):
    report = UnitReportFactory()
    client = login(f.ward_officer(ward=report.ward))
    opened_version = report.version
    first = client.post(f"/reports/{report.pk}/edit/", {"version": opened_version, "situation": "Tab một."})
    assert first.status_code == 302
    second = client.post(f"/reports/{report.pk}/edit/", {"version": opened_version, "situation": "Tab hai."})
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    assert "Tab hai." in second.text
    assert UnitReport.objects.get(pk=report.pk).situation == "Tab một."
