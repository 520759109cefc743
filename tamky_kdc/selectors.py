"""Reads for the home pages: a fixed number of queries whatever the amount of data."""

from wards.models import MemberOrganisation, ResidentialArea, Ward
from wards.scope import scope_of


def home_context(user) -> dict:
    scope = scope_of(user)
    context: dict = {}
    if scope.is_city_wide:
        context["ward_count"] = Ward.objects.current().count()
        context["area_count"] = ResidentialArea.objects.active().count()
        context["organisation_count"] = MemberOrganisation.objects.active().count()
    elif scope.is_ward:
        context["ward"] = user.ward
        context["areas"] = ResidentialArea.objects.for_user(user).active().order_by("name")
    elif scope.is_organisation:
        context["organisation"] = user.organisation
    return context
