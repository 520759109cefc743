"""City staff manage accounts: create with an invitation, edit, move with history, deactivate; the
invitation and "Quên mật khẩu" links set a password once; a password set by someone else is changed first."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEvent
from core.scope import Role
from tests import factories as f
from wards.models import User, UserAssignment

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lang-sen-que-Bac-2025"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _logs_in(client, username: str, password: str) -> bool:
    response = client.post(reverse("login"), {"username": username, "password": password})
    client.logout()
    return response.status_code == 302


def _create(client, unit, **extra):
    data = {
        "username": "phuong.moi",
        "last_name": "Trần Thị",
        "first_name": "Mai",
        "email": "Mai@Example.vn",
        "phone": "0905123456",
        "role": Role.WARD_OFFICER,
        "ward": unit.pk,
        "organisation": "",
        **extra,
    }
    return client.post(reverse("accounts:user_create"), data)


def test_city_staff_create_a_ward_officer_who_gets_a_one_time_invitation(
    client, django_capture_on_commit_callbacks
):
    staff, ward = f.city_staff(), f.WardFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(client, ward)
    user = User.objects.get(username="phuong.moi")
    assert response.status_code == 302
    assert (user.role, user.ward, user.email, user.has_usable_password()) == (
        Role.WARD_OFFICER,
        ward,
        "mai@example.vn",
        False,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="wards.user", object_id=str(user.pk)
    ).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mai@example.vn"]
    assert "phuong.moi" in mail.outbox[0].body
    link = _path(_link(mail.outbox[0]))

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert _logs_in(client, "phuong.moi", NEW_PASSWORD)
    # The link is void once used.
    assert not client.get(link, follow=True).context["validlink"]


def test_the_role_and_unit_rule_is_explained_in_vietnamese_and_nothing_typed_is_lost(client):
    staff, organisation = f.city_staff(), f.MemberOrganisationFactory()
    client.force_login(staff)
    response = _create(client, f.WardFactory(), organisation=organisation.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert "không được gắn với tổ chức thành viên" in body
    assert response.context["form"].errors
    assert "Trần Thị" in body and "0905123456" in body
    assert not User.objects.filter(username="phuong.moi").exists()


def test_a_ward_officer_without_a_ward_is_refused_with_the_rule(client):
    client.force_login(f.city_staff())
    response = _create(client, f.WardFactory(), ward="")
    assert "ward" in response.context["form"].errors
    assert not User.objects.filter(username="phuong.moi").exists()


def test_moving_an_officer_keeps_the_history_and_is_audited(client):
    staff = f.city_staff()
    old_ward, new_ward = f.WardFactory(), f.WardFactory()
    officer = f.ward_officer(ward=old_ward)
    client.force_login(staff)
    response = client.post(
        reverse("accounts:user_move", args=[officer.pk]),
        {"role": Role.WARD_OFFICER, "ward": new_ward.pk, "organisation": "", "reason": "Quyết định 12/QĐ"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.ward == new_ward
    move = UserAssignment.objects.get(user=officer)
    assert (move.from_ward, move.to_ward, move.by, move.reason) == (
        old_ward,
        new_ward,
        staff,
        "Quyết định 12/QĐ",
    )
    change = AuditEvent.objects.filter(
        action="update", object_type="wards.user", object_id=str(officer.pk), changes__has_key="ward"
    ).get()
    assert change.changes["ward"] == [old_ward.pk, new_ward.pk]
    detail = client.get(reverse("accounts:user_detail", args=[officer.pk])).content.decode()
    assert old_ward.display_name in detail and "Quyết định 12/QĐ" in detail


def test_a_move_to_an_organisation_must_drop_the_ward(client):
    officer = f.ward_officer()
    client.force_login(f.city_staff())
    response = client.post(
        reverse("accounts:user_move", args=[officer.pk]),
        {
            "role": Role.ORG_OFFICER,
            "ward": officer.ward_id,
            "organisation": f.MemberOrganisationFactory().pk,
            "reason": "Điều động",
        },
    )
    assert response.status_code == 200 and "ward" in response.context["form"].errors
    assert not UserAssignment.objects.exists()


def test_a_deactivated_officer_cannot_log_in_until_reactivated(client):
    officer = f.ward_officer()
    client.force_login(f.city_staff())
    client.post(reverse("accounts:user_set_active", args=[officer.pk]), {"active": "0"})
    officer.refresh_from_db()
    assert not officer.is_active
    client.logout()
    assert not _logs_in(client, officer.username, f.PASSWORD)
    client.force_login(f.city_staff())
    client.post(reverse("accounts:user_set_active", args=[officer.pk]), {"active": "1"})
    client.logout()
    assert _logs_in(client, officer.username, f.PASSWORD)
    assert AuditEvent.objects.filter(object_id=str(officer.pk), changes__is_active=[False, True]).exists()


def test_city_staff_cannot_deactivate_themselves(client):
    staff = f.city_staff()
    client.force_login(staff)
    client.post(reverse("accounts:user_set_active", args=[staff.pk]), {"active": "0"})
    staff.refresh_from_db()
    assert staff.is_active


@pytest.mark.parametrize("make", [f.ward_officer, f.org_officer, f.leadership])
def test_other_roles_cannot_reach_the_users_section(client, make):
    officer = make()
    other = f.ward_officer()
    client.force_login(officer)
    for name, args in [
        ("accounts:user_list", []),
        ("accounts:user_create", []),
        ("accounts:user_detail", [other.pk]),
        ("accounts:user_edit", [other.pk]),
        ("accounts:user_move", [other.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert (
        client.post(reverse("accounts:user_set_active", args=[other.pk]), {"active": "0"}).status_code == 403
    )
    other.refresh_from_db()
    assert other.is_active


def test_forgotten_password_is_reset_by_email_from_the_login_page(client):
    officer = f.ward_officer(email="canbo@example.vn")
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    client.post(reverse("password_reset"), {"email": "canbo@example.vn"})
    assert len(mail.outbox) == 1
    page = client.get(_path(_link(mail.outbox[0])), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert _logs_in(client, officer.username, NEW_PASSWORD)


def test_a_user_with_a_password_set_by_someone_else_must_change_it_first(client):
    officer = f.ward_officer(must_change_password=True)
    client.force_login(officer)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url == reverse("password_change")
    assert "chọn mật khẩu của riêng mình" in client.get(reverse("password_change")).content.decode()
    client.post(
        reverse("password_change"),
        {"old_password": f.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    officer.refresh_from_db()
    assert not officer.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_weak_passwords_are_refused_with_vietnamese_messages(client):
    officer = f.ward_officer(email="canbo@example.vn")
    client.post(reverse("password_reset"), {"email": "canbo@example.vn"})
    page = client.get(_path(_link(mail.outbox[0])), follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert "quá phổ biến" in errors and "hoàn toàn là số" in errors
    officer.refresh_from_db()
    assert officer.check_password(f.PASSWORD)
