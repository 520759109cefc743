"""Repeated failed logins lock out one username from one address, never a whole office."""

import pytest
from django.test import override_settings

from core.client_ip import client_ip
from tests import factories as f

pytestmark = pytest.mark.django_db


def _attempt(client, username, password, ip="10.0.0.5"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_after_repeated_failures_the_user_is_told_in_vietnamese_when_to_try_again(client):
    user = f.city_staff(username="thu")
    for _ in range(3):
        _attempt(client, "thu", "wrong")
    response = _attempt(client, "thu", f.PASSWORD)
    assert response.status_code == 429
    assert "Vui lòng thử lại sau 15 phút" in response.text
    assert "_auth_user_id" not in client.session
    assert user.pk


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_colleague_behind_the_same_address_can_still_log_in(client):
    f.city_staff(username="thu")
    f.city_staff(username="lan")
    for _ in range(3):
        _attempt(client, "thu", "wrong")
    response = _attempt(client, "lan", f.PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_same_user_from_another_address_is_not_locked(client):
    f.city_staff(username="thu")
    for _ in range(3):
        _attempt(client, "thu", "wrong", ip="10.0.0.5")
    assert _attempt(client, "thu", f.PASSWORD, ip="10.0.0.9").status_code == 302


class _Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forwarded_header_is_ignored():
    assert client_ip(_Request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_wrote():
    # The client forged "1.2.3.4"; the proxy appended the real address it saw.
    assert client_ip(_Request("172.18.0.2", "1.2.3.4, 198.51.100.20")) == "198.51.100.20"
    assert client_ip(_Request("172.18.0.2", "198.51.100.20")) == "198.51.100.20"
