"""Each demo login reaches its role's home page; error pages speak Vietnamese."""

import io

import pytest
from django.core.management import call_command

from tamky_kdc.demo.units import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db

EXPECTED = {
    "admin": "Ban Thường trực",
    "canbo.tp": "Ban Thường trực",
    "lanhdao": "Tổng quan chương trình",
    "phuong.anxuan": "Phường Tam Kỳ",  # moved from An Xuân by the 01/07/2025 reform
    "xa.tamthang": "Phường Bàn Thạch",  # moved from Tam Thăng
    "hoi.phunu": "Hội Liên hiệp Phụ nữ thành phố",
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("username", [u[0] for u in DEMO_USERS])
def test_demo_login_lands_on_its_home_page(client, demo, username):
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert EXPECTED[username] in response.text


def test_wrong_password_is_refused_in_vietnamese(client, demo):
    response = client.post("/accounts/login/", {"username": "canbo.tp", "password": "wrong"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text


def test_not_found_page_is_vietnamese(client, demo):
    client.post("/accounts/login/", {"username": "canbo.tp", "password": DEMO_PASSWORD})
    response = client.get("/areas/999999/edit/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


def test_refused_page_is_vietnamese(client, demo):
    client.post("/accounts/login/", {"username": "hoi.phunu", "password": DEMO_PASSWORD})
    response = client.get("/wards/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text
