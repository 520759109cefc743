"""The demo programme crosses the 01/07/2025 reform: old units in 2025-6T, the new phường in 2025-N."""

import io

import pytest
from django.core.management import call_command

from programs.models import Pilot
from reports.figures import compute_figures
from reports.models import PeriodUnit
from wards.models import Activity, Reorganisation, User, Ward

pytestmark = pytest.mark.django_db

OLD = {
    "20335",
    "20341",
    "20344",
    "20347",
    "20350",
    "20353",
    "20356",
    "20375",
    "20359",
    "20362",
    "20371",
    "20389",
}
NEW = {"TK25-01", "TK25-02", "TK25-03", "TK25-04"}


def _codes(code):
    return set(
        PeriodUnit.objects.filter(period__code=code, ward__isnull=False).values_list("ward__code", flat=True)
    )


def test_the_demo_lists_the_old_units_in_2025_6t_and_the_new_phuong_in_2025_n():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert Reorganisation.objects.count() == 4
    assert _codes("2025-6T") == OLD
    assert _codes("2025-N") == NEW
    assert User.objects.get(username="phuong.anxuan").ward.code == "TK25-01"
    assert User.objects.get(username="xa.tamthang").ward.code == "TK25-04"
    assert Ward.objects.filter(code__in=OLD, successor__code__in=NEW).count() == 12


def test_every_pilot_and_ward_activity_of_2025_is_in_exactly_one_2025_n_report():
    call_command("seed_demo", stdout=io.StringIO())
    units = PeriodUnit.objects.filter(period__code="2025-N", ward__isnull=False).select_related("period")
    figures = [compute_figures(unit) for unit in units]
    period = units[0].period
    ward_activities = Activity.objects.filter(
        organisation__isnull=True, is_deleted=False, date__range=(period.window_start, period.window_end)
    )
    assert sum(fig["activities"]["count"] for fig in figures) == ward_activities.count() > 0
    assert (
        sum(len(fig["pilots"]) for fig in figures)
        == Pilot.objects.filter(level="ward", is_current=True).count()
    )
