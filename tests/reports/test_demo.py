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


def test_every_reports_page_opens_for_the_demo_users(client):
    from wards.models import User

    call_command("seed_demo")
    reports = {
        r.ward.code if r.ward_id else r.organisation.short_name: r.pk
        for r in UnitReport.objects.filter(period__code="2025-6T").select_related("ward", "organisation")
    }
    ax, tt, hl = reports["20347"], reports["20362"], reports["HLHPN"]
    pages = {
        "canbo.tp": [
            "/",
            "/periods/",
            "/periods/2025-6T/",
            "/periods/2025-6T/?status=missing",
            "/periods/2025-6T/export.xlsx",
            "/periods/2025-6T/edit/",
            "/periods/2025-6T/units/",
            f"/reports/{ax}/",
            f"/reports/{tt}/",
            f"/reports/{ax}/pdf/",
            f"/reports/{tt}/return/",
            f"/reports/{ax}/reopen/",
            "/notifications/",
        ],
        "lanhdao": ["/periods/", "/periods/2025-6T/", f"/reports/{ax}/"],
        # The demo officers of An Xuân and Tam Thăng moved to the new phường on 01/07/2025 (issue 10);
        # the old units' reports stay with the old units, which the city office keeps.
        "phuong.anxuan": ["/", "/reports/mine/", "/notifications/"],
        "xa.tamthang": ["/reports/mine/"],
        "hoi.phunu": ["/reports/mine/", f"/reports/{hl}/", f"/reports/{hl}/edit/"],
    }
    for username, urls in pages.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)
    client.force_login(User.objects.get(username="xa.tamthang"))
    assert "Đề nghị bổ sung" in client.get("/notifications/").text
