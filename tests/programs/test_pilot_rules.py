"""Pilot rules held by the database and by the status-move and replacement services."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import services
from programs.models import ALLOWED_MOVES, Pilot, PilotStatus, PilotTransition
from tests.factories import ResidentialAreaFactory, city_staff
from tests.programs.factories import CityPilotFactory, PilotFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

ALL = list(PilotStatus.values)
ALLOWED = [(a, b) for a in ALL for b in ALL if b in ALLOWED_MOVES[a]]
FORBIDDEN = [(a, b) for a in ALL for b in ALL if b not in ALLOWED_MOVES[a]]


def test_database_refuses_a_second_current_pilot_for_the_same_ward():
    pilot = PilotFactory()
    other_area = ResidentialAreaFactory(ward=pilot.ward)
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotFactory(programme=pilot.programme, area=other_area)


def test_database_refuses_a_second_current_city_pilot():
    pilot = CityPilotFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CityPilotFactory(programme=pilot.programme)


def test_database_allows_a_new_pilot_once_the_old_one_is_no_longer_current():
    pilot = PilotFactory()
    Pilot.objects.filter(pk=pilot.pk).update(is_current=False, replaced_at=timezone.now())
    PilotFactory(programme=pilot.programme, area=ResidentialAreaFactory(ward=pilot.ward))
    assert Pilot.objects.filter(ward=pilot.ward).count() == 2


def test_database_refuses_a_city_pilot_tied_to_a_ward():
    area = ResidentialAreaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CityPilotFactory(area=area, ward=area.ward)


def test_database_refuses_a_ward_pilot_without_a_ward():
    with pytest.raises(IntegrityError), transaction.atomic():
        PilotFactory(ward=None)


def test_a_city_pilot_and_a_ward_pilot_can_share_a_ward():
    city = CityPilotFactory()
    PilotFactory(programme=city.programme, area=ResidentialAreaFactory(ward=city.area.ward))


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_each_allowed_move_changes_the_status_and_records_who_and_when(start, target):
    pilot = PilotFactory(status=start)
    user = city_staff()
    services.pilot_move(pilot=pilot, to_status=target, by=user, note="ghi chú")
    pilot.refresh_from_db()
    assert pilot.status == target
    move = PilotTransition.objects.get(pilot=pilot)
    assert (move.from_status, move.to_status, move.by, move.note) == (start, target, user, "ghi chú")
    assert move.at is not None


@pytest.mark.parametrize(("start", "target"), FORBIDDEN)
def test_each_forbidden_move_is_refused_listing_the_allowed_ones(start, target):
    pilot = PilotFactory(status=start)
    with pytest.raises(services.PilotMoveRefused) as refused:
        services.pilot_move(pilot=pilot, to_status=target, by=city_staff())
    pilot.refresh_from_db()
    assert pilot.status == start
    assert not PilotTransition.objects.filter(pilot=pilot).exists()
    for allowed in ALLOWED_MOVES[start]:
        assert str(PilotStatus(allowed).label) in str(refused.value)


def test_the_status_moves_cover_the_whole_lifecycle():
    assert ALLOWED_MOVES[PilotStatus.SELECTED] == (PilotStatus.IMPLEMENTING, PilotStatus.CLOSED)
    assert ALLOWED_MOVES[PilotStatus.CLOSED] == ()
    assert len(ALLOWED) + len(FORBIDDEN) == 25


def test_replacing_a_pilot_keeps_the_old_one_with_its_reason():
    from programs.forms import PilotForm

    old = PilotFactory()
    new_area = ResidentialAreaFactory(ward=old.ward)
    form = PilotForm(
        {"area": new_area.pk, "selected_on": "2025-06-01", "decision_number": "9/QĐ"},
        programme=old.programme,
        replacing=old,
    )
    assert form.is_valid(), form.errors
    new = services.pilot_replace(old=old, new=form.instance, reason="Khu dân cư sáp nhập", by=city_staff())
    old.refresh_from_db()
    assert not old.is_current and old.replaced_by == new and old.replaced_reason == "Khu dân cư sáp nhập"
    assert new.is_current and new.ward == old.ward and new.area == new_area
    assert PilotTransition.objects.filter(pilot=new, to_status="selected").exists()


def test_months_running_counts_whole_months():
    import datetime

    pilot = PilotFactory.build(selected_on=datetime.date(2025, 3, 15))
    assert pilot.months_running(datetime.date(2025, 3, 14)) == 0
    assert pilot.months_running(datetime.date(2025, 4, 15)) == 1
    assert pilot.months_running(datetime.date(2026, 3, 14)) == 11


def test_programme_factory_is_reused():
    assert ProgrammeFactory() == ProgrammeFactory()
