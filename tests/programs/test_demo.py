"""The programme's demo data loads, matches the rules, and a second run changes nothing."""

import pytest
from django.core.management import call_command

from programs import selectors
from programs.models import Evaluation, Pilot, PilotTransition, Programme, SelfAssessment

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Pilot.objects.count(),
        PilotTransition.objects.count(),
        Evaluation.objects.count(),
        SelfAssessment.objects.count(),
        SelfAssessment.objects.confirmed().count(),
    )


def test_seed_demo_creates_pilots_and_assessments_once(tmp_path):
    call_command("seed_demo", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open(tmp_path / "out2.txt", "w"))  # noqa: SIM115
    assert _counts() == first
    programme = Programme.objects.get()
    # 8 pilots of the old units, and after the reform each of the 4 new phường carries one on.
    assert Pilot.objects.filter(level="ward").count() == 12
    successors = Pilot.objects.current().filter(ward__code__startswith="TK25-")
    assert sorted(p.ward.name for p in successors) == ["Bàn Thạch", "Hương Trà", "Quảng Phú", "Tam Kỳ"]
    assert all(p.area.ward_id == p.ward_id for p in successors)
    city = Pilot.objects.get(level="city")
    # The 01/07/2025 reform moved the area to phường Tam Kỳ (renamed to stay unique there); on the
    # selection date it was An Xuân's khối phố 4.
    from wards.history import area_ward_id_on

    transfer = city.area.transfers.get()
    assert transfer.from_name == "Khối phố 4" and transfer.from_ward.code == "20347"
    assert area_ward_id_on(city.area, city.selected_on) == transfer.from_ward_id
    assert set(Pilot.objects.values_list("status", flat=True)) >= {"selected", "implementing", "evaluated"}
    assert Evaluation.objects.count() == 1
    figure = selectors.areas_meeting_all_criteria(programme, 2025)
    an_xuan = city.area.ward_id
    assert 0 < figure[an_xuan] < SelfAssessment.objects.filter(area__ward_id=an_xuan).count()
