"""Ward and organisation homes: what to do now, for their own unit only."""

import pytest

from tests import factories as f

from .factories import scenario

pytestmark = pytest.mark.django_db


def test_ward_home_lists_idle_areas_covenants_due_and_this_periods_figures(login):
    data = scenario()
    response = login(f.ward_officer(ward=data.ward_a)).get("/")
    home = response.context["home"]
    assert home.days_left == 13
    assert home.report.status == "submitted"
    assert home.open_reports == []
    assert home.idle_areas == [data.area_a2]
    assert [c.title for c in home.covenants_due] == ["Quy ước Alpha Hai"]
    assert (home.activities_this_period, home.funds_this_period) == (3, 3_000_000)
    html = response.text
    assert "Khối Alpha Hai" in html and "Quy ước Alpha Hai" in html
    assert "/activities/new/" in html and "/models/new/" in html


def test_ward_home_never_shows_another_wards_numbers(login):
    data = scenario(extra_wards=1)
    html = login(f.ward_officer(ward=data.ward_a)).get("/").text
    for foreign in ("Beta", "Omega", "Phường Thêm", "10.000.000", "5.000.000"):
        assert foreign not in html


def test_ward_without_a_report_is_told_to_start_it(login):
    data = scenario()
    response = login(f.ward_officer(ward=data.ward_b)).get("/")
    home = response.context["home"]
    assert home.report is None and home.idle_areas == []
    assert "chưa được bắt đầu" in response.text
    assert "Alpha" not in response.text


def test_organisation_home_shows_the_returned_report_with_its_reason(login):
    data = scenario()
    response = login(f.org_officer(organisation=data.organisation)).get("/")
    home = response.context["home"]
    assert home.return_reason == "Thiếu số liệu"
    assert [r.pk for r in home.open_reports] == [data.report_o.pk]
    assert home.activities_this_period == 1
    html = response.text
    assert "Thiếu số liệu" in html and f"/reports/{data.report_o.pk}/edit/" in html
    for foreign in ("Alpha", "Beta"):
        assert foreign not in html
