"""Accepting a unit's report locks its records dated in the period's window; reopening unlocks them.

Every write path is tried: the logbook forms (add, edit, delete, restore), evidence (add, remove), the
Django admin, and the services themselves.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from reports import services
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.wards import filedata
from tests.wards.factories import ActivityFactory, ContentAreaFactory, CovenantFactory, ResidentialAreaFactory
from wards.logbook import locks
from wards.logbook import services as logbook
from wards.models import Activity, Evidence, LockedChange, LockedWindow

pytestmark = pytest.mark.django_db


def _accepted(ward, period=None):
    period = period or PeriodFactory()
    report = UnitReportFactory(period=period, ward=ward)
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    services.report_accept(report=report, by=f.city_staff())
    return report


def _activity_data(activity, **changes):
    data = {
        "date": activity.date.isoformat(),
        "title": "Đã sửa",
        "content_area": activity.content_area_id,
        "activity_type": activity.activity_type_id,
        "ward": activity.ward_id,
        "participants": "10",
        "beneficiary_households": "0",
        "funds_cash": "0",
        "funds_in_kind": "0",
        "houses": "0",
    }
    data.update(changes)
    return data


def test_accepting_a_report_locks_the_units_window_and_reopening_unlocks_it():
    activity = ActivityFactory(date=datetime.date(2025, 3, 10))
    outside = datetime.date(2025, 9, 1)
    assert not locks.is_locked(activity.ward_id, None, activity.date)
    report = _accepted(activity.ward)
    assert locks.is_locked(activity.ward_id, None, activity.date)
    assert not locks.is_locked(activity.ward_id, None, outside)
    assert not locks.is_locked(f.WardFactory().pk, None, activity.date)
    services.report_reopen(report=report, by=f.city_staff(), reason="Cần sửa số liệu")
    assert not locks.is_locked(activity.ward_id, None, activity.date)
    assert not LockedWindow.objects.exists()


def test_a_ward_officer_cannot_edit_a_record_of_an_accepted_period_and_the_message_names_the_report(login):
    activity = ActivityFactory()
    _accepted(activity.ward)
    response = login(f.ward_officer(ward=activity.ward)).post(
        f"/activities/{activity.pk}/edit/", _activity_data(activity)
    )
    assert response.status_code == 200
    assert "đã được tiếp nhận" in response.text
    assert "2025-6T" in response.text
    activity.refresh_from_db()
    assert activity.title != "Đã sửa"


def test_a_ward_officer_cannot_add_a_record_dated_in_an_accepted_period(login):
    ward = f.WardFactory()
    _accepted(ward)
    data = _activity_data(ActivityFactory.build(ward=ward, content_area=ContentAreaFactory()))
    response = login(f.ward_officer(ward=ward)).post("/activities/new/", data)
    assert "đã được tiếp nhận" in response.text
    assert not Activity.objects.exists()
    # The same record dated after the window is accepted.
    login(f.ward_officer(ward=ward)).post("/activities/new/", {**data, "date": "2025-07-02"})
    assert Activity.objects.count() == 1


def test_a_ward_officer_cannot_move_a_record_out_of_an_accepted_period(login):
    activity = ActivityFactory()
    _accepted(activity.ward)
    login(f.ward_officer(ward=activity.ward)).post(
        f"/activities/{activity.pk}/edit/", _activity_data(activity, date="2025-08-01")
    )
    activity.refresh_from_db()
    assert activity.date == datetime.date(2025, 3, 10)


def test_a_ward_officer_cannot_delete_a_record_of_an_accepted_period(login):
    activity = ActivityFactory()
    _accepted(activity.ward)
    login(f.ward_officer(ward=activity.ward)).post(f"/activities/{activity.pk}/delete/")
    activity.refresh_from_db()
    assert not activity.is_deleted


def test_city_staff_change_a_locked_record_only_with_a_reason_shown_on_the_report(login):
    activity = ActivityFactory()
    report = _accepted(activity.ward)
    client = login(f.city_staff())
    response = client.post(f"/activities/{activity.pk}/edit/", _activity_data(activity))
    assert "nhập lý do" in response.text
    response = client.post(
        f"/activities/{activity.pk}/edit/", _activity_data(activity, reason="Sai số người tham gia")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Đã sửa"
    assert activity.history.first().history_change_reason == "Sai số người tham gia"
    page = client.get(f"/reports/{report.pk}/").text
    assert "Thay đổi sau khi tiếp nhận" in page
    assert "Sai số người tham gia" in page


def test_city_staff_delete_and_restore_a_locked_record_each_with_a_recorded_reason(login):
    activity = ActivityFactory()
    report = _accepted(activity.ward)
    staff = login(f.city_staff())
    staff.post(f"/activities/{activity.pk}/delete/")
    activity.refresh_from_db()
    assert not activity.is_deleted
    staff.post(f"/activities/{activity.pk}/delete/", {"reason": "Trùng lặp"})
    activity.refresh_from_db()
    assert activity.is_deleted
    staff.post(f"/activities/{activity.pk}/restore/")
    activity.refresh_from_db()
    assert activity.is_deleted
    staff.post(f"/activities/{activity.pk}/restore/", {"reason": "Xóa nhầm"})
    activity.refresh_from_db()
    assert not activity.is_deleted
    reasons = list(LockedChange.objects.filter(report_id=report.pk).values_list("reason", flat=True))
    assert reasons == ["Trùng lặp", "Xóa nhầm"]


def test_evidence_cannot_be_added_or_removed_by_the_unit_inside_an_accepted_period(login):
    activity = ActivityFactory()
    officer = f.ward_officer(ward=activity.ward)
    kept = logbook.evidence_add(record=activity, upload=filedata.pdf(), by=officer)
    _accepted(activity.ward)
    client = login(officer)
    client.post(f"/activities/{activity.pk}/files/", {"files": [filedata.pdf("new.pdf")]})
    client.post(f"/files/{kept.pk}/delete/")
    assert list(Evidence.objects.values_list("pk", flat=True)) == [kept.pk]
    with pytest.raises(ValidationError):
        logbook.evidence_add(record=activity, upload=filedata.pdf(), by=officer)


def test_a_covenant_of_an_accepted_ward_is_locked_through_its_area():
    covenant = CovenantFactory(area=ResidentialAreaFactory())
    _accepted(covenant.area.ward)
    with pytest.raises(ValidationError):
        logbook.record_delete(record=covenant, by=f.ward_officer(ward=covenant.area.ward))


def test_the_records_of_a_merged_ward_are_locked_by_its_successors_accepted_report():
    successor = f.WardFactory(valid_from=datetime.date(2025, 7, 1))
    former = f.WardFactory(valid_to=datetime.date(2025, 6, 30), successor=successor)
    period = PeriodFactory(kind="annual")
    _accepted(successor, period)
    assert locks.is_locked(former.pk, None, datetime.date(2025, 3, 1))


def test_the_admin_cannot_change_or_delete_a_locked_record(login):
    activity = ActivityFactory()
    _accepted(activity.ward)
    admin = login(f.UserFactory(is_staff=True, is_superuser=True, role="administrator"))
    assert admin.get(f"/admin/wards/activity/{activity.pk}/change/").status_code in (200, 403)
    response = admin.post(f"/admin/wards/activity/{activity.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert not activity.is_deleted and Activity.objects.filter(pk=activity.pk).exists()
    page = admin.get(f"/admin/wards/activity/{activity.pk}/change/").text
    assert 'name="_save"' not in page
