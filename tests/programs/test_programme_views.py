"""The programme page: readable by every role, editable by city staff, links that light up after merge."""

import pytest
from django.urls import reverse

from programs.models import ContentArea
from tests.factories import ResidentialAreaFactory, city_staff, leadership, org_officer, ward_officer
from tests.programs.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user_factory", [city_staff, leadership, ward_officer, org_officer])
def test_every_role_reads_the_programme_page(login, user_factory):
    programme = ProgrammeFactory()
    page = login(user_factory()).get(reverse("programs:programme_detail")).text
    assert programme.name in page and "48/KH-MTTQ-BTT" in page and "18/02/2025" in page
    assert "Dân biết, dân bàn" in page
    for number in (1, 2, 3):
        assert f"ND {number}" in page


def test_only_city_staff_may_edit_the_programme(login):
    programme = ProgrammeFactory()
    url = reverse("programs:programme_edit", args=[programme.pk])
    assert login(leadership()).get(url).status_code == 403
    assert login(ward_officer()).get(url).status_code == 403
    client = login(city_staff())
    assert url in client.get(reverse("programs:programme_detail")).text
    areas = list(programme.content_areas.all())
    data = {
        "name": programme.name,
        "plan_number": programme.plan_number,
        "plan_date": "2025-02-18",
        "issuing_body": programme.issuing_body,
        "term_start": 2024,
        "term_end": 2029,
        "status": "active",
        "motto": programme.motto,
        "purpose": "",
        "content_areas-TOTAL_FORMS": "3",
        "content_areas-INITIAL_FORMS": "3",
    }
    for index, area in enumerate(areas):
        data.update(
            {
                f"content_areas-{index}-id": area.pk,
                f"content_areas-{index}-number": area.number,
                f"content_areas-{index}-short_title": f"Mới {area.number}",
                f"content_areas-{index}-title": area.title,
                f"content_areas-{index}-focus_topics": "Chủ đề",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302
    assert ContentArea.objects.get(programme=programme, number=2).short_title == "Mới 2"


def test_area_display_name_does_not_repeat_the_kind():
    assert ResidentialAreaFactory.build(kind="khoi_pho", name="Khối phố 4").display_name == "Khối phố 4"
    assert ResidentialAreaFactory.build(kind="thon", name="Thạch Tân").display_name == "Thôn Thạch Tân"


def test_programme_page_links_each_content_area_to_its_models_and_activities(login):
    programme = ProgrammeFactory()
    area = programme.content_areas.first() or ContentArea.objects.create(
        programme=programme, number=1, title="T", short_title="S"
    )
    page = login(city_staff()).get(reverse("programs:programme_detail")).text
    assert f"{reverse('wards:activity_list')}?content_area={area.pk}" in page
    assert f"{reverse('wards:model_list')}?content_area={area.pk}" in page
