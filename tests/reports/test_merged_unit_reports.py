""" "Báo cáo của đơn vị" for an officer of a phường formed by a merger: one row per period for the unit
now, its predecessors' reports of that period readable under it, and no button or link that leads to
a 404 (every button and link on every role's home and report list is followed)."""

import datetime
import re

import pytest
from django.urls import reverse

from reorganisation import services as reorg
from reports import services
from reports.models import PeriodKind, ReportStatus
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from wards.models import UserAction

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def merged():
    """An Mỹ and An Xuân reported for 2024-N and 2025-6T, then merged into Phường Tam Kỳ on 01/07/2025;
    An Xuân's officer moved to the new unit; An Mỹ's 2025-6T report was returned and never resubmitted."""
    f.ProgrammeFactory()  # the programme pages exist in every installation (reference data)
    a, b = f.WardFactory(name="An Mỹ"), f.WardFactory(name="An Xuân")
    periods = [
        PeriodFactory(year=2024, kind=PeriodKind.ANNUAL),
        PeriodFactory(year=2025, kind=PeriodKind.SIX_MONTH),
        PeriodFactory(year=2025, kind=PeriodKind.ANNUAL),
    ]
    for period in periods:
        services.period_populate_units(period=period)
    officer_a, officer_b, staff = f.ward_officer(ward=a), f.ward_officer(ward=b), f.city_staff()
    for period in periods[:2]:
        for ward, officer in ((a, officer_a), (b, officer_b)):
            report = UnitReportFactory(period=period, ward=ward, late_reason="Muộn.")
            services.report_submit(report=report, by=officer)
    returned = periods[1].reports.get(ward=a)
    services.report_return(report=returned, by=staff, reason="Bổ sung.")
    returned.refresh_from_db()
    services.report_accept(report=periods[1].reports.get(ward=b), by=staff)
    target = reorg.reorganisation_apply(
        sources=[a, b],
        new_target={"kind": "phuong", "code": "TK25-01", "name": "Tam Kỳ"},
        effective_date=DAY,
        resolution_number="1659/NQ-UBTVQH15",
        resolution_date=datetime.date(2025, 6, 16),
        user_action=UserAction.MOVE,
        by=staff,
    ).target
    for period in periods:
        services.period_populate_units(period=period)
    officer_b.refresh_from_db()
    return target, officer_b, periods, returned


def test_one_row_per_period_for_the_unit_now_with_the_predecessors_reports_under_it(client, merged):
    target, officer, periods, _returned = merged
    client.force_login(officer)
    response = client.get(reverse("reports:my_reports"))
    rows = response.context["rows"]
    assert [row.period.code for row in rows] == ["2025-N", "2025-6T", "2024-N"]
    assert rows[0].unit.ward == target and rows[0].predecessors == []
    assert rows[1].unit is None and {r.ward.name for r in rows[1].predecessors} == {"An Mỹ", "An Xuân"}
    html = response.content.decode()
    assert "báo cáo của Phường An Xuân trước sáp nhập" in html
    # Only the period in which the new unit is expected can be started.
    starts = re.findall(r'action="(/reports/start/[^"]+)"', html)
    assert starts == [reverse("reports:report_start", args=["2025-N"])]


def test_a_predecessors_returned_report_is_read_not_continued(client, merged):
    _target, officer, _periods, returned = merged
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert reverse("reports:report_edit", args=[returned.pk]) not in home
    detail = client.get(reverse("reports:report_detail", args=[returned.pk]))
    assert detail.status_code == 200 and returned.status == ReportStatus.RETURNED
    assert reverse("reports:report_edit", args=[returned.pk]) not in detail.content.decode()


LINK = re.compile(r'<a [^>]*href="(/[^"#?]*)')
FORM = re.compile(r'<form [^>]*method="post"[^>]*action="(/[^"]*)"')


def _follow_every_button(client, page: str) -> list[str]:
    html = client.get(page).content.decode()
    problems = []
    for url in sorted(set(LINK.findall(html))):
        if url.startswith("/static/") or url.startswith("/accounts/logout"):
            continue
        status = client.get(url).status_code
        if status in (404, 500):
            problems.append(f"{page} → GET {url}: {status}")
    return problems


def test_every_button_and_link_on_each_roles_home_and_report_list_answers(client, merged):
    target, officer, periods, _returned = merged
    roles = {
        "merged ward officer": (officer, ["/", reverse("reports:my_reports")]),
        "city staff": (
            f.city_staff(),
            ["/", reverse("reports:review_queue"), reverse("reports:period_list")],
        ),
        "leadership": (f.leadership(), ["/", reverse("reports:period_list")]),
        "organisation officer": (f.org_officer(), ["/", reverse("reports:my_reports")]),
    }
    problems = []
    for role, (user, pages) in roles.items():
        client.force_login(user)
        for page in pages:
            problems += [f"{role}: {p}" for p in _follow_every_button(client, page)]
    # The one POST button of the report list starts a report the unit is expected to write.
    client.force_login(officer)
    html = client.get(reverse("reports:my_reports")).content.decode()
    for action in FORM.findall(html):
        status = client.post(action).status_code
        if status in (404, 500):
            problems.append(f"merged ward officer: POST {action}: {status}")
    assert not problems, "\n".join(problems)
