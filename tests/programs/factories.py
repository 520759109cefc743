"""Factories for the programs app: programme, pilots, evaluations, criteria and assessments."""

import datetime

import factory
from factory.django import DjangoModelFactory

from programs.models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    Pilot,
    SelfAssessment,
)
from tests.factories import ContentAreaFactory, ProgrammeFactory, ResidentialAreaFactory  # noqa: F401


class PilotFactory(DjangoModelFactory):
    class Meta:
        model = Pilot

    programme = factory.SubFactory(ProgrammeFactory)
    level = "ward"
    area = factory.SubFactory(ResidentialAreaFactory)
    ward = factory.LazyAttribute(lambda pilot: pilot.area.ward)
    decision_number = factory.Sequence(lambda n: f"{n + 1:02d}/QĐ-MTTQ")
    decision_date = datetime.date(2025, 3, 1)
    selected_on = datetime.date(2025, 3, 1)
    responsible_officer = "Nguyễn Văn Phụ Trách"
    goals = "Xây dựng khu dân cư tự quản"


class CityPilotFactory(PilotFactory):
    level = "city"
    ward = None


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    pilot = factory.SubFactory(PilotFactory)
    evaluated_on = datetime.date(2025, 11, 20)
    rating = "good"
    results = "Kết quả tốt"
    lessons = "Bài học"
    recommend_replication = True


class CriteriaSetFactory(DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Bộ tiêu chí {n}")
    is_example = True
    year_from = 2024


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    group = "doan_ket"
    content_area = factory.LazyAttribute(lambda c: c.criteria_set.programme.content_areas.get(number=1))
    code = factory.Sequence(lambda n: f"C{n}")
    text = factory.Sequence(lambda n: f"Tiêu chí {n}")
    order = factory.Sequence(lambda n: n)


class SelfAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    area = factory.SubFactory(ResidentialAreaFactory)
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    year = 2025
