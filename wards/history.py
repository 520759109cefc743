"""What a unit was on a given day: its predecessors through every merger, its areas on a date, and why a
record dated after a unit ended cannot belong to it. Scope, figures and the compile all ask here."""

from __future__ import annotations

import datetime

from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from .models import AreaTransfer, ResidentialArea, Ward

ONE_DAY = datetime.timedelta(days=1)


def _successor_of() -> dict[int, int]:
    return dict(Ward.objects.filter(successor__isnull=False).values_list("pk", "successor_id"))


def predecessor_ids(ward_id: int) -> list[int]:
    """The units merged into `ward_id`, directly or through earlier mergers (one query)."""
    return sorted(pk for pk, owner in owners([ward_id]).items() if pk != ward_id)


def unit_and_predecessor_ids(ward_id: int) -> list[int]:
    """`ward_id` first, then every unit merged into it: the ids whose records count for it (one query)."""
    return [ward_id, *predecessor_ids(ward_id)]


def owners(ward_ids: list[int], successor_of: dict[int, int] | None = None) -> dict[int, int]:
    """{unit id: the unit of `ward_ids` its records count for}: each unit itself, and every unit merged
    into it directly or through a chain of mergers (one query unless `successor_of` is given)."""
    successor_of = _successor_of() if successor_of is None else successor_of
    owner = {pk: pk for pk in ward_ids}
    for pk in successor_of:
        seen, current = set(), pk
        while current in successor_of and current not in owner and current not in seen:
            seen.add(current)
            current = successor_of[current]
        if current in owner and pk not in owner:
            owner[pk] = owner[current]
    return owner


def counted_for(ward_ids: list[int], successor_of: dict[int, int] | None = None) -> dict[int, list[int]]:
    """{unit id: the units of `ward_ids` its records count for}: a unit counts for itself and for every
    unit of `ward_ids` it was merged into, directly or through a chain of mergers (one query unless
    `successor_of` is given). Unlike `owners`, a unit listed beside its successor counts for both."""
    successor_of = _successor_of() if successor_of is None else successor_of
    wanted = set(ward_ids)
    result: dict[int, list[int]] = {}
    for pk in wanted | set(successor_of):
        chain: list[int] = []
        current: int | None = pk
        seen: set[int] = set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in wanted:
                chain.append(current)
            current = successor_of.get(current)
        if chain:
            result[pk] = chain
    return result


def areas_on(ward_ids: list[int], day: datetime.date, *, active_only: bool = True):
    """Residential areas (active unless told otherwise) that belonged to one of `ward_ids` on `day`.

    An area's unit on a day is the unit it left in the first transfer after that day, or its current
    unit when it has not moved since.
    """
    left_later = Subquery(
        AreaTransfer.objects.filter(
            area=OuterRef("pk"), effective_date__gt=day, reorganisation__undone_at__isnull=True
        )
        .order_by("effective_date", "pk")
        .values("from_ward_id")[:1]
    )
    areas = ResidentialArea.objects.filter(is_active=True) if active_only else ResidentialArea.objects.all()
    # Only an area of these units now, or one that left one of them after the day, can qualify: the
    # candidates come from the indexes, and the subquery runs for them alone.
    left_one_of_them = AreaTransfer.objects.filter(
        effective_date__gt=day, from_ward_id__in=ward_ids, reorganisation__undone_at__isnull=True
    ).values("area_id")
    return (
        areas.filter(Q(ward_id__in=ward_ids) | Q(pk__in=left_one_of_them))
        .annotate(ward_on_day=Coalesce(left_later, F("ward_id"), output_field=IntegerField()))
        .filter(ward_on_day__in=ward_ids)
    )


def area_ward_id_on(area: ResidentialArea, day: datetime.date) -> int:
    """The unit the area belonged to on `day`."""
    transfer = (
        AreaTransfer.objects.filter(area=area, effective_date__gt=day, reorganisation__undone_at__isnull=True)
        .order_by("effective_date", "pk")
        .first()
    )
    return transfer.from_ward_id if transfer else area.ward_id


def ward_refusal(ward: Ward | None, day: datetime.date | None) -> str | None:
    """Why a record dated `day` cannot belong to `ward`, or None when it can."""
    if ward is None or day is None:
        return None
    if ward.valid_to is not None and day > ward.valid_to:
        if ward.successor is not None:
            return _("%(unit)s was merged into %(successor)s from %(date)s: record it for %(successor)s.") % {
                "unit": ward.display_name,
                "successor": ward.successor.display_name,
                "date": formats.date_format(ward.valid_to + ONE_DAY, "SHORT_DATE_FORMAT"),
            }
        return _("%(unit)s ceased on %(date)s.") % {
            "unit": ward.display_name,
            "date": formats.date_format(ward.valid_to, "SHORT_DATE_FORMAT"),
        }
    if day < ward.valid_from:
        return _(
            "%(unit)s exists from %(date)s; earlier records belong to the former units "
            "(the city office records them)."
        ) % {"unit": ward.display_name, "date": formats.date_format(ward.valid_from, "SHORT_DATE_FORMAT")}
    return None
