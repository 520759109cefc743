"""Whether a unit's records on a day are locked because its report for that period was accepted.

The locks are rows of `LockedWindow`, written by the reports app when it accepts a report and deleted
when it reopens it; this module only reads them (the logbook sits below the reports app).
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from wards.models import LockedWindow


def lock_for(unit_ward_id: int | None, unit_organisation_id: int | None, day: datetime.date):
    """The lock covering the unit's records dated `day`, or None (one query)."""
    if day is None or (unit_ward_id is None and unit_organisation_id is None):
        return None
    unit = Q(ward_id=unit_ward_id) if unit_ward_id is not None else Q(organisation_id=unit_organisation_id)
    return LockedWindow.objects.filter(unit, start__lte=day, end__gte=day).order_by("pk").first()


def is_locked(unit_ward_id: int | None, unit_organisation_id: int | None, day: datetime.date) -> bool:
    """True when the unit's report covering `day` is accepted."""
    return lock_for(unit_ward_id, unit_organisation_id, day) is not None


def record_day(record) -> datetime.date | None:
    """The day that places a logbook record in a report's window."""
    for field in ("date", "start_date", "meeting_date", "review_date"):
        value = getattr(record, field, None)
        if value:
            return value
    return None


def record_lock(record):
    """The lock holding a saved record as it is stored, or None."""
    ward_id, organisation_id = record.unit_ids
    return lock_for(ward_id, organisation_id, record_day(record))
