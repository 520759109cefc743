"""Locked periods, soft delete and restore, covenant rules and the replication tree."""

import datetime

import pytest
import time_machine

from tests import factories as f
from tests.wards.factories import (
    ActivityFactory,
    ContentAreaFactory,
    CovenantFactory,
    SelfManagementModelFactory,
    activity_type,
)
from wards.logbook.selectors import replication_tree
from wards.models import Activity, Covenant, add_working_days

pytestmark = pytest.mark.django_db


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


def test_deleting_asks_for_confirmation_hides_the_row_and_city_staff_can_restore_it(login):
    activity = ActivityFactory(title="Sẽ xóa")
    officer = login(f.ward_officer(ward=activity.ward))
    assert "Xóa Sẽ xóa?" in officer.get(f"/activities/{activity.pk}/delete/").text
    assert officer.post(f"/activities/{activity.pk}/delete/").status_code == 302
    activity.refresh_from_db()
    assert activity.is_deleted and activity.deleted_by is not None
    assert list(officer.get("/activities/").context["page"]) == []
    assert officer.get(f"/activities/{activity.pk}/").status_code == 404
    assert officer.post(f"/activities/{activity.pk}/restore/").status_code == 403
    staff = login(f.city_staff())
    assert staff.post(f"/activities/{activity.pk}/restore/").status_code == 302
    activity.refresh_from_db()
    assert not activity.is_deleted
    assert Activity.objects.alive().count() == 1


def test_only_city_staff_may_mark_a_model_exemplary(login):
    ward = f.WardFactory()
    assert "is_exemplary" not in login(f.ward_officer(ward=ward)).get("/models/new/").context["form"].fields
    assert "is_exemplary" in login(f.city_staff()).get("/models/new/").context["form"].fields


def test_a_model_ended_needs_its_end_date(login):
    ward = f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward)
    data = {
        "name": "Tuyến đường tự quản",
        "model_type": SelfManagementModelFactory.build().model_type.pk,
        "content_area": ContentAreaFactory().pk,
        "ward": ward.pk,
        "areas": [area.pk],
        "start_date": "2025-01-10",
        "status": "ended",
        "households": "30",
    }
    client = login(f.ward_officer(ward=ward))
    response = client.post("/models/new/", data)
    assert "ngày mô hình kết thúc" in response.text
    data.update(status="active")
    assert client.post("/models/new/", data).status_code == 302


def test_working_days_skip_the_weekend():
    friday = datetime.date(2025, 3, 7)
    assert add_working_days(friday, 5) == datetime.date(2025, 3, 14)
    assert add_working_days(datetime.date(2025, 3, 3), 5) == datetime.date(2025, 3, 10)


def test_a_covenant_passes_only_with_more_than_half_of_the_households():
    assert CovenantFactory.build(households_in_favour=151, households_total=300).passes
    assert not CovenantFactory.build(households_in_favour=150, households_total=300).passes
    assert not CovenantFactory.build(households_in_favour=0, households_total=0).passes


def test_adopting_a_covenant_with_half_the_households_is_refused(login):
    area = f.ResidentialAreaFactory(households=300)
    data = {
        "area": area.pk,
        "kind": "huong_uoc",
        "title": "Hương ước khối phố",
        "version": "1",
        "status": "adopted",
        "meeting_date": "2025-03-03",
        "method": "meeting",
        "households_in_favour": "150",
        "households_total": "300",
    }
    ContentAreaFactory()
    client = login(f.ward_officer(ward=area.ward))
    response = client.post("/covenants/new/", data)
    assert "trên một nửa (trên 50%) tổng số hộ tán thành" in response.text
    data["households_in_favour"] = "151"
    assert client.post("/covenants/new/", data).status_code == 302
    assert Covenant.objects.get().passes


@time_machine.travel(datetime.datetime(2025, 3, 20, 9, 0), tick=False)
def test_covenant_deadlines_show_on_time_late_and_pending():
    on_time = CovenantFactory.build(
        meeting_date=datetime.date(2025, 3, 3), sent_on=datetime.date(2025, 3, 10)
    )
    late = CovenantFactory.build(meeting_date=datetime.date(2025, 3, 3), sent_on=datetime.date(2025, 3, 11))
    pending = CovenantFactory.build(meeting_date=datetime.date(2025, 3, 18), sent_on=None)
    overdue = CovenantFactory.build(meeting_date=datetime.date(2025, 3, 3), sent_on=None)
    assert [c.sent_state for c in (on_time, late, pending, overdue)] == ["on_time", "late", "pending", "late"]
    recognised = CovenantFactory.build(
        file_complete_on=datetime.date(2025, 3, 7), recognition_date=datetime.date(2025, 3, 14)
    )
    assert recognised.recognition_state == "on_time"


def test_the_replication_tree_counts_replicas_areas_and_wards(django_assert_max_num_queries):
    origin = SelfManagementModelFactory()
    ward_b, ward_c = f.WardFactory(), f.WardFactory()
    first = SelfManagementModelFactory(ward=ward_b, replicated_from=origin)
    first.areas.set(f.ResidentialAreaFactory.create_batch(2, ward=ward_b))
    second = SelfManagementModelFactory(ward=ward_c, replicated_from=first)
    second.areas.set([f.ResidentialAreaFactory(ward=ward_c)])
    SelfManagementModelFactory(replicated_from=origin, is_deleted=True)
    with django_assert_max_num_queries(2):
        tree = replication_tree(origin)
    assert (tree["replicas"], tree["areas_reached"], tree["wards_reached"]) == (2, 3, 2)
    assert tree["root"]["children"][0]["model"] == first
    assert tree["root"]["children"][0]["children"][0]["model"] == second


def test_for_user_alive_and_in_window_combine():
    ward = f.WardFactory()
    ActivityFactory(ward=ward, date=datetime.date(2025, 1, 5))
    ActivityFactory(ward=ward, date=datetime.date(2025, 7, 5))
    ActivityFactory(ward=ward, date=datetime.date(2025, 2, 5), is_deleted=True)
    officer = f.ward_officer(ward=ward)
    rows = (
        Activity.objects.for_user(officer)
        .alive()
        .in_window(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    )
    assert rows.count() == 1
    assert activity_type("house").counts_houses


def test_city_staff_find_deleted_records_to_restore_and_units_cannot_list_them(login):
    ActivityFactory(title="Còn hiệu lực")
    deleted = ActivityFactory(title="Đã xóa nhầm", is_deleted=True)
    staff = login(f.city_staff())
    assert [a.title for a in staff.get("/activities/?deleted=1").context["page"]] == ["Đã xóa nhầm"]
    officer = login(f.ward_officer(ward=deleted.ward))
    assert [a.title for a in officer.get("/activities/?deleted=1").context["page"]] == []


def test_the_delete_confirmation_asks_city_staff_for_the_reason_and_not_units(login):
    activity = ActivityFactory()
    page = login(f.city_staff()).get(f"/activities/{activity.pk}/delete/").text
    assert 'name="reason"' in page
    page = login(f.ward_officer(ward=activity.ward)).get(f"/activities/{activity.pk}/delete/").text
    assert 'name="reason"' not in page
