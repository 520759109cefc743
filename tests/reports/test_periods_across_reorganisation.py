"""Periods across a reorganisation: expected units by the window's end, figures counted exactly once."""

import datetime

import pytest
from django.utils import timezone

from reorganisation import services as reorg
from reports import services
from reports.figures import compute_figures, figure_rows
from reports.models import PeriodKind, PeriodUnit, ReportStatus
from reports.views import unit_report_document
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards.models import UserAction

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def reform():
    """Two old units merged into a new phường on 01/07/2025, with periods from 2024-N to 2026-6T."""
    a, b = f.WardFactory(name="An Mỹ"), f.WardFactory(name="An Xuân")
    other = f.WardFactory(name="Tân Thạnh")  # not merged
    for ward in (a, b, other):
        f.ResidentialAreaFactory(ward=ward)
    periods = {
        (year, kind): PeriodFactory(year=year, kind=kind)
        for year, kind in [
            (2024, PeriodKind.ANNUAL),
            (2025, PeriodKind.SIX_MONTH),
            (2025, PeriodKind.ANNUAL),
            (2026, PeriodKind.SIX_MONTH),
        ]
    }
    for period in periods.values():
        services.period_populate_units(period=period)
    return a, b, other, periods


def _apply(sources):
    return reorg.reorganisation_apply(
        sources=sources,
        new_target={"kind": "phuong", "code": "TK25-01", "name": "Tam Kỳ"},
        effective_date=DAY,
        resolution_number="1659/NQ-UBTVQH15",
        resolution_date=datetime.date(2025, 6, 16),
        user_action=UserAction.MOVE,
        by=f.city_staff(),
    ).target


def _wards(period):
    return set(PeriodUnit.objects.filter(period=period, ward__isnull=False).values_list("ward_id", flat=True))


def test_expected_units_before_across_and_after_the_date(reform):
    a, b, other, periods = reform
    target = _apply([a, b])
    # Before: 2024-N. The six-month window ends 14/06/2025, before the date: the old units.
    assert _wards(periods[(2024, "annual")]) == {a.pk, b.pk, other.pk}
    assert _wards(periods[(2025, "six_month")]) == {a.pk, b.pk, other.pk}
    # Across: 2025-N runs 15/12/2024–14/12/2025 and expects the new phường, not its predecessors.
    assert _wards(periods[(2025, "annual")]) == {target.pk, other.pk}
    # After.
    assert _wards(periods[(2026, "six_month")]) == {target.pk, other.pk}


def test_a_source_unit_that_already_opened_its_report_stays_expected(reform):
    a, b, other, periods = reform
    annual = periods[(2025, "annual")]
    UnitReportFactory(period=annual, ward=a)
    target = _apply([a, b])
    assert _wards(annual) == {a.pk, target.pk, other.pk}


def test_figures_across_the_date_count_every_record_exactly_once(reform):
    a, b, other, periods = reform
    ActivityFactory(ward=a, date=datetime.date(2025, 1, 10), participants=10)
    ActivityFactory(ward=b, date=datetime.date(2025, 5, 1), participants=20)
    ActivityFactory(ward=b, date=datetime.date(2025, 6, 20), participants=40)  # after the 6T window
    ActivityFactory(ward=other, date=datetime.date(2025, 2, 1), participants=5)
    SelfManagementModelFactory(ward=a, start_date=datetime.date(2025, 2, 1))
    CovenantFactory(area=b.areas.get(), meeting_date=datetime.date(2025, 3, 3))
    target = _apply([a, b])
    ActivityFactory(ward=target, date=datetime.date(2025, 9, 1), participants=100)

    annual, six = periods[(2025, "annual")], periods[(2025, "six_month")]
    by_unit = {
        u.ward_id: compute_figures(u) for u in PeriodUnit.objects.filter(period=annual, ward__isnull=False)
    }
    assert by_unit[target.pk]["activities"]["count"] == 4
    assert by_unit[target.pk]["activities"]["participants"] == 170
    assert by_unit[target.pk]["models"]["active"] == 1
    assert by_unit[target.pk]["covenants"]["adopted"] == 1
    assert by_unit[target.pk]["kdc_count"] == 2
    assert sum(fig["activities"]["count"] for fig in by_unit.values()) == 5  # every activity, once
    assert by_unit[target.pk]["former_units"]["names"] == ["An Mỹ", "An Xuân"]
    note = {str(label): value for label, value, _kind, _url in figure_rows(by_unit[target.pk])}
    assert any("An Mỹ, An Xuân" in str(value) and "01/07/2025" in str(value) for value in note.values())

    # The six-month period is the old units' own: each keeps its records and its areas of the time.
    old = {u.ward_id: compute_figures(u) for u in PeriodUnit.objects.filter(period=six, ward__isnull=False)}
    assert set(old) == {a.pk, b.pk, other.pk}
    assert (old[a.pk]["activities"]["count"], old[b.pk]["activities"]["count"]) == (1, 1)
    assert (old[a.pk]["kdc_count"], old[b.pk]["kdc_count"]) == (1, 1)
    assert old[b.pk]["covenants"]["adopted"] == 1 and "former_units" not in old[a.pk]


def test_a_frozen_report_is_not_recomputed_after_the_merger(reform):
    a, b, _other, periods = reform
    report = UnitReportFactory(
        period=periods[(2025, "six_month")], ward=a, status=ReportStatus.ACCEPTED, figures={"kdc_count": 9}
    )
    _apply([a, b])
    report.refresh_from_db()
    assert report.figures == {"kdc_count": 9} and report.ward_id == a.pk


def test_the_document_header_uses_the_configuration_in_force_on_its_date(reform):
    a, _b, _other, periods = reform
    f.OrganisationFactory(valid_from=datetime.date(2024, 1, 1), header_name="THÀNH PHỐ TAM KỲ")
    f.OrganisationFactory(valid_from=DAY, header_name="THÀNH PHỐ ĐÀ NẴNG", place_name="Đà Nẵng")
    report = UnitReportFactory(period=periods[(2025, "six_month")], ward=a, figures={})
    report.submitted_at = timezone.make_aware(datetime.datetime(2025, 6, 1, 9))
    assert "TAM KỲ" in unit_report_document(report)["superior"]
    report.submitted_at = timezone.make_aware(datetime.datetime(2025, 12, 1, 9))
    assert "ĐÀ NẴNG" in unit_report_document(report)["superior"]
