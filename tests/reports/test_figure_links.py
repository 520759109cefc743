"""Every figure explains itself: each number of the ward page, of a unit report and of the compiled
report's preview links to the list of the records behind it, and that list adds up to the number, live
or frozen in an accepted report (reports/links.py)."""

import html
import re

import pytest

from reports.links import ROW_KEYS, WARD_ROW_KEYS, row_links
from reports.models import UnitReport
from tests import factories as f
from tests.reports.test_compiled import compile_now
from tests.reports.test_one_source_of_figures import _city_with_a_merger_and_an_accepted_report
from wards.logbook.selectors import LIST_TOTALS

pytestmark = pytest.mark.django_db

# The ward page's figure label -> the list and the total that must equal it.
LABEL_TOTALS = {
    "Hoạt động": "count",
    "Số người tham gia": "participants",
    "Số hộ thụ hưởng": "beneficiary_households",
    "Kinh phí vận động bằng tiền mặt": "funds_cash",
    "Kinh phí vận động quy ra hiện vật": "funds_in_kind",
    "Mô hình tự quản đang hoạt động": "count",
    "Mô hình tự quản mới": "count",
    "Số hộ tham gia mô hình": "households",
    "Số nhà xây mới, sửa chữa": "houses",
    "Tổ chức Ngày hội Đại đoàn kết": "areas",
    "Số khu dân cư (KDC)": "rows",
    "Hương ước, quy ước được thông qua": "count",
    "Hương ước, quy ước được rà soát": "count",
}
# Numbers linked only while live: the areas and covenants are not kept with a report's version.
LIVE_ONLY = {"Số khu dân cư (KDC)", "Hương ước, quy ước được thông qua", "Hương ước, quy ước được rà soát"}
# A compiled row's number -> the total of its list that must equal it.
ROW_TOTALS = {
    "models_active": "count",
    "models_new": "count",
    "areas": "rows",
    "unity_day": "areas",
    "covenants_reviewed": "count",
}
FIGURE_LINK = re.compile(
    r'<th scope="row" class="fw-normal">([^<]+)</th>\s*<td class="text-end">\s*'
    r'<a class="figure-link" href="([^"]+)">([^<]+)</a>'
)


def _totals(client, url: str) -> dict[str, int]:
    """What the list behind a link adds up to: its printed totals, and its number of rows."""
    response = client.get(html.unescape(url))
    assert response.status_code == 200, url
    totals = {"rows": response.context["page"].paginator.count}
    kind = next((k for k in ("model", "covenant") if f"/{k}s/" in url or f"/records/{k}/" in url), "activity")
    if url.startswith("/areas/"):
        return totals
    keys = [key for key, *_rest in LIST_TOTALS[kind]]
    values = [value for _label, value, _kind in response.context["totals"]]
    return {**totals, **dict(zip(keys, values, strict=True))}


def _amount(text: str) -> int:
    """1.234 đồng -> 1234; "tại 2/3 khu dân cư" (Unity Day) -> 2."""
    return int(text.replace("tại ", "").split("/")[0].replace(" đồng", "").replace(".", ""))


@pytest.mark.parametrize("which", ["merged successor, live", "accepted ward, frozen"])
def test_each_number_on_the_ward_page_links_to_records_that_add_up_to_it(login, which):
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    ward = successor if which.startswith("merged") else accepted
    client = login(f.city_staff())
    page = client.get(f"/wards/{ward.pk}/overview/").content.decode()
    links = FIGURE_LINK.findall(page)
    labels = {label.strip() for label, _url, _shown in links}
    assert set(LABEL_TOTALS) - (LIVE_ONLY if which.startswith("accepted") else set()) <= labels
    assert any(label.startswith("Hoạt động thuộc nội dung") for label in labels)
    for label, url, shown in links:
        key = "count" if label.startswith("Hoạt động thuộc nội dung") else LABEL_TOTALS[label.strip()]
        assert _totals(client, url)[key] == _amount(shown), (label, url)
    if which.startswith("accepted"):
        # The record added after acceptance is not behind the accepted figures.
        assert all("/records/" in url for _label, url, _shown in links)
        assert {label: shown for label, _url, shown in links}["Số người tham gia"] == "40"


def test_each_number_of_the_compiled_reports_rows_links_to_records_that_add_up_to_it(login):
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    report = compile_now(period)
    client = login(f.city_staff())
    page = client.get(f"/compiled/{report.pk}/").content.decode()
    rows = report.data["wards"] + report.data["organisations"]
    checked = 0
    for row in rows:
        links = row_links(period, row)
        assert set(links) == set(ROW_KEYS) | (set(WARD_ROW_KEYS) if row.get("ward_id") else set())
        for key, url in links.items():
            if not url:
                assert row["frozen"] and key in ("areas", "covenants_reviewed"), (row["name"], key)
                continue
            assert html.escape(url) in page, (row["name"], key)
            total = ROW_TOTALS.get(key, ROW_KEYS.get(key))
            assert _totals(client, url)[total] == row[key], (row["name"], key)
            checked += 1
    assert checked >= 40  # four wards (ten numbers each, eight for the frozen one), one organisation (seven)
    frozen = next(row for row in rows if row.get("ward_id") == accepted.pk)
    assert "/records/activity/" in row_links(period, frozen)["activities"]


def test_the_records_of_another_units_report_are_not_shown(login):
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    report = UnitReport.objects.get(period=period, ward=accepted)
    assert (
        login(f.ward_officer(ward=accepted)).get(f"/reports/{report.pk}/records/activity/").status_code == 200
    )
    assert (
        login(f.ward_officer(ward=successor)).get(f"/reports/{report.pk}/records/activity/").status_code
        == 404
    )
    assert login(f.city_staff()).get(f"/reports/{report.pk}/records/other/").status_code == 404
