"""The activity summary behind the city dashboard stays equal to the live computation after every write."""

import datetime

import pytest

from dashboards.models import ActivityPeriodSummary
from dashboards.summaries import live_rows, refresh_all
from dashboards.tasks import refresh_dashboard_summary
from reports.models import Period
from tests import factories as f
from tests.wards.factories import ActivityFactory

from .factories import scenario

pytestmark = pytest.mark.django_db


def _key(rows) -> set:
    return {
        (r.period_id, r.ward_id, r.organisation_id, r.content_area_id, r.activities, r.funds, r.participants)
        + (r.households,)
        for r in rows
    }


def assert_summary_is_live():
    live = set()
    for period in Period.objects.all():
        live |= _key(live_rows(period))
    assert _key(ActivityPeriodSummary.objects.all()) == live


def test_summary_follows_creates_edits_moves_and_deletes():
    data = scenario()
    assert_summary_is_live()
    activity = ActivityFactory(ward=data.ward_a, date=datetime.date(2025, 2, 1), funds_cash=700)
    assert_summary_is_live()
    activity.date = datetime.date(2024, 3, 1)  # into another period
    activity.funds_in_kind = 300
    activity.save()
    assert_summary_is_live()
    activity.ward = data.ward_b  # to another unit
    activity.save()
    assert_summary_is_live()
    activity.is_deleted = True  # soft delete
    activity.save()
    assert_summary_is_live()
    activity.delete()
    assert_summary_is_live()


def test_summary_follows_a_changed_period_window_and_a_rebuild():
    data = scenario()
    data.period.window_end = datetime.date(2025, 3, 31)
    data.period.save()
    assert_summary_is_live()
    ActivityPeriodSummary.objects.all().delete()
    assert refresh_dashboard_summary() == Period.objects.count()
    assert_summary_is_live()
    refresh_all()
    assert_summary_is_live()


def test_city_dashboard_figures_equal_the_live_ones(login):
    data = scenario()
    live = sum(row.activities for row in live_rows(data.period))
    chart = str(login(f.city_staff()).get("/").context["home"].charts["content_areas"])
    assert live == 6 and f"2025-6T: {live}" in chart
