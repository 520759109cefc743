"""The coverage page: every current ward with its pilot or a flag, the city pilot on top, fixed queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from programs import selectors
from tests.factories import (
    ResidentialAreaFactory,
    WardFactory,
    city_staff,
    leadership,
    org_officer,
    ward_officer,
)
from tests.programs.factories import CityPilotFactory, PilotFactory, ProgrammeFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def _wards(count, programme, *, city_pilot=True):
    wards = [WardFactory() for _ in range(count)]
    # Every other ward has a pilot; the city pilot sits in the first ward.
    for ward in wards[::2]:
        PilotFactory(programme=programme, area=ResidentialAreaFactory(ward=ward))
    if city_pilot:
        CityPilotFactory(programme=programme, area=ResidentialAreaFactory(ward=wards[0]))
    return wards


@time_machine.travel(datetime.datetime(2025, 9, 10, 3, 0, tzinfo=datetime.UTC))
def test_coverage_lists_every_current_ward_with_pilot_or_flag_and_the_city_pilot_first(login):
    programme = ProgrammeFactory()
    with_pilot = PilotFactory(
        programme=programme,
        area__name="Khối phố 4",
        status="implementing",
        selected_on=datetime.date(2025, 3, 1),
    )
    without = WardFactory(name="Tam Phú")
    WardFactory(name="Đã giải thể", valid_to=datetime.date(2024, 12, 31))
    CityPilotFactory(programme=programme, area__name="Thôn Thạch Tân")
    page = login(city_staff()).get(reverse("programs:coverage")).text
    assert page.index("Thôn Thạch Tân") < page.index(with_pilot.ward.name)
    assert "Khối phố 4" in page and "Đang triển khai" in page
    assert "Phường " + without.name in page and "chưa chọn điểm" in page
    assert "Đã giải thể" not in page
    assert ">6<" in page  # months running since 01/03/2025
    assert "—" in page  # the models and activities are not in this branch yet


def test_ward_officer_sees_only_their_own_ward_row(login):
    programme = ProgrammeFactory()
    own = PilotFactory(programme=programme, area__name="Khối phố riêng")
    PilotFactory(programme=programme, area__name="Khối phố khác")
    CityPilotFactory(programme=programme, area__name="Điểm thành phố")
    page = login(ward_officer(ward=own.ward)).get(reverse("programs:coverage")).text
    assert "Khối phố riêng" in page
    assert "Khối phố khác" not in page and "Điểm thành phố" not in page


def test_leadership_sees_every_ward_but_no_register_button(login):
    programme = ProgrammeFactory()
    PilotFactory(programme=programme, area__name="Khối phố A")
    WardFactory(name="Chưa có điểm")
    page = login(leadership()).get(reverse("programs:coverage")).text
    assert "Khối phố A" in page and "Chưa có điểm" in page
    assert reverse("programs:pilot_create") not in page


def test_org_officer_cannot_open_coverage(login):
    ProgrammeFactory()
    assert login(org_officer()).get(reverse("programs:coverage")).status_code == 403


@pytest.mark.parametrize("ward_count", [3, 12])
def test_coverage_query_count_does_not_grow_with_wards(django_assert_num_queries, ward_count):
    programme = ProgrammeFactory()
    _wards(ward_count, programme)
    user = city_staff()
    # Wards (1), current pilots with area and ward (1), models per area (1), activities per area (1).
    expected = 4
    with django_assert_num_queries(expected):
        result = selectors.coverage(user, programme)
    assert result["total"] == ward_count
    assert result["chosen"] == len(range(0, ward_count, 2))
    assert result["city_row"].pilot is not None


def test_coverage_page_query_count_does_not_grow_with_wards(login):
    programme = ProgrammeFactory()
    _wards(3, programme)
    client = login(city_staff())
    url = reverse("programs:coverage")
    # Layout (session, user, notifications), programme, and the coverage selector's fixed queries.
    small = count_queries(client, url)
    _wards(9, programme, city_pilot=False)
    assert count_queries(client, url) == small


def test_area_counts_count_live_models_and_activities_of_each_area():
    from tests.wards.factories import ActivityFactory, SelfManagementModelFactory

    area, other = ResidentialAreaFactory(), ResidentialAreaFactory()
    model = SelfManagementModelFactory(ward=area.ward)
    model.areas.add(area)
    ActivityFactory(ward=area.ward, area=area)
    ActivityFactory(ward=area.ward, area=area, is_deleted=True)
    assert selectors.area_counts([area.pk, other.pk]) == {area.pk: (1, 1), other.pk: (0, 0)}
