"""An anonymous visitor is sent to the login page from every page except login and "Quên mật khẩu"."""

import pytest

from tests.urlwalk import project_urls

pytestmark = pytest.mark.django_db

# "Quên mật khẩu" and the invitation's set-password link are for people who cannot log in.
PUBLIC = {
    "login",
    "health",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


@pytest.mark.parametrize(("name", "path"), [u for u in project_urls() if u[0] not in PUBLIC])
def test_anonymous_visitor_is_sent_to_login(client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, f"{name} {path} answered {response.status_code}"
        assert response.url.startswith("/accounts/login/?next="), name


def test_the_walk_covers_the_project_urls():
    names = {name for name, _ in project_urls()}
    assert {"home", "login", "wards:area_list", "wards:area_edit"} <= names


def test_login_page_is_public_and_vietnamese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.text
