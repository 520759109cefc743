"""The demo data of the reports app is idempotent and tells the 2025-6T story."""

import pytest
from django.core.management import call_command

from reports.models import Period, ReportStatus, ReportTransition, UnitReport

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_changes_nothing_the_second_time():
    call_command("seed_demo", stdout=None)
    counts = (Period.objects.count(), UnitReport.objects.count(), ReportTransition.objects.count())
    call_command("seed_demo")
    assert (Period.objects.count(), UnitReport.objects.count(), ReportTransition.objects.count()) == counts
    statuses = dict(UnitReport.objects.filter(period__code="2025-6T").values_list("ward__code", "status"))
    assert statuses["20347"] == ReportStatus.ACCEPTED
    assert statuses["20362"] == ReportStatus.RETURNED
    an_xuan = UnitReport.objects.get(period__code="2025-6T", ward__code="20347")
    assert an_xuan.on_time is True
    assert UnitReport.objects.get(period__code="2025-6T", organisation__short_name="HLHPN").status == "draft"
