"""Reorganisation: a merger moves areas and users from its date, keeps history, and can be undone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from reorganisation import services as reorg
from reports.models import ReportStatus
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards import history
from wards.models import AreaTransfer, Organisation, Reorganisation, ResidentialArea, User, UserAction, Ward

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 30)


@pytest.fixture
def two_wards():
    a = f.WardFactory(name="An Mỹ")
    b = f.WardFactory(name="An Xuân")
    f.ResidentialAreaFactory(ward=a, name="Khối phố 1")
    f.ResidentialAreaFactory(ward=b, name="Khối phố 1")
    f.ResidentialAreaFactory(ward=b, name="Mỹ An")
    return a, b


def _merge(sources, *, by=None, action=UserAction.MOVE, **kwargs):
    kwargs.setdefault("new_target", {"kind": "phuong", "code": "TK25-01", "name": "Tam Kỳ"})
    return reorg.reorganisation_apply(
        sources=sources,
        effective_date=DAY,
        resolution_number="1659/NQ-UBTVQH15",
        resolution_date=datetime.date(2025, 6, 16),
        user_action=action,
        by=by or f.city_staff(),
        **kwargs,
    )


def test_a_merger_moves_areas_and_users_from_the_effective_date_and_leaves_earlier_records_untouched(
    two_wards,
):
    a, b = two_wards
    officer = f.ward_officer(ward=b)
    activity = ActivityFactory(ward=b, date=datetime.date(2025, 3, 1))
    covenant = CovenantFactory(area=b.areas.get(name="Mỹ An"))
    report = UnitReportFactory(period=PeriodFactory(), ward=b, status=ReportStatus.ACCEPTED, figures={"n": 7})

    done = _merge([a, b])
    target = done.target

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.valid_to, a.successor, b.valid_to, b.successor) == (BEFORE, target, BEFORE, target)
    assert target.valid_from == DAY and target.former_names == "An Mỹ, An Xuân"
    # Every area moved; the two "Khối phố 1" are told apart by their former unit.
    names = sorted(ResidentialArea.objects.filter(ward=target).values_list("name", flat=True))
    assert names == ["Khối phố 1 (An Mỹ)", "Khối phố 1 (An Xuân)", "Mỹ An"]
    moved = b.areas.model.objects.get(name="Mỹ An")
    assert history.area_ward_id_on(moved, BEFORE) == b.pk
    assert history.area_ward_id_on(moved, DAY) == target.pk
    assert set(history.areas_on([b.pk], BEFORE).values_list("pk", flat=True)) == set(
        AreaTransfer.objects.filter(from_ward=b).values_list("area_id", flat=True)
    )
    assert not history.areas_on([b.pk], DAY).exists()
    officer.refresh_from_db()
    assert officer.ward == target and officer.is_active
    # Records dated before the date keep their unit; the frozen report is exactly as it was.
    activity.refresh_from_db()
    covenant.refresh_from_db()
    report.refresh_from_db()
    assert activity.ward == b and covenant.area == moved
    assert report.ward == b and report.figures == {"n": 7} and report.status == ReportStatus.ACCEPTED


def test_users_of_a_source_unit_can_be_deactivated_instead(two_wards):
    a, b = two_wards
    officer = f.ward_officer(ward=a)
    _merge([a, b], action=UserAction.DEACTIVATE)
    officer.refresh_from_db()
    assert officer.ward == a and not officer.is_active


def test_the_preview_counts_what_moves_and_what_stays(two_wards):
    a, b = two_wards
    f.ward_officer(ward=a)
    ActivityFactory(ward=a, date=datetime.date(2025, 2, 1))
    SelfManagementModelFactory(ward=b)
    plan = reorg.reorganisation_plan(
        sources=[a, b],
        target=None,
        new_target={"kind": "phuong", "code": "X1", "name": "Mới"},
        effective_date=DAY,
    )
    assert plan.errors == []
    assert (len(plan.areas), len(plan.users), len(plan.renamed)) == (3, 1, 2)
    assert plan.staying["activities"] == 1 and plan.staying["models"] == 1
    assert ResidentialArea.objects.filter(ward=a).count() == 1  # the preview changes nothing


def test_a_merger_is_refused_while_a_source_has_records_dated_after_it(two_wards):
    a, b = two_wards
    ActivityFactory(ward=a, date=DAY)
    with pytest.raises(ValidationError):
        _merge([a, b])
    assert not Reorganisation.objects.exists() and Ward.objects.get(pk=a.pk).valid_to is None


def test_records_for_a_merged_unit_dated_from_the_effective_date_are_refused(two_wards):
    a, b = two_wards
    target = _merge([a, b]).target
    a.refresh_from_db()
    assert history.ward_refusal(a, BEFORE) is None
    refusal = history.ward_refusal(a, DAY)
    assert refusal and target.name in refusal and "01/07/2025" in refusal
    assert history.ward_refusal(target, BEFORE)  # the new phường did not exist yet
    assert history.ward_refusal(target, DAY) is None


def test_undo_puts_everything_back_before_the_target_has_new_records(two_wards):
    a, b = two_wards
    officer = f.ward_officer(ward=b)
    staff = f.city_staff()
    done = _merge([a, b], by=staff)
    reorg.reorganisation_undo(reorganisation=done, by=staff)
    a.refresh_from_db()
    officer.refresh_from_db()
    assert a.valid_to is None and a.successor is None and officer.ward == b
    assert sorted(ResidentialArea.objects.filter(ward=b).values_list("name", flat=True)) == [
        "Khối phố 1",
        "Mỹ An",
    ]
    assert not Ward.objects.filter(code="TK25-01").exists()
    done.refresh_from_db()
    assert done.is_undone and done.target is None and done.target_name == "Phường Tam Kỳ"


def test_undo_is_refused_once_the_target_has_a_new_record(two_wards):
    a, b = two_wards
    staff = f.city_staff()
    done = _merge([a, b], by=staff)
    ActivityFactory(ward=done.target, date=datetime.date(2025, 8, 1))
    reason = reorg.undo_refusal(done)
    assert reason
    with pytest.raises(ValidationError):
        reorg.reorganisation_undo(reorganisation=done, by=staff)
    a.refresh_from_db()
    assert a.successor == done.target


def test_only_the_city_office_applies_a_reorganisation(two_wards):
    a, b = two_wards
    with pytest.raises(PermissionDenied):
        _merge([a, b], by=f.ward_officer(ward=a))


def test_the_reorganisation_pages_are_for_city_staff_and_administrators(login, two_wards):
    a, b = two_wards
    done = _merge([a, b])
    for user in (f.leadership(), f.ward_officer(ward=done.target), f.org_officer()):
        client = login(user)
        for url in ("/reorganisations/", "/reorganisations/new/", f"/reorganisations/{done.pk}/"):
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post(f"/reorganisations/{done.pk}/undo/").status_code == 403
    admin = f.UserFactory(role="administrator", is_superuser=True, is_staff=True)
    for user in (f.city_staff(), admin):
        client = login(user)
        assert client.get("/reorganisations/").status_code == 200
        assert client.get(f"/reorganisations/{done.pk}/").status_code == 200
        assert client.get(f"/reorganisations/{done.pk + 99}/").status_code == 404
        assert client.get("/reorganisations/abc/").status_code == 404


def test_city_staff_preview_then_confirm_a_merger_into_an_existing_unit(login):
    a, b = f.WardFactory(name="Tam Thanh"), f.WardFactory(name="Tam Phú")
    target = f.WardFactory(name="Quảng Phú", valid_from=datetime.date(2025, 1, 1))
    f.ResidentialAreaFactory(ward=a)
    client = login(f.city_staff())
    data = {
        "sources": [a.pk, b.pk],
        "target": target.pk,
        "new_kind": "phuong",
        "effective_date": "2025-07-01",
        "resolution_number": "1659/NQ-UBTVQH15",
        "resolution_date": "2025-06-16",
        "user_action": "move",
    }
    preview = client.post("/reorganisations/new/", data)
    assert preview.status_code == 200 and 'name="confirm"' in preview.text
    assert Ward.objects.get(pk=a.pk).valid_to is None
    response = client.post("/reorganisations/new/", {**data, "confirm": "1"})
    done = Reorganisation.objects.get()
    assert response.status_code == 302 and response.url == f"/reorganisations/{done.pk}/"
    assert Ward.objects.get(pk=a.pk).successor == target and not done.target_created


def test_the_reference_step_loads_the_2025_reform_once(capsys):
    call_command("load_reference_data", "--reorganisation-2025")
    call_command("load_reference_data", "--reorganisation-2025")
    new = Ward.objects.filter(valid_from=DAY)
    assert sorted(new.values_list("name", flat=True)) == ["Bàn Thạch", "Hương Trà", "Quảng Phú", "Tam Kỳ"]
    assert Ward.objects.filter(valid_to=BEFORE).count() == 12
    assert Reorganisation.objects.count() == 4
    assert set(Reorganisation.objects.values_list("resolution_number", flat=True)) == {"1659/NQ-UBTVQH15"}
    assert Ward.objects.get(name="Tam Kỳ").former_names == "An Mỹ, An Xuân, Trường Xuân"
    assert Organisation.objects.in_force_on(DAY).header_name == "THÀNH PHỐ ĐÀ NẴNG"
    assert Organisation.objects.in_force_on(BEFORE).header_name == "THÀNH PHỐ TAM KỲ"
    assert ResidentialArea.objects.filter(ward__valid_to__isnull=False).count() == 0
    assert User.objects.count() == 0


def test_the_activity_form_refuses_a_merged_unit_for_a_date_from_the_merger_in_vietnamese(two_wards):
    from django.utils import translation

    from tests.wards.factories import ContentAreaFactory
    from wards.logbook.forms import ActivityForm

    a, b = two_wards
    officer = f.ward_officer(ward=a)
    done = _merge([a, b], action=UserAction.DEACTIVATE)
    User.objects.filter(pk=officer.pk).update(is_active=True)  # an account left on the old unit
    officer.refresh_from_db()
    data = {
        "date": "2025-07-02",
        "title": "Hoạt động sau sắp xếp",
        "content_area": ContentAreaFactory().pk,
        "activity_type": ActivityFactory.build().activity_type.pk,
        "participants": 10,
        "beneficiary_households": 0,
        "funds_cash": "0",
        "funds_in_kind": "0",
        "houses": 0,
    }
    with translation.override("vi"):
        form = ActivityForm(data, user=officer)
        assert not form.is_valid()
        text = " ".join(str(e) for errors in form.errors.values() for e in errors)
        assert f"đã hợp nhất vào {done.target.display_name} từ ngày 01/07/2025" in text
        form = ActivityForm({**data, "date": "2025-06-20"}, user=officer)
        form.is_valid()
        assert "hợp nhất" not in str(form.errors)


def test_the_reorganisation_list_costs_the_same_queries_for_one_and_three_mergers(login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(f.city_staff())
    counts = []
    for number in (1, 3):
        while Reorganisation.objects.count() < number:
            sources = [f.WardFactory(), f.WardFactory()]
            _merge(sources, new_target={"kind": "phuong", "code": f"N{Ward.objects.count()}", "name": "Mới"})
        # Session, user, the reorganisations, their sources and the source wards (prefetched).
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reorganisations/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_reorganisation_is_recorded_only_once_it_has_taken_effect(two_wards):
    import time_machine

    a, b = two_wards
    with (
        time_machine.travel(datetime.datetime(2025, 6, 20, 9, tzinfo=datetime.UTC)),
        pytest.raises(ValidationError),
    ):
        _merge([a, b])
    assert not Reorganisation.objects.exists()


def test_the_successors_officer_reads_the_merged_units_records_but_cannot_change_them(login):
    successor = f.WardFactory(name="Kế thừa", valid_from=datetime.date(2025, 7, 1))
    merged = f.WardFactory(name="Đã hợp nhất", valid_to=datetime.date(2025, 6, 30), successor=successor)
    unrelated = f.WardFactory(name="Khác")
    history = ActivityFactory(ward=merged, date=datetime.date(2025, 3, 1), title="Hoạt động trước hợp nhất")
    other = ActivityFactory(ward=unrelated, date=datetime.date(2025, 3, 1), title="Hoạt động nơi khác")
    client = login(f.ward_officer(ward=successor))
    assert client.get(f"/activities/{history.pk}/").status_code == 200
    assert "Hoạt động trước hợp nhất" in client.get("/activities/").text
    assert client.get(f"/activities/{history.pk}/edit/").status_code == 404
    assert client.get(f"/activities/{other.pk}/").status_code == 404
    assert "Hoạt động nơi khác" not in client.get("/activities/").text


def test_the_officer_of_a_unit_merged_twice_reads_the_records_of_every_unit_before_it(login):
    latest = f.WardFactory(name="Sau hai lần hợp nhất", valid_from=datetime.date(2026, 1, 1))
    middle = f.WardFactory(
        name="Sau lần thứ nhất",
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2025, 12, 31),
        successor=latest,
    )
    first = f.WardFactory(name="Ban đầu", valid_to=datetime.date(2025, 6, 30), successor=middle)
    oldest = ActivityFactory(ward=first, date=datetime.date(2025, 3, 1), title="Hoạt động của đơn vị ban đầu")
    client = login(f.ward_officer(ward=latest))

    assert client.get(f"/activities/{oldest.pk}/").status_code == 200
    assert "Hoạt động của đơn vị ban đầu" in client.get("/activities/").text
    assert client.get(f"/activities/{oldest.pk}/edit/").status_code == 404
    # The figures follow the same chain (wards/history.py is the one rule for both).
    assert history.unit_and_predecessor_ids(latest.pk) == [latest.pk, *sorted([middle.pk, first.pk])]
