"""A role decides the binding: ward officers to one ward, organisation officers to one organisation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from core.scope import Role, scope_of
from tests import factories as f
from wards.models import User

pytestmark = pytest.mark.django_db


def test_ward_officer_without_a_ward_fails_validation_with_a_vietnamese_message():
    user = User(username="x", role=Role.WARD_OFFICER)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "Cán bộ xã/phường phải gắn với đúng một xã/phường." in error.value.message_dict["ward"]


def test_ward_officer_without_a_ward_cannot_be_saved_even_bypassing_validation():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.WARD_OFFICER)


def test_organisation_officer_without_an_organisation_cannot_be_saved():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.ORG_OFFICER)


def test_ward_officer_bound_to_an_organisation_too_cannot_be_saved():
    with pytest.raises(IntegrityError):
        User.objects.create(
            username="x",
            role=Role.WARD_OFFICER,
            ward=f.WardFactory(),
            organisation=f.MemberOrganisationFactory(),
        )


def test_city_staff_bound_to_a_ward_cannot_be_saved():
    with pytest.raises(IntegrityError):
        User.objects.create(username="x", role=Role.CITY_STAFF, ward=f.WardFactory())


@pytest.mark.parametrize("role", [Role.CITY_STAFF, Role.LEADERSHIP, Role.ADMINISTRATOR])
def test_city_level_roles_are_saved_without_a_unit(role):
    user = User(username=f"u-{role}", role=role)
    user.full_clean(exclude=["password"])
    user.save()
    assert scope_of(user).is_city_wide


def test_scope_of_a_ward_officer_names_their_ward_only():
    ward = f.WardFactory()
    scope = scope_of(f.ward_officer(ward=ward))
    assert (scope.is_ward, scope.ward_id, scope.is_city_wide, scope.manages_city) == (
        True,
        ward.pk,
        False,
        False,
    )


def test_an_inactive_user_has_no_scope():
    user = f.city_staff(is_active=False)
    assert scope_of(user).role is None


def test_superuser_is_scoped_as_administrator():
    user = f.UserFactory(role=Role.ADMINISTRATOR, is_superuser=True)
    assert scope_of(user).manages_city
