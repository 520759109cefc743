"""Figures of a unit's report: what exists now (the KDC count) and freezing at submission."""

import pytest

from reports import services
from reports.figures import compute_figures, figure_rows
from tests import factories as f
from tests.reports.factories import PeriodFactory, PeriodUnitFactory, UnitReportFactory

pytestmark = pytest.mark.django_db


def test_kdc_count_counts_the_wards_active_areas_only():
    unit = PeriodUnitFactory()
    f.ResidentialAreaFactory.create_batch(3, ward=unit.ward)
    f.ResidentialAreaFactory(ward=unit.ward, is_active=False)
    f.ResidentialAreaFactory()  # another ward
    figures = compute_figures(unit)
    assert figures["kdc_count"] == 3
    assert figures["window"] == ["2024-12-15", "2025-06-14"]


def test_an_organisation_has_no_kdc_count():
    unit = PeriodUnitFactory(ward=None, organisation=f.MemberOrganisationFactory())
    assert "kdc_count" not in compute_figures(unit)


def test_figures_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    unit = PeriodUnitFactory()
    f.ResidentialAreaFactory.create_batch(5, ward=unit.ward)
    # The unit's predecessors, the former units' names, the KDC count, pilots, models, the activity types
    # and content areas (small tables), activities, Unity Day, covenants, the ids of the activities and
    # models behind them: a fixed number whatever the data.
    with django_assert_max_num_queries(12):
        compute_figures(unit)


def test_figure_rows_label_the_kdc_count():
    rows = figure_rows({"kdc_count": 4})
    assert rows[0][1] == 4 and rows[0][2] == "number"


def test_figures_are_frozen_at_submission():
    report = UnitReportFactory()
    area = f.ResidentialAreaFactory(ward=report.ward)
    f.ResidentialAreaFactory(ward=report.ward)
    officer = f.ward_officer(ward=report.ward)
    report = services.report_submit(report=report, by=officer)
    assert report.figures["kdc_count"] == 2
    area.is_active = False
    area.save()
    f.ResidentialAreaFactory.create_batch(3, ward=report.ward)
    report.refresh_from_db()
    assert report.figures["kdc_count"] == 2
    assert report.versions.get().figures["kdc_count"] == 2
    assert compute_figures(report)["kdc_count"] == 4


def test_draft_page_shows_live_figures_and_submitted_page_the_frozen_ones(login):
    report = UnitReportFactory(period=PeriodFactory())
    f.ResidentialAreaFactory.create_batch(2, ward=report.ward)
    officer = f.ward_officer(ward=report.ward)
    client = login(officer)
    response = client.get(f"/reports/{report.pk}/")
    assert response.context["live_figures"] is True
    services.report_submit(report=report, by=officer)
    f.ResidentialAreaFactory(ward=report.ward)
    response = client.get(f"/reports/{report.pk}/")
    assert response.context["live_figures"] is False
    kdc_row = next(row for row in response.context["figure_rows"] if row[2] == "number")
    assert kdc_row[1] == 2
