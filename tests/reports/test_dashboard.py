"""The period dashboard: one row per expected unit, completeness and timeliness, filter, export, queries."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from reports import selectors
from reports.models import VIETNAM, PeriodUnit, ReportStatus, ReportTransition, UnitReport
from tests import factories as f
from tests.reports.factories import PeriodFactory

pytestmark = pytest.mark.django_db

ON_TIME = datetime.datetime(2025, 6, 1, 9, 0, tzinfo=VIETNAM)
LATE = datetime.datetime(2025, 6, 3, 9, 0, tzinfo=VIETNAM)


def _period_with(units: int):
    """`units` expected wards: a quarter on time, a quarter late, a quarter draft, the rest missing."""
    period = PeriodFactory()
    city = f.city_staff()
    for i in range(units):
        ward = f.WardFactory()
        PeriodUnit.objects.create(period=period, ward=ward)
        kind = i % 4
        if kind == 3:
            continue
        report = UnitReport.objects.create(
            period=period,
            ward=ward,
            status=ReportStatus.DRAFT if kind == 2 else ReportStatus.SUBMITTED,
            first_submitted_at={0: ON_TIME, 1: LATE}.get(kind),
        )
        if kind == 1:
            ReportTransition.objects.create(
                report=report, by=city, at=LATE, from_status="submitted", to_status="returned", reason="x"
            )
    return period


def test_completeness_and_timeliness_count_every_expected_unit():
    period = _period_with(8)
    organisation = f.MemberOrganisationFactory()
    PeriodUnit.objects.create(period=period, organisation=organisation)
    dashboard = selectors.period_dashboard(period=period)
    assert dashboard.expected == 9
    assert dashboard.submitted == 4
    assert dashboard.on_time == 2
    timeliness = [row.timeliness for row in dashboard.rows]
    assert timeliness.count("missing") == 5
    assert max(row.returned_count for row in dashboard.rows) == 1


def test_the_filter_shows_missing_units_but_totals_stay(login):
    period = _period_with(8)
    response = login(f.city_staff()).get(f"/periods/{period.code}/?status=missing")
    dashboard = response.context["dashboard"]
    assert len(dashboard.rows) == 4 and dashboard.expected == 8
    assert "50%" in response.text and "25%" in response.text


def test_the_missing_list_exports_to_xlsx(login):
    period = _period_with(4)
    response = login(f.leadership()).get(f"/periods/{period.code}/export.xlsx?status=missing")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2 + 1  # header, the draft and the unit that never started, the total


def test_a_ward_officer_cannot_open_the_dashboard(login):
    period = PeriodFactory()
    assert login(f.ward_officer()).get(f"/periods/{period.code}/").status_code == 403


@pytest.mark.parametrize("units", [5, 40])
def test_the_dashboard_costs_the_same_queries_at_5_and_40_units(login, django_assert_num_queries, units):
    period = _period_with(units)
    client = login(f.city_staff())
    # session, user, period, expected units (+ward, organisation), reports (+returned count),
    # the period's compiled versions, unread notifications in the navigation bar; the shown units'
    # figures (accepted versions, mergers, former units, area transfers, areas, pilots, models, activity
    # types, content areas, activities with Unity Day's areas; reports/figures.py compute_figures_many);
    # then the session is saved on every request (savepoint, update, release).
    with django_assert_num_queries(19):
        response = client.get(f"/periods/{period.code}/")
    assert len(response.context["dashboard"].rows) == units


def test_units_see_their_own_reports_with_days_remaining(login):
    import time_machine

    period = PeriodFactory(year=2031)
    PeriodFactory(year=2032)  # not begun yet: not listed
    ward = f.WardFactory()
    PeriodUnit.objects.create(period=period, ward=ward)
    PeriodUnit.objects.create(period=period, ward=f.WardFactory())
    officer = f.ward_officer(ward=ward)
    with time_machine.travel(datetime.datetime(2031, 5, 31, 10, 0, tzinfo=VIETNAM), tick=False):
        response = login(officer).get("/reports/mine/")
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0].days_remaining == 2
    assert "2 ngày" in response.text
