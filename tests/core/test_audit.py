"""Every change, login, failed login and refused access is recorded with who, when and from where."""

import logging

import pytest
from django.utils import translation

from core.models import AuditEvent
from tests import factories as f
from wards.models import ResidentialArea

pytestmark = pytest.mark.django_db


def _area_post(ward, **changes):
    data = {
        "ward": ward.pk,
        "kind": "khoi_pho",
        "name": "Khu kiểm toán",
        "households": 10,
        "population": 40,
        "household_groups": 1,
    }
    data.update(changes)
    return data


def test_creating_and_changing_a_record_is_recorded_with_user_address_and_fields(client):
    ward = f.WardFactory()
    officer = f.ward_officer(ward=ward, username="an")
    client.force_login(officer)
    client.post("/areas/new/", _area_post(ward), REMOTE_ADDR="10.1.2.3")
    area = ResidentialArea.objects.get(name="Khu kiểm toán")
    client.post(f"/areas/{area.pk}/edit/", _area_post(ward, households=12), REMOTE_ADDR="10.1.2.3")

    created = AuditEvent.objects.get(action="create", object_type="wards.residentialarea")
    assert (created.username, created.ip_address, created.object_id) == ("an", "10.1.2.3", str(area.pk))
    updated = AuditEvent.objects.get(action="update", object_type="wards.residentialarea")
    assert updated.changes == {"households": [10, 12]}
    assert updated.path == f"/areas/{area.pk}/edit/"


def test_logins_failed_logins_and_logouts_are_recorded_without_the_password(client, caplog):
    f.city_staff(username="thu")
    caplog.set_level(logging.DEBUG)
    client.post(
        "/accounts/login/", {"username": "thu", "password": "S3cret-wrong-pw"}, REMOTE_ADDR="10.9.9.9"
    )
    client.post("/accounts/login/", {"username": "thu", "password": f.PASSWORD}, REMOTE_ADDR="10.9.9.9")
    client.post("/accounts/logout/")

    actions = list(
        AuditEvent.objects.filter(action__in=["login", "login_failed", "logout"])
        .order_by("pk")
        .values_list("action", "username")
    )
    assert actions == [("login_failed", "thu"), ("login", "thu"), ("logout", "thu")]
    assert AuditEvent.objects.get(action="login_failed").ip_address == "10.9.9.9"
    everything = str(list(AuditEvent.objects.values())) + caplog.text
    assert "S3cret-wrong-pw" not in everything
    assert f.PASSWORD not in everything


def test_a_password_change_is_recorded_with_the_password_masked(client):
    user = f.city_staff(username="thu")
    client.force_login(user)
    client.post(
        "/accounts/password/",
        {
            "old_password": f.PASSWORD,
            "new_password1": "Mật-khẩu-mới-2025!",
            "new_password2": "Mật-khẩu-mới-2025!",
        },
    )
    event = AuditEvent.objects.get(action="update", object_type="wards.user", path="/accounts/password/")
    assert event.changes["password"] == ["***", "***"]
    assert "Mật-khẩu-mới-2025!" not in str(event.changes)


def test_refused_access_to_another_wards_record_is_recorded(client):
    other_area = f.ResidentialAreaFactory()
    client.force_login(f.ward_officer(username="an"))
    assert client.get(f"/areas/{other_area.pk}/edit/").status_code == 404
    assert client.get("/wards/").status_code == 403
    refusals = list(AuditEvent.objects.filter(action="refused").values_list("detail", flat=True))
    assert any(d.startswith("404 wards.residentialarea") for d in refusals)
    assert any(d.startswith("403 role ward_officer") for d in refusals)


def test_city_staff_browse_and_filter_the_trail_and_units_cannot(client):
    f.city_staff(username="thu")
    client.post("/accounts/login/", {"username": "thu", "password": "nope"})
    client.force_login(f.city_staff(username="lan"))
    response = client.get("/audit/", {"action": "login_failed"})
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [e.username for e in rows] == ["thu"]
    client.force_login(f.ward_officer())
    assert client.get("/audit/").status_code == 403
    client.force_login(f.leadership())
    assert client.get("/audit/").status_code == 403


def test_a_malformed_audit_filter_is_explained_not_a_crash(client):
    client.force_login(f.city_staff())
    response = client.get("/audit/", {"date_from": "hôm qua", "ip_address": "999.1.1.1"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"date_from", "ip_address"}


def test_the_trail_names_records_and_fields_in_vietnamese_with_before_and_after(client):
    from wards.models import Ward

    client.force_login(f.city_staff())
    ward = f.WardFactory(name="Cũ")
    ward.name = "Mới"
    ward.save()
    html = client.get("/audit/", {"action": "update"}).content.decode()
    row = html[html.index("audit-changes") :]
    assert "wards.ward" not in html[html.index("<table") :]  # the filter's option values aside
    with translation.override("vi"):
        label = str(Ward._meta.get_field("name").verbose_name)
    assert label != "name" and label[:1].upper() + label[1:] in row
    assert row.index("Cũ") < row.index("Mới")


def test_the_trail_is_filtered_by_kind_of_record_chosen_by_its_vietnamese_name(client):
    from wards.models import Ward

    client.force_login(f.city_staff())
    f.WardFactory(name="Phường Lọc")
    f.ResidentialAreaFactory(name="Khối Không Lọc")
    with translation.override("vi"):
        label = str(Ward._meta.verbose_name)
    page = client.get("/audit/").content.decode()
    assert f'<option value="wards.ward">{label[:1].upper() + label[1:]}</option>' in page
    events = client.get("/audit/", {"object_type": "wards.ward"}).context["page"]
    assert {event.object_type for event in events} == {"wards.ward"}
    assert client.get("/audit/", {"object_type": "wards"}).context["form"].errors.keys() == {"object_type"}


def test_the_trail_is_filtered_by_the_unit_of_whoever_acted(client):
    officer = f.ward_officer(ward=f.WardFactory(name="Phường Hương Trà"))
    other = f.ward_officer(ward=f.WardFactory(name="Phường Bàn Thạch"))
    for user in (officer, other):
        client.force_login(user)
        client.post("/accounts/logout/")
    client.force_login(f.city_staff())
    events = client.get("/audit/", {"unit": "hương trà"}).context["page"]
    assert events and {event.username for event in events} == {officer.username}


def test_city_staff_download_the_filtered_trail_as_a_workbook_in_local_time_and_vietnamese(client):
    import io

    from django.utils import timezone
    from openpyxl import load_workbook

    client.force_login(f.city_staff())
    f.WardFactory(name="Phường Xuất")
    f.ResidentialAreaFactory(name="Khối Không Xuất")
    page = client.get("/audit/", {"object_type": "wards.ward"}).content.decode()
    assert "format=xlsx" in page and "object_type=wards.ward" in page
    response = client.get("/audit/", {"object_type": "wards.ward", "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    with translation.override("vi"):
        from wards.models import Ward

        kind = str(Ward._meta.verbose_name)
    assert len(header) == 6 and body
    assert all(kind in row[3] for row in body) and any("Phường Xuất" in row[3] for row in body)
    assert not any("Khối Không Xuất" in (row[3] or "") for row in body)
    event = AuditEvent.objects.filter(object_type="wards.ward").latest("at")
    assert timezone.localtime(event.at).replace(tzinfo=None, second=0, microsecond=0) in {
        row[0].replace(second=0, microsecond=0) for row in body
    }


def test_ward_officers_cannot_download_the_trail(client):
    client.force_login(f.ward_officer())
    assert client.get("/audit/", {"format": "xlsx"}).status_code == 403


def test_the_trail_shows_a_choice_by_its_vietnamese_label_and_a_flag_as_yes_or_no(client):
    from wards.models import WardKind

    client.force_login(f.city_staff())
    ward = f.WardFactory(name="Phường Đổi Loại", kind=WardKind.WARD)
    ward.kind = WardKind.COMMUNE
    ward.save()
    area = f.ResidentialAreaFactory(ward=ward)
    area.is_active = False
    area.save()
    html = client.get("/audit/", {"action": "update"}).content.decode()
    with translation.override("vi"):
        before, after = str(WardKind.WARD.label), str(WardKind.COMMUNE.label)
    table = html[html.index("audit-changes") :]
    assert before in table and after in table
    assert ">phuong<" not in table and ">xa<" not in table
    assert ">Có<" in table and ">Không<" in table
