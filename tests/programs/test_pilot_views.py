"""Pilot pages: registration with its clash message, status moves, replacement, and who may do what."""

import pytest
from django.urls import reverse

from programs.models import Pilot, PilotStatus
from tests.factories import ResidentialAreaFactory, city_staff, leadership, org_officer, ward_officer
from tests.programs.factories import CityPilotFactory, PilotFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _form_data(area, **extra):
    data = {
        "level": "ward",
        "ward": area.ward_id,
        "area": area.pk,
        "decision_number": "15/QĐ-MTTQ",
        "decision_date": "2025-03-10",
        "selected_on": "2025-03-12",
        "responsible_officer": "Trần Văn Bình",
        "goals": "Mục tiêu rất dài mà người dùng đã gõ",
    }
    data.update(extra)
    return data


def test_city_staff_registers_a_ward_pilot(login):
    ProgrammeFactory()
    area = ResidentialAreaFactory()
    response = login(city_staff()).post(reverse("programs:pilot_create"), _form_data(area))
    pilot = Pilot.objects.get()
    assert response.status_code == 302 and response.url == reverse("programs:pilot_detail", args=[pilot.pk])
    assert (pilot.ward, pilot.area, pilot.status) == (area.ward, area, PilotStatus.SELECTED)
    assert pilot.transitions.get().to_status == "selected"


def test_second_pilot_for_a_ward_is_refused_naming_the_existing_one_and_keeping_the_input(login):
    existing = PilotFactory(area__name="Khối phố 4")
    other = ResidentialAreaFactory(ward=existing.ward, name="Khối phố 5")
    response = login(city_staff()).post(reverse("programs:pilot_create"), _form_data(other))
    assert response.status_code == 200
    assert "đã có khu dân cư điểm: Khối phố 4" in response.text
    assert "Mục tiêu rất dài mà người dùng đã gõ" in response.text
    assert "15/QĐ-MTTQ" in response.text
    assert Pilot.objects.count() == 1


def test_second_city_pilot_is_refused_naming_the_existing_one(login):
    existing = CityPilotFactory(area__name="Khối phố 4")
    other = ResidentialAreaFactory()
    response = login(city_staff()).post(
        reverse("programs:pilot_create"), _form_data(other, level="city", ward="")
    )
    assert "Thành phố đã có khu dân cư điểm: Khối phố 4" in response.text
    assert Pilot.objects.get() == existing


def test_ward_pilot_area_must_belong_to_the_ward(login):
    ProgrammeFactory()
    area = ResidentialAreaFactory()
    other_ward_area = ResidentialAreaFactory()
    response = login(city_staff()).post(
        reverse("programs:pilot_create"), _form_data(other_ward_area, ward=area.ward_id)
    )
    assert "Khu dân cư phải thuộc xã, phường đã chọn." in response.text
    assert not Pilot.objects.exists()


def test_forbidden_move_through_the_page_lists_the_allowed_ones(login):
    pilot = PilotFactory()
    client = login(city_staff())
    response = client.post(
        reverse("programs:pilot_move", args=[pilot.pk]), {"to_status": "replicating"}, follow=True
    )
    assert "không thể chuyển sang “Đang nhân rộng”" in response.text
    assert "Được phép chuyển sang: Đang triển khai, Đã kết thúc." in response.text
    pilot.refresh_from_db()
    assert pilot.status == "selected"


def test_allowed_move_through_the_page(login):
    pilot = PilotFactory()
    login(city_staff()).post(reverse("programs:pilot_move", args=[pilot.pk]), {"to_status": "implementing"})
    pilot.refresh_from_db()
    assert pilot.status == "implementing"


def test_replacement_page_keeps_history_on_both_pilots(login):
    old = PilotFactory(area__name="Khối phố 1")
    new_area = ResidentialAreaFactory(ward=old.ward, name="Khối phố 2")
    client = login(city_staff())
    response = client.post(
        reverse("programs:pilot_replace", args=[old.pk]),
        {"reason": "Sáp nhập khu dân cư", "area": new_area.pk, "selected_on": "2025-07-01"},
    )
    new = Pilot.objects.get(is_current=True)
    assert response.url == reverse("programs:pilot_detail", args=[new.pk])
    page = client.get(response.url).text
    assert "Khối phố 1" in page and "Sáp nhập khu dân cư" in page
    old_page = client.get(reverse("programs:pilot_detail", args=[old.pk])).text
    assert "Sáp nhập khu dân cư" in old_page


@pytest.mark.parametrize(
    ("user_factory", "create", "detail", "move"),
    [
        (city_staff, 200, 200, 302),
        (leadership, 403, 200, 403),
        (org_officer, 403, 403, 403),
    ],
)
def test_permissions_per_role(login, user_factory, create, detail, move):
    pilot = PilotFactory()
    client = login(user_factory())
    assert client.get(reverse("programs:pilot_create")).status_code == create
    assert client.get(reverse("programs:pilot_detail", args=[pilot.pk])).status_code == detail
    assert (
        client.post(
            reverse("programs:pilot_move", args=[pilot.pk]), {"to_status": "implementing"}
        ).status_code
        == move
    )


def test_ward_officer_reads_own_pilot_but_not_another_wards_or_the_city_pilot(login):
    own = PilotFactory()
    other = PilotFactory(programme=own.programme)
    city = CityPilotFactory(programme=own.programme, area=ResidentialAreaFactory(ward=own.ward))
    client = login(ward_officer(ward=own.ward))
    assert client.get(reverse("programs:pilot_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("programs:pilot_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("programs:pilot_detail", args=[city.pk])).status_code == 404


def test_ward_officer_cannot_register_or_move_pilots(login):
    pilot = PilotFactory()
    client = login(ward_officer(ward=pilot.ward))
    assert (
        client.post(
            reverse("programs:pilot_create"), _form_data(ResidentialAreaFactory(ward=pilot.ward))
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("programs:pilot_move", args=[pilot.pk]), {"to_status": "implementing"}
        ).status_code
        == 403
    )
    assert Pilot.objects.count() == 1


def test_leadership_sees_no_management_buttons(login):
    pilot = PilotFactory()
    page = login(leadership()).get(reverse("programs:pilot_detail", args=[pilot.pk])).text
    assert reverse("programs:pilot_replace", args=[pilot.pk]) not in page
    assert reverse("programs:pilot_move", args=[pilot.pk]) not in page


def test_a_pilot_registered_meanwhile_by_someone_else_is_named_not_a_server_error(login, monkeypatch):
    from programs import services

    ProgrammeFactory()
    area = ResidentialAreaFactory()
    real_register = services.pilot_register

    def register_after_a_colleague(*, pilot, by):
        PilotFactory(
            programme=pilot.programme, area=ResidentialAreaFactory(ward=area.ward, name="Khối phố 9")
        )
        return real_register(pilot=pilot, by=by)

    monkeypatch.setattr(services, "pilot_register", register_after_a_colleague)
    response = login(city_staff()).post(reverse("programs:pilot_create"), _form_data(area))
    assert response.status_code == 200
    assert "đã có khu dân cư điểm: Khối phố 9" in response.text
    assert "Mục tiêu rất dài mà người dùng đã gõ" in response.text


def test_pilot_page_lists_the_areas_models_with_how_far_each_was_replicated(login):
    from tests.wards.factories import SelfManagementModelFactory

    pilot = PilotFactory()
    origin = SelfManagementModelFactory(ward=pilot.area.ward, name="Tuyến đường tự quản")
    origin.areas.add(pilot.area)
    elsewhere = ResidentialAreaFactory()
    replica = SelfManagementModelFactory(ward=elsewhere.ward, replicated_from=origin)
    replica.areas.add(elsewhere)
    response = login(city_staff()).get(reverse("programs:pilot_detail", args=[pilot.pk]))
    assert response.status_code == 200
    [tree] = response.context["models"]
    assert (tree["root"]["model"], tree["replicas"], tree["areas_reached"], tree["wards_reached"]) == (
        origin,
        1,
        1,
        1,
    )
    assert reverse("wards:model_replicas", args=[origin.pk]) in response.text
