"""In a real browser: every demo role logs in and lands on its home page; forms show errors in place."""

import io

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from tamky_kdc.demo.units import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def test_each_role_logs_in_and_a_ward_officer_sees_a_validation_error(journey, demo):
    with journey.step("open the login page"):
        journey.open("/accounts/login/")
        assert "Đăng nhập" in journey.text()
        journey.screenshot("login")
        journey.check_phone_width("login")

    with journey.step("a wrong password is refused in Vietnamese"):
        journey.login("canbo.tp", "wrong")
        assert "mật khẩu chính xác" in journey.text()
        journey.screenshot("login-error")

    homes = {
        "canbo.tp": "Ban Thường trực",
        "lanhdao": "Tổng quan chương trình",
        "phuong.anxuan": "Phường Tam Kỳ",  # moved from An Xuân by the 01/07/2025 reform
        "hoi.phunu": "Hội Liên hiệp Phụ nữ",
    }
    for username, expected in homes.items():
        with journey.step(f"{username} reaches the home page"):
            journey.login(username, DEMO_PASSWORD)
            assert expected in journey.text()
            journey.screenshot(f"home-{username}")
            journey.check_phone_width(f"home-{username}")

    with journey.step("the ward officer's area form keeps the input and shows the error"):
        journey.login("phuong.anxuan", DEMO_PASSWORD)
        journey.open("/areas/new/")
        journey.driver.find_element(By.NAME, "name").send_keys("Khu thử nghiệm")
        households = journey.driver.find_element(By.NAME, "households")
        households.clear()
        households.send_keys("500")
        population = journey.driver.find_element(By.NAME, "population")
        population.clear()
        population.send_keys("100")
        journey.submit()
        assert "Dân số không được nhỏ hơn số hộ." in journey.text()
        assert journey.driver.find_element(By.NAME, "name").get_attribute("value") == "Khu thử nghiệm"
        journey.screenshot("area-form-error")
        journey.check_phone_width("area-form-error")

    with journey.step("the list of residential areas"):
        journey.open("/areas/")
        assert "Khối phố 4" in journey.text()
        journey.screenshot("area-list")
        journey.check_phone_width("area-list")
