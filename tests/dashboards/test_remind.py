"""City staff remind a unit that has not submitted: a notification for that unit's officers only."""

import pytest

from reports.models import Notification, PeriodUnit
from tests import factories as f

from .factories import scenario

pytestmark = pytest.mark.django_db


def test_reminding_a_ward_notifies_its_officers_and_nobody_else(login):
    data = scenario()
    officers = [f.ward_officer(ward=data.ward_b), f.ward_officer(ward=data.ward_b)]
    other = f.ward_officer(ward=data.ward_a)
    unit = PeriodUnit.objects.get(period=data.period, ward=data.ward_b)
    client = login(f.city_staff())
    assert f"/home/remind/{unit.pk}/" in client.get("/").text
    response = client.post(f"/home/remind/{unit.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Đã nhắc" in response.text
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {o.pk for o in officers} and other.pk not in notified
    assert "2025-6T" in Notification.objects.first().text


def test_units_and_leadership_cannot_remind(login):
    data = scenario()
    unit = PeriodUnit.objects.get(period=data.period, ward=data.ward_b)
    for user in (f.ward_officer(ward=data.ward_b), f.leadership()):
        assert login(user).post(f"/home/remind/{unit.pk}/").status_code == 403
    assert not Notification.objects.exists()


def test_reminding_without_htmx_comes_back_home_with_a_message(login):
    data = scenario()
    f.ward_officer(ward=data.ward_b)
    unit = PeriodUnit.objects.get(period=data.period, ward=data.ward_b)
    response = login(f.city_staff()).post(f"/home/remind/{unit.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert Notification.objects.count() == 1
