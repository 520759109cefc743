"""The ward page: a ward's areas, pilot, models, covenants, reports and figures, for city and own officers."""

import datetime

import pytest

from dashboards.selectors import pick_current, previous_of
from reports.models import PeriodKind
from tests import factories as f
from tests.reports.factories import PeriodFactory

from .factories import scenario

pytestmark = pytest.mark.django_db


def test_ward_page_compares_this_period_with_the_previous_one(login):
    data = scenario()
    response = login(f.city_staff()).get(f"/wards/{data.ward_a.pk}/overview/")
    assert response.status_code == 200
    context = response.context
    rows = {str(row["label"]): (row["now"], row["before"]) for row in context["comparison"]}
    assert rows["Hoạt động"] == (3, 1)
    assert rows["Kinh phí vận động"] == (3_000_000, 0)
    assert rows["Mô hình đang hoạt động"] == (2, 1)
    assert context["pilot"].area == data.area_a1
    assert [r.period.code for r in context["reports"]] == ["2025-6T", "2024-N"]
    assert all(r.is_on_time for r in context["reports"])
    covenants = dict(context["areas"])
    assert covenants[data.area_a2].title == "Quy ước Alpha Hai"
    html = response.text
    assert "Mô hình Alpha 2" in html and "Beta" not in html


def test_ward_officer_opens_their_own_ward_page_but_not_another(login):
    data = scenario()
    client = login(f.ward_officer(ward=data.ward_a))
    assert client.get(f"/wards/{data.ward_a.pk}/overview/").status_code == 200
    assert client.get(f"/wards/{data.ward_b.pk}/overview/").status_code == 404


def test_organisation_officers_have_no_ward_page(login):
    data = scenario()
    client = login(f.org_officer(organisation=data.organisation))
    assert client.get(f"/wards/{data.ward_a.pk}/overview/").status_code == 403


def test_leadership_opens_any_ward_page(login):
    data = scenario()
    assert login(f.leadership()).get(f"/wards/{data.ward_b.pk}/overview/").status_code == 200


def test_an_annual_period_is_compared_with_the_previous_annual_one():
    periods = [PeriodFactory(kind=kind, year=year) for year in (2025, 2026) for kind in PeriodKind.values]
    periods.sort(key=lambda p: p.due_date)
    current = pick_current(periods, datetime.date(2026, 11, 28))
    assert current.code == "2026-N"
    assert previous_of(periods, current).code == "2025-N"
