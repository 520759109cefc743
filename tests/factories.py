"""factory_boy factories for the whole suite; tests build only the rows they need."""

import datetime

import factory
from factory.django import DjangoModelFactory

from core.scope import Role
from programs.models import ContentArea, Programme
from wards.models import MemberOrganisation, Organisation, ResidentialArea, User, Ward

PASSWORD = "a-test-password-42"


class WardFactory(DjangoModelFactory):
    class Meta:
        model = Ward

    kind = "phuong"
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Phường thử {n}")
    valid_from = datetime.date(2020, 1, 1)


class ResidentialAreaFactory(DjangoModelFactory):
    class Meta:
        model = ResidentialArea

    ward = factory.SubFactory(WardFactory)
    kind = "khoi_pho"
    name = factory.Sequence(lambda n: f"Khối phố {n}")
    households = 300
    population = 1200


class MemberOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = MemberOrganisation

    name = factory.Sequence(lambda n: f"Hội thử {n}")
    short_name = factory.Sequence(lambda n: f"H{n}")
    kind = "socio_political"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    valid_from = datetime.date(2024, 1, 1)
    signer_name = "Nguyễn Ba"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITY_STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


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


class ContentAreaFactory(DjangoModelFactory):
    class Meta:
        model = ContentArea
        django_get_or_create = ("programme", "number")

    programme = factory.SubFactory(ProgrammeFactory)
    number = 1
    title = "Nội dung 1"
    short_title = "Nội dung 1"


def city_staff(**kwargs) -> User:
    return UserFactory(role=Role.CITY_STAFF, **kwargs)


def leadership(**kwargs) -> User:
    return UserFactory(role=Role.LEADERSHIP, **kwargs)


def ward_officer(ward=None, **kwargs) -> User:
    return UserFactory(role=Role.WARD_OFFICER, ward=ward or WardFactory(), **kwargs)


def org_officer(organisation=None, **kwargs) -> User:
    return UserFactory(
        role=Role.ORG_OFFICER, organisation=organisation or MemberOrganisationFactory(), **kwargs
    )
