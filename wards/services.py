"""Writes to the organisation: units, residential areas, member organisations, configuration."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import MemberOrganisation, Organisation, ResidentialArea, Ward


def ward_save(*, form) -> Ward:
    return form.save()


def ward_deactivate(*, ward: Ward, on: datetime.date | None = None) -> Ward:
    """End a unit's validity; its history and records stay as they are."""
    ward.valid_to = on or timezone.localdate()
    ward.save(update_fields=["valid_to"])
    return ward


def area_save(*, form) -> ResidentialArea:
    return form.save()


def area_set_active(*, area: ResidentialArea, active: bool) -> ResidentialArea:
    area.is_active = active
    area.save(update_fields=["is_active"])
    return area


def organisation_save(*, form) -> MemberOrganisation:
    return form.save()


def member_organisation_set_active(*, organisation: MemberOrganisation, active: bool) -> MemberOrganisation:
    organisation.is_active = active
    organisation.save(update_fields=["is_active"])
    return organisation


@transaction.atomic
def configuration_save(*, form) -> Organisation:
    """Saving with a new 'valid from' date keeps the old configuration for older documents."""
    instance = form.instance
    if instance.pk and form.has_changed() and "valid_from" in form.changed_data:
        instance.pk = None
        instance._state.adding = True
    return form.save()
