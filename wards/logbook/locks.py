"""Whether a unit's records on a day are locked because its report for that period was accepted."""

import datetime


def is_locked(unit_ward_id: int | None, unit_organisation_id: int | None, day: datetime.date) -> bool:
    """True when the unit's report covering `day` is accepted. The reports app will answer; not yet."""
    return False
