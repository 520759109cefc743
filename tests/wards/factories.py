"""Factories for the logbook: models, activities, covenants."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories import (  # noqa: F401 - re-exported for the logbook tests
    ContentAreaFactory,
    ProgrammeFactory,
    ResidentialAreaFactory,
    WardFactory,
)
from wards.models import Activity, ActivityType, Covenant, ModelType, SelfManagementModel


def activity_type(code: str = "propaganda") -> ActivityType:
    return ActivityType.objects.get(code=code)


def model_type() -> ModelType:
    return ModelType.objects.order_by("order").first()


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    date = datetime.date(2025, 3, 10)
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    content_area = factory.SubFactory(ContentAreaFactory)
    activity_type = factory.LazyFunction(activity_type)
    ward = factory.SubFactory(WardFactory)
    participants = 50


class SelfManagementModelFactory(DjangoModelFactory):
    class Meta:
        model = SelfManagementModel

    name = factory.Sequence(lambda n: f"Mô hình {n}")
    model_type = factory.LazyFunction(model_type)
    content_area = factory.SubFactory(ContentAreaFactory)
    ward = factory.SubFactory(WardFactory)
    start_date = datetime.date(2025, 1, 15)
    households = 40


class CovenantFactory(DjangoModelFactory):
    class Meta:
        model = Covenant

    area = factory.SubFactory(ResidentialAreaFactory)
    kind = "huong_uoc"
    title = factory.Sequence(lambda n: f"Hương ước {n}")
    meeting_date = datetime.date(2025, 3, 3)
    method = "meeting"
    households_in_favour = 200
    households_total = 300
    status = "adopted"
