"""Who may see and change residential areas."""

import pytest

from tests import factories as f
from wards.models import ResidentialArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_wards():
    ward_a, ward_b = f.WardFactory(name="Alpha"), f.WardFactory(name="Beta")
    return (
        ward_a,
        f.ResidentialAreaFactory(ward=ward_a, name="Khu A1"),
        ward_b,
        f.ResidentialAreaFactory(ward=ward_b, name="Khu B1"),
    )


def test_ward_officer_lists_only_own_wards_areas(client, two_wards):
    ward_a, area_a, _ward_b, area_b = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    response = client.get("/areas/")
    assert response.status_code == 200
    assert "Khu A1" in response.text
    assert "Khu B1" not in response.text


def test_ward_officer_cannot_open_other_wards_area_for_editing(client, two_wards):
    ward_a, _area_a, _ward_b, area_b = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    assert client.get(f"/areas/{area_b.pk}/edit/").status_code == 404


def test_ward_officer_cannot_change_other_wards_area_by_post(client, two_wards):
    ward_a, _area_a, ward_b, area_b = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    response = client.post(
        f"/areas/{area_b.pk}/edit/",
        {
            "ward": ward_b.pk,
            "kind": "khoi_pho",
            "name": "Hijacked",
            "households": 1,
            "population": 1,
            "household_groups": 0,
        },
    )
    assert response.status_code == 404
    area_b.refresh_from_db()
    assert area_b.name == "Khu B1"
    assert client.post(f"/areas/{area_b.pk}/toggle/").status_code == 404
    area_b.refresh_from_db()
    assert area_b.is_active


def test_ward_officer_cannot_create_an_area_in_another_ward_through_the_hidden_ward_id(client, two_wards):
    ward_a, _area_a, ward_b, _area_b = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    response = client.post(
        "/areas/new/",
        {
            "ward": ward_b.pk,
            "kind": "khoi_pho",
            "name": "Khu lạ",
            "households": 10,
            "population": 40,
            "household_groups": 1,
        },
    )
    assert response.status_code == 200
    assert "ward" in response.context["form"].errors
    assert not ResidentialArea.objects.filter(name="Khu lạ").exists()


def test_ward_officer_creates_an_area_in_own_ward(client, two_wards):
    ward_a, *_ = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    response = client.post(
        "/areas/new/",
        {
            "ward": ward_a.pk,
            "kind": "khoi_pho",
            "name": "Khu mới",
            "households": 10,
            "population": 40,
            "household_groups": 1,
        },
    )
    assert response.status_code == 302
    assert ResidentialArea.objects.get(name="Khu mới").ward == ward_a


def test_member_organisation_officer_cannot_edit_areas(client, two_wards):
    _ward_a, area_a, *_ = two_wards
    client.force_login(f.org_officer())
    assert client.get(f"/areas/{area_a.pk}/edit/").status_code == 403
    assert client.get("/areas/new/").status_code == 403
    assert client.post(f"/areas/{area_a.pk}/toggle/").status_code == 403


def test_leadership_reads_areas_but_cannot_edit(client, two_wards):
    _ward_a, area_a, *_ = two_wards
    client.force_login(f.leadership())
    assert client.get("/areas/").status_code == 200
    assert client.get(f"/areas/{area_a.pk}/edit/").status_code == 403


def test_city_staff_edits_any_area(client, two_wards):
    _ward_a, _area_a, ward_b, area_b = two_wards
    client.force_login(f.city_staff())
    response = client.post(
        f"/areas/{area_b.pk}/edit/",
        {
            "ward": ward_b.pk,
            "kind": "khoi_pho",
            "name": "Khu B1 mới",
            "households": 5,
            "population": 20,
            "household_groups": 1,
        },
    )
    assert response.status_code == 302
    area_b.refresh_from_db()
    assert area_b.name == "Khu B1 mới"


def test_invalid_area_keeps_what_was_typed_and_explains_in_vietnamese(client, two_wards):
    ward_a, *_ = two_wards
    client.force_login(f.ward_officer(ward=ward_a))
    response = client.post(
        "/areas/new/",
        {
            "ward": ward_a.pk,
            "kind": "khoi_pho",
            "name": "Khu đông dân",
            "households": 500,
            "population": 100,
            "household_groups": 1,
            "front_head_phone": "abc",
        },
    )
    assert response.status_code == 200
    assert 'value="Khu đông dân"' in response.text
    assert "Dân số không được nhỏ hơn số hộ." in response.text
    assert "Nhập số điện thoại" in response.text


def test_duplicate_area_name_in_a_ward_is_refused_with_a_message(client, two_wards):
    ward_a, *_ = two_wards
    client.force_login(f.city_staff())
    response = client.post(
        "/areas/new/",
        {
            "ward": ward_a.pk,
            "kind": "khoi_pho",
            "name": "khu a1",
            "households": 5,
            "population": 20,
            "household_groups": 1,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
