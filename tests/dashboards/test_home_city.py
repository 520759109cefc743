"""The city staff home: the current period, completeness, missing units, pilots, charts, for known data."""

import datetime

import pytest

from tests import factories as f

from .factories import scenario

pytestmark = pytest.mark.django_db


def test_city_home_shows_the_period_the_deadline_and_the_rates(login):
    data = scenario()
    response = login(f.city_staff()).get("/")
    home = response.context["home"]
    assert home.period == data.period
    assert home.days_left == 13
    # Organisation O's report was returned and not resubmitted: being corrected, not received (DHIS2).
    assert (home.expected, home.submitted, home.on_time) == (3, 1, 1)
    assert [row.unit.ward for row in home.missing] == [data.ward_b]
    html = response.text
    assert "13" in html and "33,3%" in html
    assert f"/periods/{data.period.code}/?status=missing" in html


def test_city_home_highlights_the_wards_without_a_pilot(login):
    data = scenario()
    home = login(f.city_staff()).get("/").context["home"]
    assert data.ward_b in home.without_pilot and data.ward_a not in home.without_pilot
    assert home.wards_with_pilot == 1 and home.ward_count == home.without_pilot_count + 1


def test_a_province_home_names_twenty_units_and_counts_the_rest(login):
    from dashboards.selectors import SHOWN
    from reports.services import period_populate_units
    from tests.reports.factories import PeriodFactory

    period = PeriodFactory(due_date=datetime.date(2025, 6, 2))
    f.WardFactory.create_batch(SHOWN + 5)
    period_populate_units(period=period)
    response = login(f.city_staff()).get("/")
    home = response.context["home"]
    assert len(home.missing) == SHOWN and home.missing_count == period.units.count() > SHOWN
    assert len(home.without_pilot) == SHOWN and home.without_pilot_count >= SHOWN + 5
    assert f"Tổng cộng {home.missing_count} đơn vị chưa gửi báo cáo" in response.text
    assert f"(tổng cộng {home.without_pilot_count})" in response.text


def test_city_home_lists_the_last_activities_and_draws_the_charts(login):
    scenario()
    response = login(f.city_staff()).get("/")
    home = response.context["home"]
    assert home.recent_activities[0].title == "Omega 1"
    charts = home.charts
    # Funds this period: Beta 10,000,000 đ, Alpha 3,000,000 đ, biggest first, numbers beside the bars.
    funds = str(charts["funds"])
    assert funds.index("Phường Beta") < funds.index("Phường Alpha")
    assert "10.000.000 đồng" in funds and "3.000.000 đồng" in funds
    assert "Phường Alpha: 2" in str(charts["models"])
    # Activities per content area: 2024-N had 1, 2025-6T had 6 (all in content area 1).
    content = str(charts["content_areas"])
    assert "2024-N" in content and "2025-6T" in content and "Nội dung 1: 2024-N: 1; 2025-6T: 6" in content
    # Households in running models: 40 (Alpha 1) before, 40 + 40 + 100 now.
    assert "2024-N: 40; 2025-6T: 180" in str(charts["households"])
    assert response.text.count('role="img"') == 4


def test_city_home_without_any_period_still_renders(login):
    response = login(f.city_staff()).get("/")
    assert response.status_code == 200
    assert "Chưa có kỳ báo cáo nào bắt đầu" in response.text
