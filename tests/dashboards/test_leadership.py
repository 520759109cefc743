"""The leadership home: compiled reports (empty until present), headline trend, sortable ward table."""

import pytest

from tests import factories as f

from .factories import scenario

pytestmark = pytest.mark.django_db


def test_leadership_sees_headline_figures_with_their_trend(login):
    scenario()
    response = login(f.leadership()).get("/")
    rows = {
        str(row["label"]): (row["now"], row["before"], row["delta"]) for row in response.context["headlines"]
    }
    assert rows["Hoạt động"] == (6, 1, 5)
    assert rows["Kinh phí vận động"] == (13_000_000, 0, 13_000_000)
    assert "Chưa có báo cáo tổng hợp nào" in response.text
    assert "2024-N: 1; 2025-6T: 6" in str(response.context["trend_chart"])


def test_ward_table_gives_on_time_rate_models_per_area_and_pilot(login):
    data = scenario()
    rows = {row["ward"]: row for row in login(f.leadership()).get("/").context["page"].object_list}
    # Only 2024-N is due by 20 May 2025: Alpha on time, Beta late.
    assert rows[data.ward_a]["on_time_rate"] == 100
    assert rows[data.ward_b]["on_time_rate"] == 0
    assert rows[data.ward_a]["models_per_area"] == 1
    assert rows[data.ward_b]["pilot"] is None and rows[data.ward_a]["pilot"] is not None


def test_ward_table_sorts_on_the_server_and_answers_htmx_with_the_table_only(login):
    data = scenario()
    client = login(f.leadership())
    first = client.get("/", {"sort": "-on_time"}).context["page"].object_list[0]["ward"]
    assert first == data.ward_a
    assert client.get("/", {"sort": "on_time"}).context["page"].object_list[0]["ward"] == data.ward_b
    partial = client.get("/", {"sort": "pilot"}, headers={"HX-Request": "true", "HX-Target": "ward-table"})
    assert partial.text.lstrip().startswith('<div id="ward-table"')
    assert "<html" not in partial.text
    assert client.get("/", {"sort": "nonsense"}).context["sort"] == "name"


def test_the_leadership_home_offers_the_latest_compiled_reports_for_download(client):
    from reports import compile as compiler
    from tests.reports.factories import PeriodFactory

    period = PeriodFactory(year=2025)
    queued, _ = compiler.compiled_report_request(period=period, token="home", queue=False)
    done = compiler.compile_period(queued.pk)
    client.force_login(f.leadership())
    assert f"/compiled/{done.pk}/download/pdf/" not in client.get("/").text  # a draft until published
    type(done).objects.filter(pk=done.pk).update(is_published=True)  # as city staff's "publish" leaves it
    page = client.get("/").text
    assert f"/compiled/{done.pk}/download/pdf/" in page
    assert f"/compiled/{done.pk}/download/xlsx/" in page
    assert client.get(f"/compiled/{done.pk}/download/pdf/").status_code == 200


@pytest.mark.parametrize("sort", ["name", "-on_time", "pilot", "-activities", "funds", "models_per_area"])
def test_each_page_of_the_ward_table_shows_the_rows_and_figures_of_the_whole_sorted_table(sort):
    """Sorted by name, on-time rate or pilot, only the page's wards are computed; by a figure, all are:
    either way a page is that slice of the whole table."""
    from django.utils import timezone

    from dashboards import selectors

    scenario(extra_wards=3)
    user = f.leadership()
    today = timezone.localdate()
    periods = selectors.recent_periods(today)
    period = selectors.pick_current(periods, today)
    whole = selectors.ward_table(user, periods, sort=sort, period=period)
    assert len(whole) == 5 and any(row["activities"] for row in whole)
    shown = []
    for number in (1, 2, 3):
        page = selectors.ward_table(user, periods, sort=sort, period=period, page=number, per_page=2)
        shown.extend(page.object_list)
    assert shown == whole
