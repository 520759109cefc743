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


class WindowCache:
    """The ward locks of many records at once: one query for the wards, then looked up in memory.

    `lock_for` answers as the module's lock_for does (the first lock by pk), for wards only; an import
    checks thousands of rows against the same few windows."""

    def __init__(self, ward_ids=None):
        windows = LockedWindow.objects.filter(ward_id__isnull=False).order_by("pk")
        if ward_ids is not None:
            windows = windows.filter(ward_id__in=list(ward_ids))
        self.by_ward: dict[int, list] = {}
        for window in windows:
            self.by_ward.setdefault(window.ward_id, []).append(window)

    def lock_for(self, unit_ward_id, unit_organisation_id, day):
        if unit_organisation_id is not None:
            return lock_for(unit_ward_id, unit_organisation_id, day)
        if day is None or unit_ward_id is None:
            return None
        return next((w for w in self.by_ward.get(unit_ward_id, ()) if w.start <= day <= w.end), None)


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
