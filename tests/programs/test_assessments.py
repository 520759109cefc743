"""Criteria and the yearly self-assessment: who assesses, who confirms, and the annual-report figure."""

import pytest
from django.urls import reverse

from programs import selectors, services
from programs.models import AssessmentAnswer, CriteriaSet, Criterion, SelfAssessment
from tests.factories import (
    ResidentialAreaFactory,
    WardFactory,
    city_staff,
    leadership,
    org_officer,
    ward_officer,
)
from tests.programs.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    ProgrammeFactory,
    SelfAssessmentFactory,
)

pytestmark = pytest.mark.django_db


def _set(count=3):
    criteria_set = CriteriaSetFactory(programme=ProgrammeFactory())
    for _ in range(count):
        CriterionFactory(criteria_set=criteria_set)
    return criteria_set


def _assess(area, criteria_set, met: int, *, confirmed=True, year=2025):
    assessment = SelfAssessmentFactory(area=area, criteria_set=criteria_set, year=year)
    for index, criterion in enumerate(criteria_set.criteria.all()):
        AssessmentAnswer.objects.create(assessment=assessment, criterion=criterion, met=index < met)
    if confirmed:
        services.assessment_confirm(assessment=assessment, by=city_staff())
    return assessment


def test_example_criteria_set_is_seeded_with_twelve_criteria_in_four_groups():
    from programs.services import programme_load_reference

    programme, _ = programme_load_reference()
    programme_load_reference()
    example = CriteriaSet.objects.get(programme=programme)
    assert example.is_example and "mẫu" in example.name and "05/HD-MTTQ-BTT" in example.name
    criteria = Criterion.objects.filter(criteria_set=example)
    assert criteria.count() == 12
    assert set(criteria.values_list("group", flat=True)) == {"doan_ket", "tu_quan", "am_no", "hanh_phuc"}


def test_areas_meeting_all_criteria_counts_only_confirmed_assessments_meeting_every_criterion():
    criteria_set = _set(3)
    ward_a, ward_b = WardFactory(), WardFactory()
    _assess(ResidentialAreaFactory(ward=ward_a), criteria_set, met=3)
    _assess(ResidentialAreaFactory(ward=ward_a), criteria_set, met=3)
    _assess(ResidentialAreaFactory(ward=ward_a), criteria_set, met=2)  # one criterion not met
    _assess(ResidentialAreaFactory(ward=ward_a), criteria_set, met=3, confirmed=False)
    _assess(ResidentialAreaFactory(ward=ward_b), criteria_set, met=3)
    _assess(ResidentialAreaFactory(ward=ward_b), criteria_set, met=3, year=2024)
    partial = _assess(ResidentialAreaFactory(ward=ward_b), criteria_set, met=0)
    # An assessment missing an answer for a criterion does not meet it.
    AssessmentAnswer.objects.filter(assessment=partial).delete()
    figure = selectors.areas_meeting_all_criteria(criteria_set.programme, 2025)
    assert figure == {ward_a.pk: 2, ward_b.pk: 1}
    assert selectors.areas_meeting_all_criteria(criteria_set.programme, 2024) == {ward_b.pk: 1}
    assert selectors.areas_meeting_all_criteria(criteria_set.programme, 2026) == {}


def test_a_criterion_added_later_must_also_be_met():
    criteria_set = _set(2)
    area = ResidentialAreaFactory()
    _assess(area, criteria_set, met=2)
    assert selectors.areas_meeting_all_criteria(criteria_set.programme, 2025) == {area.ward_id: 1}
    CriterionFactory(criteria_set=criteria_set)
    assert selectors.areas_meeting_all_criteria(criteria_set.programme, 2025) == {}


def test_ward_officer_assesses_an_area_of_their_ward(login):
    criteria_set = _set(2)
    area = ResidentialAreaFactory()
    client = login(ward_officer(ward=area.ward))
    url = reverse("programs:assessment_edit", args=[area.pk, 2025])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-met": "on",
            "form-0-evidence": "Biên bản họp",
            "form-1-evidence": "",
        },
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(area=area, year=2025, criteria_set=criteria_set)
    assert [a.met for a in assessment.answers.all()] == [True, False]
    assert assessment.answers.first().evidence == "Biên bản họp"
    assert assessment.confirmed_at is None


def test_ward_officer_gets_404_for_another_wards_area_on_get_and_post(login):
    _set(1)
    other_area = ResidentialAreaFactory()
    client = login(ward_officer())
    url = reverse("programs:assessment_edit", args=[other_area.pk, 2025])
    assert client.get(url).status_code == 404
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-met": "on"}
    assert client.post(url, data).status_code == 404
    assert not SelfAssessment.objects.exists()


def test_redoing_an_assessment_needs_a_new_confirmation(login):
    criteria_set = _set(1)
    area = ResidentialAreaFactory()
    assessment = _assess(area, criteria_set, met=1)
    login(ward_officer(ward=area.ward)).post(
        reverse("programs:assessment_edit", args=[area.pk, 2025]),
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-met": "on"},
    )
    assessment.refresh_from_db()
    assert assessment.confirmed_at is None and assessment.confirmed_by is None


def test_city_staff_confirm_and_others_may_not(login):
    criteria_set = _set(1)
    area = ResidentialAreaFactory()
    assessment = _assess(area, criteria_set, met=1, confirmed=False)
    url = reverse("programs:assessment_confirm", args=[assessment.pk])
    assert login(leadership()).post(url).status_code == 403
    assert login(ward_officer(ward=area.ward)).post(url).status_code == 403
    staff = city_staff()
    assert login(staff).post(url).status_code == 302
    assessment.refresh_from_db()
    assert assessment.confirmed_by == staff and assessment.confirmed_at is not None


def test_assessment_list_shows_each_role_its_areas(login):
    criteria_set = _set(2)
    own = ResidentialAreaFactory(name="Khối phố của tôi")
    ResidentialAreaFactory(name="Khối phố khác")
    _assess(own, criteria_set, met=1, confirmed=False)
    page = login(ward_officer(ward=own.ward)).get(reverse("programs:assessment_list") + "?year=2025").text
    assert "Khối phố của tôi" in page and "Khối phố khác" not in page and "1/2" in page
    assert "0 khu dân cư đạt tất cả các tiêu chí" in page
    city_page = login(city_staff()).get(reverse("programs:assessment_list") + "?year=2025").text
    assert "Khối phố khác" in city_page and "Xác nhận" in city_page
    assert login(org_officer()).get(reverse("programs:assessment_list")).status_code == 403


def test_city_staff_manage_criteria_and_leadership_only_read(login):
    criteria_set = _set(0)
    area = criteria_set.programme.content_areas.get(number=2)
    data = {"group": "tu_quan", "content_area": area.pk, "code": "tq9", "text": "Có tổ hòa giải", "order": 9}
    assert (
        login(leadership())
        .post(reverse("programs:criterion_create", args=[criteria_set.pk]), data)
        .status_code
        == 403
    )
    assert login(leadership()).get(reverse("programs:criteria_list")).status_code == 200
    assert (
        login(city_staff())
        .post(reverse("programs:criterion_create", args=[criteria_set.pk]), data)
        .status_code
        == 302
    )
    assert Criterion.objects.get().code == "TQ9"
    again = login(city_staff()).post(reverse("programs:criterion_create", args=[criteria_set.pk]), data)
    assert "đã có tiêu chí mã TQ9" in again.text
