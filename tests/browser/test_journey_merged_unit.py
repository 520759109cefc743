"""Journey: the officer of a phường formed by the 2025 merger reads "Báo cáo của đơn vị" — one row per
period for the unit now, the predecessors' reports readable under it — and every button there opens."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By

from tests.reports.test_merged_unit_reports import merged as merged  # the merger's fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Phuong-moi-Tam-Ky-2025"


def test_the_officer_of_a_merged_unit_reads_each_period_once_and_the_reports_from_before_the_merger(
    journey, merged
):
    target, officer, periods, returned = merged
    officer.set_password(PASSWORD)
    officer.save()

    with journey.step("the officer opens the unit's reports"):
        journey.login(officer.username, PASSWORD)
        journey.open(reverse("reports:my_reports"))
        rows = journey.driver.find_elements(By.CSS_SELECTOR, "main tbody tr:not(.predecessor-report)")
        expected = [str(period) for period in reversed(periods)]
        assert len(rows) == len(expected) and all(
            row.text.startswith(name) for row, name in zip(rows, expected, strict=True)
        ), [row.text for row in rows]
        assert "báo cáo của Phường An Xuân trước sáp nhập" in journey.text()
        journey.screenshot("merged-unit-reports")
        journey.check_phone_width("merged-unit-reports")

    with journey.step("a report from before the merger opens to be read, not continued"):
        links = journey.driver.find_elements(By.CSS_SELECTOR, "tr.predecessor-report a")
        reads = [link.get_attribute("href") for link in links]
        assert len(reads) == 4, reads
        wanted = next(href for href in reads if href.endswith(f"/{returned.pk}/"))
        journey.click_and_wait(next(link for link in links if link.get_attribute("href") == wanted))
        page = journey.text()
        assert "An Mỹ" in page and "Không tìm thấy" not in page
        assert not journey.driver.find_elements(
            By.CSS_SELECTOR, f'main a[href="{reverse("reports:report_edit", args=[returned.pk])}"]'
        )

    with journey.step("every other button and link of the list opens a page"):
        for href in reads:
            journey.driver.get(href)
            assert "Không tìm thấy" not in journey.text(), href
            assert journey.driver.find_element(By.TAG_NAME, "h1").text, href

    with journey.step("the one period the new unit is expected in can be started"):
        journey.open(reverse("reports:my_reports"))
        journey.click_and_wait(journey.button("Bắt đầu báo cáo"))
        assert target.name in journey.text()
