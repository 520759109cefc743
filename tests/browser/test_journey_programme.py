"""Journey 1 in a real browser: the city office registers the pilots and sees the coverage."""

import datetime

import pytest
from django.utils import timezone

from core.formatting import short_date
from tamky_kdc.demo.units import DEMO_PASSWORD
from wards.models import ResidentialArea, Ward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_city_office_registers_a_ward_pilot_is_refused_a_second_and_registers_the_city_pilot(
    journey, reference_data
):
    an_xuan = Ward.objects.get(code="20347")
    first = ResidentialArea.objects.get(ward=an_xuan, name="Khối phố 5")
    second = ResidentialArea.objects.get(ward=an_xuan, name="Khối phố 4")
    selected_on = timezone.localdate() - datetime.timedelta(days=10)

    with journey.step("city staff log in and reach their home page"):
        journey.open("/accounts/login/")
        journey.screenshot("login")
        journey.login("canbo.tp", DEMO_PASSWORD)
        assert "Ban Thường trực" in journey.text()
        journey.screenshot("home")
        journey.check_phone_width("home")

    with journey.step("open the programme page"):
        journey.open("/programme/")
        assert "48/KH-MTTQ-BTT" in journey.text()
        journey.screenshot("programme")
        journey.check_phone_width("programme")

    with journey.step("the coverage page shows no pilot yet and offers to register one"):
        journey.open("/pilots/")
        assert "Khối phố 5" not in journey.text()
        journey.click_and_wait(journey.button("Đăng ký khu dân cư điểm"))
        assert journey.driver.current_url.endswith("/pilots/new/")

    with journey.step("register the pilot of An Xuân"):
        journey.choose("level", value="ward")
        journey.choose("ward", value=an_xuan.pk)
        journey.choose("area", value=first.pk)
        journey.fill(decision_number="12/QĐ-MTTQ", responsible_officer="Nguyễn Văn Bình")
        journey.set_date("selected_on", selected_on)
        journey.submit()
        assert "Đã đăng ký khu dân cư điểm" in journey.text()
        assert "Khối phố 5" in journey.text()
        journey.screenshot("pilot-registered")
        journey.check_phone_width("pilot-detail")

    with journey.step("a second pilot for An Xuân is refused in Vietnamese, naming the existing one"):
        journey.open("/pilots/new/")
        journey.choose("level", value="ward")
        journey.choose("ward", value=an_xuan.pk)
        journey.choose("area", value=second.pk)
        journey.fill(decision_number="13/QĐ-MTTQ")
        journey.set_date("selected_on", selected_on)
        journey.submit()
        assert "Phường An Xuân đã có khu dân cư điểm: Khối phố 5." in journey.text()
        assert journey.value("decision_number") == "13/QĐ-MTTQ"
        assert journey.value("area") == str(second.pk)
        assert journey.value("selected_on") == short_date(selected_on)  # as typed, day first
        journey.screenshot("pilot-form-refused")
        journey.check_phone_width("pilot-form-refused")

    with journey.step("register the city-level pilot from the same form"):
        journey.choose("level", value="city")
        journey.submit()
        assert "Đã đăng ký khu dân cư điểm" in journey.text()
        assert "Khối phố 4" in journey.text()

    with journey.step("the coverage page shows both pilots"):
        journey.open("/pilots/")
        rows = {
            row.find_element("css selector", "th").text: row.text
            for row in journey.driver.find_elements("css selector", "main tbody tr")
        }
        assert "Khối phố 4" in rows["Cấp thành phố (cùng Ủy ban MTTQ tỉnh)"], rows
        assert "Khối phố 5" in rows["Phường An Xuân"], rows
        assert "1/" in journey.text() and "xã, phường đã chọn khu dân cư điểm" in journey.text()
        journey.screenshot("coverage")
        journey.check_phone_width("coverage")
