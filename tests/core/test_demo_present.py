"""The demo lives in the present: seeded on any day, the current and the previous periods carry data."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from dashboards import selectors
from reports.models import ReportStatus, UnitReport
from tamky_kdc.demo import present
from tamky_kdc.demo.units import DEMO_USERS
from wards.models import Activity, MemberOrganisation, User, Ward

pytestmark = pytest.mark.django_db

OLD_UNITS = 12
NEW_PHUONG = {"TK25-01", "TK25-02", "TK25-03", "TK25-04"}


def _seed(day: datetime.date) -> None:
    with time_machine.travel(
        datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())
    ):
        call_command("seed_demo", stdout=io.StringIO())


def _current_and_previous(day: datetime.date):
    periods = selectors.recent_periods(day)
    current = selectors.pick_current(periods, day)
    return current, selectors.previous_of(periods, current)


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 2), datetime.date(2027, 3, 20)])
def test_seeded_on_any_day_the_current_and_previous_periods_carry_activities_and_reports(day):
    _seed(day)
    current, previous = _current_and_previous(day)
    for period in (current, previous):
        window = (period.window_start, period.window_end)
        assert Activity.objects.filter(date__range=window, date__lte=day).count() > 50, period.code
        assert UnitReport.objects.filter(period=period).exists(), period.code
    assert not Activity.objects.filter(date__gt=day).exists()


def test_records_before_the_reform_belong_to_the_old_units_and_later_ones_to_the_new_phuong():
    _seed(datetime.date(2026, 12, 2))
    reform = datetime.date(2025, 7, 1)
    before = set(
        Activity.objects.filter(date__lt=reform, ward__isnull=False).values_list("ward__code", flat=True)
    )
    after = set(
        Activity.objects.filter(date__gte=reform, ward__isnull=False).values_list("ward__code", flat=True)
    )
    assert len(before) == OLD_UNITS and not before & NEW_PHUONG
    assert after == NEW_PHUONG
    assert Ward.objects.filter(code__in=before, valid_to__lt=reform).count() == OLD_UNITS


def test_every_member_organisation_logs_activities_and_reports_take_every_state():
    day = datetime.date(2026, 12, 2)
    _seed(day)
    logged = set(Activity.objects.values_list("organisation_id", flat=True))
    assert set(MemberOrganisation.objects.active().values_list("pk", flat=True)) <= logged
    current, previous = _current_and_previous(day)
    statuses = set(UnitReport.objects.filter(period=current).values_list("status", flat=True))
    assert statuses >= {
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        ReportStatus.ACCEPTED,
    }
    late = [
        r for r in UnitReport.objects.filter(period=previous).select_related("period") if r.on_time is False
    ]
    assert late and all(r.late_reason for r in late)


def test_a_demo_report_history_carries_the_day_it_was_sent():
    _seed(datetime.date(2026, 12, 2))
    report = UnitReport.objects.get(period__code="2025-6T", ward__code="20347")
    sent = report.transitions.get(to_status=ReportStatus.SUBMITTED)
    assert sent.at == report.first_submitted_at
    assert sent.at.date() == datetime.date(2025, 5, 30)


def test_seeding_again_a_month_later_only_adds_the_new_days():
    _seed(datetime.date(2026, 12, 2))
    first = Activity.objects.count()
    _seed(datetime.date(2026, 12, 2))
    assert Activity.objects.count() == first
    added = present.seed_activities(datetime.date(2027, 1, 2))
    assert 0 < added < 40
    assert Activity.objects.count() == first + added


def test_each_demo_role_home_shows_non_zero_figures_for_the_current_period(client):
    call_command("seed_demo", stdout=io.StringIO())
    for username, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200, username
        if username in ("canbo.tp", "admin"):
            home = selectors.city_home(user)
            assert home.submitted > 0 and home.expected > home.submitted
            assert home.on_time > 0 and home.recent_activities
        elif username == "lanhdao":
            figures = selectors.leadership_home(user)["headlines"]
            assert all(row["now"] > 0 for row in figures), figures
            assert response.context["compiled_reports"]
        else:
            home = selectors.unit_home(user)
            assert home.activities_this_period > 0 and home.funds_this_period > 0, username
            assert home.report is not None, username
