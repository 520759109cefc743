"""Forms speak Vietnamese whatever the browser: dd/mm/yyyy dates, "— Chọn … —" selects, the ward's areas."""

import datetime

import pytest
import time_machine

from tests import factories as f
from tests.wards.factories import ContentAreaFactory, activity_type
from wards.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def two_wards():
    a, b = f.WardFactory(name="An Xuân"), f.WardFactory(name="Tam Thăng")
    return {
        "a": a,
        "b": b,
        "area_a": f.ResidentialAreaFactory(ward=a, name="Khối phố 4"),
        "area_b": f.ResidentialAreaFactory(ward=b, name="Thạch Tân"),
        "content_area": ContentAreaFactory(),
    }


def _data(w, **changes):
    data = {
        "date": "02/12/2026",
        "title": "Ra quân vệ sinh môi trường",
        "content_area": w["content_area"].pk,
        "activity_type": activity_type("environment").pk,
        "ward": w["a"].pk,
        "area": w["area_a"].pk,
        "participants": "120",
        "beneficiary_households": "0",
        "funds_cash": "0",
        "funds_in_kind": "0",
        "houses": "0",
        "description": "",
    }
    return {**data, **changes}


def test_date_fields_are_text_fields_that_show_and_take_day_month_year(login, two_wards):
    client = login(f.city_staff())
    page = client.get("/activities/new/").text
    assert 'type="date"' not in page
    assert 'name="date" value="02/12/2026"' in page and 'placeholder="dd/mm/yyyy"' in page
    response = client.post("/activities/new/", _data(two_wards, date="01/12/2026"))
    assert response.status_code == 302
    assert Activity.objects.get().date == datetime.date(2026, 12, 1)


def test_selects_offer_a_vietnamese_empty_choice_instead_of_dashes(login, two_wards):
    client = login(f.city_staff())
    for path in ("/activities/new/", "/activities/", "/models/new/", "/areas/new/"):
        page = client.get(path).text
        assert "---------" not in page, path
    assert "— Chọn xã / phường —" in client.get("/activities/new/").text
    assert "— Tất cả —" in client.get("/activities/").text


def test_the_area_list_follows_the_chosen_ward(login, two_wards):
    client = login(f.city_staff())
    form = client.get("/activities/new/").text
    assert 'hx-get="/activities/areas/"' in form and 'hx-target="#id_area"' in form
    options = client.get("/activities/areas/", {"ward": two_wards["b"].pk}).text
    assert "Thạch Tân" in options and "Khối phố 4" not in options
    assert "— Chọn khu dân cư —" in options


def test_a_ward_officer_gets_no_other_wards_areas(login, two_wards):
    client = login(f.ward_officer(ward=two_wards["a"]))
    assert "Thạch Tân" not in client.get("/activities/areas/", {"ward": two_wards["b"].pk}).text
    assert "Khối phố 4" in client.get("/activities/areas/", {"ward": two_wards["a"].pk}).text


def test_the_chosen_area_is_kept_and_accepted_again_when_the_activity_is_edited(login, two_wards):
    client = login(f.city_staff())
    client.post("/activities/new/", _data(two_wards, ward=two_wards["b"].pk, area=two_wards["area_b"].pk))
    activity = Activity.objects.get()
    assert activity.area == two_wards["area_b"]
    edit = client.get(f"/activities/{activity.pk}/edit/")
    assert edit.context["form"]["area"].value() == two_wards["area_b"].pk
    assert list(edit.context["form"].fields["area"].queryset) == [two_wards["area_b"]]
    page = edit.text
    assert f'<option value="{two_wards["area_b"].pk}" selected>' in page
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        _data(two_wards, ward=two_wards["b"].pk, area=two_wards["area_b"].pk, title="Sửa tiêu đề"),
    )
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert (activity.title, activity.area) == ("Sửa tiêu đề", two_wards["area_b"])
