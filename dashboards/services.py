"""Writes started from the home pages: reminding a unit that has not submitted its report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.formatting import short_date
from reports.models import Notification, PeriodUnit
from wards.models import User


def remind_unit(*, period_unit: PeriodUnit, by: User) -> int:
    """A notification to every active officer of the unit (emailed by the periodic task); returns how many."""
    officers = User.objects.filter(is_active=True)
    if period_unit.ward_id:
        officers = officers.filter(ward_id=period_unit.ward_id)
    else:
        officers = officers.filter(organisation_id=period_unit.organisation_id)
    period = period_unit.period
    text = _("Reminder from the city Front office: the report for %(code)s is due on %(due)s.") % {
        "code": period.code,
        "due": short_date(period.due_date),
    }
    url = reverse("reports:my_reports")
    created = Notification.objects.bulk_create(
        [Notification(user=user, text=text, url=url) for user in officers]
    )
    return len(created)
