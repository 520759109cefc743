"""Factories for the programs app: programme, pilots, evaluations, criteria and assessments."""

import datetime

import factory
from factory.django import DjangoModelFactory

from programs.models import (
    ContentArea,
    CriteriaSet,
    Criterion,
    Evaluation,
    Pilot,
    Programme,
    SelfAssessment,
)
from tests.factories import ResidentialAreaFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("plan_number",)
        skip_postgeneration_save = True

    name = "Chương trình xây dựng Khu dân cư tự quản, đoàn kết, ấm no, hạnh phúc"
    plan_number = "48/KH-MTTQ-BTT"
    plan_date = datetime.date(2025, 2, 18)
    issuing_body = "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Tam Kỳ"
    term_start = 2024
    term_end = 2029
    motto = "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng"

    @factory.post_generation
    def content_areas(obj, create, extracted, **kwargs):
        if create:
            for number in (1, 2, 3):
                ContentArea.objects.get_or_create(
                    programme=obj,
                    number=number,
                    defaults={
                        "title": f"Nội dung {number}",
                        "short_title": f"ND {number}",
                        "focus_topics": "A\nB",
                    },
                )


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
