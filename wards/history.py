"""What a unit was on a given day: its predecessors through every merger, its areas on a date, and why a
record dated after a unit ended cannot belong to it. Scope, figures and the compile all ask here."""

from __future__ import annotations

import datetime

from django.db.models import Q
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


def _left_after(day: datetime.date, area_ids: list[int] | None = None) -> dict[int, int]:
    """{area id: the unit it left in its first transfer after `day`} (of `area_ids` only, when given;
    one query over the transfers)."""
    transfers = AreaTransfer.objects.filter(effective_date__gt=day, reorganisation__undone_at__isnull=True)
    if area_ids is not None:
        transfers = transfers.filter(area_id__in=area_ids)
    left: dict[int, int] = {}
    for area_id, from_ward_id in transfers.order_by("area_id", "effective_date", "pk").values_list(
        "area_id", "from_ward_id"
    ):
        left.setdefault(area_id, from_ward_id)
    return left


def area_units_on(
    ward_ids: list[int], day: datetime.date, *, active_only: bool = True
) -> list[tuple[int, int, bool]]:
    """(area id, its unit on `day`, active) for the residential areas (active unless told otherwise) that
    belonged to one of `ward_ids` on `day` (two queries).

    An area's unit on a day is the unit it left in the first transfer after that day, or its current
    unit when it has not moved since. Only an area of these units now, or one that left one of them
    after the day, can qualify: those are read from the indexes, and the rule applied to them here.
    """
    wanted = set(ward_ids)
    left = _left_after(day)
    came_back = [pk for pk, ward_id in left.items() if ward_id in wanted]
    areas = ResidentialArea.objects.filter(Q(ward_id__in=wanted) | Q(pk__in=came_back))
    if active_only:
        areas = areas.filter(is_active=True)
    rows = []
    for pk, ward_id, is_active in areas.order_by().values_list("pk", "ward_id", "is_active"):
        on_day = left.get(pk, ward_id)
        if on_day in wanted:
            rows.append((pk, on_day, is_active))
    return rows


def areas_on(ward_ids: list[int], day: datetime.date, *, active_only: bool = True):
    """The residential areas of `area_units_on`, as a queryset."""
    return ResidentialArea.objects.filter(
        pk__in=[pk for pk, _unit, _active in area_units_on(ward_ids, day, active_only=active_only)]
    )


def area_ward_id_on(area: ResidentialArea, day: datetime.date) -> int:
    """The unit the area belonged to on `day` (the rule of `area_units_on`, for one area)."""
    return _left_after(day, [area.pk]).get(area.pk, area.ward_id)


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
