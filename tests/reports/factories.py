"""Factories for the reports app: periods, expected units and unit reports."""

import factory
from factory.django import DjangoModelFactory

from reports.models import Period, PeriodKind, PeriodUnit, UnitReport, period_defaults
from tests.factories import ProgrammeFactory, WardFactory  # noqa: F401

FILLED = {
    "situation": "Tình hình ổn định.",
    "results": "Kết quả tốt.",
    "strengths": "Ưu điểm rõ.",
    "weaknesses": "Còn hạn chế.",
    "directions": "Tiếp tục thực hiện.",
}


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ["code"]

    kind = PeriodKind.SIX_MONTH
    year = 2025
    code = factory.LazyAttribute(lambda o: period_defaults(o.kind, o.year)["code"])
    window_start = factory.LazyAttribute(lambda o: period_defaults(o.kind, o.year)["window_start"])
    window_end = factory.LazyAttribute(lambda o: period_defaults(o.kind, o.year)["window_end"])
    due_date = factory.LazyAttribute(lambda o: period_defaults(o.kind, o.year)["due_date"])
    compile_date = factory.LazyAttribute(lambda o: period_defaults(o.kind, o.year)["compile_date"])


class PeriodUnitFactory(DjangoModelFactory):
    class Meta:
        model = PeriodUnit

    period = factory.SubFactory(PeriodFactory)
    ward = factory.SubFactory(WardFactory)


class UnitReportFactory(DjangoModelFactory):
    """A draft with every required section written, for a ward expected in the period."""

    class Meta:
        model = UnitReport
        skip_postgeneration_save = True

    period = factory.SubFactory(PeriodFactory)
    ward = factory.SubFactory(WardFactory)
    situation = FILLED["situation"]
    results = FILLED["results"]
    strengths = FILLED["strengths"]
    weaknesses = FILLED["weaknesses"]
    directions = FILLED["directions"]
    # The 2025 periods are past: tests not about timeliness submit late, with a reason.
    late_reason = "Lý do nộp muộn (thử)."

    @factory.post_generation
    def expected(obj, create, extracted, **kwargs):
        if create:
            PeriodUnit.objects.get_or_create(period=obj.period, ward=obj.ward, organisation=obj.organisation)
