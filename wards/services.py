"""Writes to the organisation: units, residential areas, member organisations, configuration."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import ActivityType, MemberOrganisation, ModelType, Organisation, ResidentialArea, Ward


def ward_deactivate(*, ward: Ward, on: datetime.date | None = None) -> Ward:
    """End a unit's validity; its history and records stay as they are."""
    ward.valid_to = on or timezone.localdate()
    ward.save(update_fields=["valid_to"])
    return ward


def area_set_active(*, area: ResidentialArea, active: bool) -> ResidentialArea:
    area.is_active = active
    area.save(update_fields=["is_active"])
    return area


def member_organisation_set_active(*, organisation: MemberOrganisation, active: bool) -> MemberOrganisation:
    organisation.is_active = active
    organisation.save(update_fields=["is_active"])
    return organisation


@transaction.atomic
def configuration_save(*, current_pk: int | None, values: dict) -> Organisation:
    """A new 'valid from' date starts a new configuration, so older documents keep the body that issued
    them; the same date corrects the configuration in force (`current_pk`)."""
    current = Organisation.objects.filter(pk=current_pk).first() if current_pk else None
    if current is None or values["valid_from"] != current.valid_from:
        return Organisation.objects.create(**values)
    for name, value in values.items():
        setattr(current, name, value)
    current.save()
    return current


def pick_list_save(*, item: ModelType | ActivityType) -> ModelType | ActivityType:
    """Save a pick-list entry; a new activity type gets a unique code made from its name."""
    if isinstance(item, ActivityType) and not item.code:
        base = slugify(item.name.replace("đ", "d").replace("Đ", "D"))[:34] or "loai"
        code, n = base, 1
        while ActivityType.objects.filter(code=code).exclude(pk=item.pk).exists():
            n += 1
            code = f"{base}-{n}"
        item.code = code
    item.save()
    return item


def pick_list_set_active(*, item: ModelType | ActivityType, active: bool) -> ModelType | ActivityType:
    """Retire (or bring back) an entry: records that use it keep it; new records cannot choose it."""
    item.is_active = active
    item.save(update_fields=["is_active"])
    return item
