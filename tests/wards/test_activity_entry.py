"""Logging an activity: sensible defaults, friendly amounts, refusals in Vietnamese, nothing lost."""

import datetime

import pytest
import time_machine

from tests import factories as f
from tests.wards import filedata
from tests.wards.factories import ContentAreaFactory, activity_type
from wards.models import Activity, Evidence

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 20)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime.datetime(2025, 6, 20, 9, 0), tick=False):
        yield


@pytest.fixture
def setup():
    ward = f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward, population=1000, households=250)
    return {
        "ward": ward,
        "area": area,
        "content_area": ContentAreaFactory(),
        "officer": f.ward_officer(ward=ward),
    }


def _data(setup, **changes):
    data = {
        "date": "2025-06-15",
        "title": "Ra quân vệ sinh môi trường",
        "content_area": setup["content_area"].pk,
        "activity_type": activity_type("environment").pk,
        "ward": setup["ward"].pk,
        "area": setup["area"].pk,
        "participants": "120",
        "beneficiary_households": "0",
        "funds_cash": "1,5 triệu",
        "funds_in_kind": "500.000",
        "houses": "0",
        "description": "",
    }
    data.update(changes)
    return data


def test_the_new_activity_form_defaults_to_today_and_the_officers_ward(login, setup):
    response = login(setup["officer"]).get("/activities/new/")
    assert 'value="20/06/2025"' in response.text
    ward_field = response.context["form"]["ward"]
    assert ward_field.value() == setup["ward"].pk
    assert list(ward_field.field.queryset) == [setup["ward"]]


def test_a_ward_officer_logs_an_activity_with_friendly_amounts_and_a_photo(login, setup):
    client = login(setup["officer"])
    data = _data(setup, files=[filedata.jpeg()])
    response = client.post("/activities/new/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == f"/activities/{activity.pk}/"
    assert (activity.funds_cash, activity.funds_in_kind) == (1_500_000, 500_000)
    assert activity.ward == setup["ward"] and activity.organisation is None
    assert activity.created_by == setup["officer"]
    assert Evidence.objects.get().object_id == activity.pk
    detail = client.get(response.url)
    assert "1.500.000 đồng" in detail.text
    assert "Tạo mới" in detail.text  # the change history


def test_save_and_add_another_returns_to_a_new_form_keeping_date_and_place(login, setup):
    client = login(setup["officer"])
    response = client.post("/activities/new/", _data(setup, save_add="1"))
    assert response.url.startswith("/activities/new/?date=2025-06-15")
    form = client.get(response.url).context["form"]
    assert form["date"].value() == "2025-06-15"
    assert str(form["area"].value()) == str(setup["area"].pk)
    assert not form["title"].value()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2025-06-21"}, "date", "sau ngày hôm nay"),
        ({"date": "2023-12-31"}, "date", "thời gian thực hiện Chương trình"),
        ({"date": "31/02/2025"}, "date", ""),
        ({"participants": "5000"}, "participants", "dân số"),
        ({"participants": "-3"}, "participants", ""),
        ({"funds_cash": "101 tỷ"}, "funds_cash", "100 tỷ"),
        ({"funds_cash": "-1000"}, "funds_cash", "không được âm"),
        ({"houses": "2"}, "houses", "xây dựng, sửa chữa nhà"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_what_was_typed_is_kept(login, setup, changes, field, message):
    response = login(setup["officer"]).post("/activities/new/", _data(setup, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert "Ra quân vệ sinh môi trường" in response.text
    assert not Activity.objects.exists()


def test_a_failed_form_with_files_says_the_files_must_be_chosen_again(login, setup):
    data = _data(setup, date="2030-01-01", files=[filedata.pdf()])
    response = login(setup["officer"]).post("/activities/new/", data)
    assert response.status_code == 200
    assert "vui lòng chọn lại tệp" in response.text
    assert not Evidence.objects.exists()


def test_another_wards_id_in_the_hidden_fields_is_refused(login, setup):
    other = f.WardFactory()
    other_area = f.ResidentialAreaFactory(ward=other)
    response = login(setup["officer"]).post(
        "/activities/new/", _data(setup, ward=other.pk, area=other_area.pk)
    )
    assert response.status_code == 200
    assert {"ward", "area"} & set(response.context["form"].errors)
    assert not Activity.objects.exists()


def test_an_organisation_officer_logs_a_city_wide_activity_for_their_organisation(login, setup):
    organisation = f.MemberOrganisationFactory()
    client = login(f.org_officer(organisation=organisation))
    response = client.post("/activities/new/", _data(setup, ward="", area="", organiser=organisation.pk))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.organisation == organisation and activity.ward is None
    assert activity.place_label == "Toàn thành phố"


def test_houses_are_counted_for_the_house_building_type(login, setup):
    data = _data(setup, activity_type=activity_type("house").pk, houses="2", beneficiary_households="2")
    assert login(setup["officer"]).post("/activities/new/", data).status_code == 302
    assert Activity.objects.get().houses == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"participants": "99999999999999999999"},
        {"houses": "99999999999999999999", "activity_type": ""},
        {"funds_in_kind": "1e999"},
        {"date": "0001-01-01"},
        {"content_area": "999999"},
        {"model": "abc"},
    ],
)
def test_absurd_input_is_refused_without_a_server_error(login, setup, changes):
    response = login(setup["officer"]).post("/activities/new/", _data(setup, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_retired_type_is_not_offered_on_new_activities_but_an_old_activity_keeps_it(login, setup):
    retired = activity_type("environment")
    client = login(setup["officer"])
    client.post("/activities/new/", _data(setup))
    activity = Activity.objects.get()
    retired.is_active = False
    retired.save()
    new_choices = client.get("/activities/new/").context["form"]["activity_type"].field.queryset
    assert retired not in new_choices
    edit_url = f"/activities/{activity.pk}/edit/"
    assert retired in client.get(edit_url).context["form"]["activity_type"].field.queryset
    response = client.post(edit_url, _data(setup, title="Đổi tên"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.activity_type) == ("Đổi tên", retired)
    assert client.post("/activities/new/", _data(setup)).status_code == 200  # refused for a new one
    assert retired.name in client.get(f"/activities/{activity.pk}/").text
