"""A browser in English still reads and takes dates as dd/mm/yyyy: 02/12/2026 is the 2nd of December."""

import datetime

import pytest
import time_machine
from selenium.webdriver.common.by import By

from tamky_kdc.demo.units import DEMO_PASSWORD
from tests.browser.conftest import Journey, start_chromium
from wards.models import Activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_browser():
    driver = start_chromium("en-US")
    yield driver
    driver.quit()


def test_a_date_typed_in_an_english_browser_is_saved_as_day_month_year(
    english_browser, live_server, reference_data
):
    journey = Journey(english_browser, live_server.url, "date-in-english-browser")
    with time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0), tick=True):
        with journey.step("the browser really speaks English"):
            assert english_browser.execute_script("return navigator.language;") == "en-US"
        with journey.step("the ward officer types 02/12/2026 in the activity form"):
            journey.login("phuong.anxuan", DEMO_PASSWORD)
            journey.open("/activities/new/")
            date = journey.field("date")
            assert date.get_attribute("type") == "text"
            assert date.get_attribute("value") == "10/12/2026"  # today, shown day first
            date.clear()
            date.send_keys("02/12/2026")
            assert date.get_attribute("value") == "02/12/2026"
            journey.fill(title="Ra quân vệ sinh môi trường (trình duyệt tiếng Anh)", participants=40)
            journey.choose("content_area", index=1)
            journey.choose("activity_type", index=1)
            journey.screenshot("activity-form-en-us")
            journey.submit()
        with journey.step("the activity is saved on 2 December 2026 and shown as 02/12/2026"):
            activity = Activity.objects.get(title__endswith="(trình duyệt tiếng Anh)")
            assert activity.date == datetime.date(2026, 12, 2)
            assert "02/12/2026" in journey.driver.find_element(By.TAG_NAME, "main").text
