"""The reference data of Tam Kỳ loads once and running it again changes nothing."""

import io

import pytest
from django.core.management import call_command

from wards.models import MemberOrganisation, Organisation, ResidentialArea, User, Ward

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Ward.objects.count(),
        ResidentialArea.objects.count(),
        MemberOrganisation.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
    )


def test_reference_data_loads_the_twelve_units_with_their_codes():
    call_command("load_reference_data", verbosity=0)
    assert Ward.objects.count() == 12
    assert Ward.objects.filter(kind="phuong").count() == 8
    assert Ward.objects.get(code="20347").name == "An Xuân"
    assert "Phước Hòa" in Ward.objects.get(code="20347").former_names
    assert Ward.objects.get(code="20389").name == "Tam Ngọc"
    socio_political = set(
        MemberOrganisation.objects.filter(kind="socio_political").values_list("short_name", flat=True)
    )
    assert socio_political == {"LĐLĐ", "HND", "HLHPN", "ĐTN", "HCCB"}


def test_real_area_names_are_not_marked_demo_and_invented_ones_are():
    call_command("load_reference_data", verbosity=0)
    assert not ResidentialArea.objects.get(ward__code="20347", name="Khối phố 4").is_demo
    assert ResidentialArea.objects.get(ward__code="20347", name="Khối phố 1").is_demo
    assert not ResidentialArea.objects.get(ward__code="20362", name="Thạch Tân").is_demo
    for area in ResidentialArea.objects.all():
        assert 150 <= area.households <= 600


def test_reference_data_and_demo_twice_give_the_same_counts():
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    assert _counts() == first


def test_reference_data_does_not_overwrite_what_staff_edited():
    call_command("load_reference_data", verbosity=0)
    area = ResidentialArea.objects.get(ward__code="20347", name="Khối phố 4")
    area.households = 999
    area.population = 3000
    area.save()
    call_command("load_reference_data", verbosity=0)
    area.refresh_from_db()
    assert area.households == 999
