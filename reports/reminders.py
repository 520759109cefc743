"""Reminders to units that have not submitted, and the city staff's daily digest of missing units."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.formatting import short_date

from .models import AWAITING_REVIEW, Period, PeriodUnit, ReminderLog, ReminderStep, UnitReport
from .notifications import notify_city_staff, notify_unit_officers

# Days from the due date on which each reminder goes out.
STEPS = {ReminderStep.WEEK_BEFORE: -7, ReminderStep.DAY_BEFORE: -1, ReminderStep.DAY_AFTER: 1}
# The digest runs from 7 days before the due date to this many days after it.
DIGEST_DAYS_AFTER = 3


def _missing_units(period: Period) -> list[PeriodUnit]:
    submitted = UnitReport.objects.filter(period=period, first_submitted_at__isnull=False)
    return list(
        PeriodUnit.objects.filter(period=period)
        .exclude(ward__in=submitted.filter(ward__isnull=False).values("ward"))
        .exclude(organisation__in=submitted.filter(organisation__isnull=False).values("organisation"))
        .select_related("ward", "organisation")
    )


def _text(period: Period, step: str) -> str:
    due = short_date(period.due_date)
    if step == ReminderStep.DAY_AFTER:
        return (
            f"Báo cáo kỳ {period.code} của đơn vị đã quá hạn ({due}). Đề nghị nộp ngay, kèm lý do nộp muộn."
        )
    days = -STEPS[step]
    return f"Nhắc nhở: còn {days} ngày đến hạn nộp báo cáo kỳ {period.code} (hạn {due})."


def send_due_reminders(*, today: datetime.date | None = None) -> int:
    """Notify (portal + email) the officers of each unit that has not submitted, once per step."""
    today = today or timezone.localdate()
    sent = 0
    for step, offset in STEPS.items():
        for period in Period.objects.filter(due_date=today - datetime.timedelta(days=offset)):
            for unit in _missing_units(period):
                sent += _remind(period, unit, step)
    return sent


@transaction.atomic
def _remind(period: Period, unit: PeriodUnit, step: str) -> int:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(period=period, unit=unit, step=step)
    except IntegrityError:
        return 0  # already reminded for this step
    notify_unit_officers(
        ward_id=unit.ward_id,
        organisation_id=unit.organisation_id,
        text=_text(period, step),
        url=reverse("reports:my_reports"),
    )
    return 1


def send_missing_digest(*, today: datetime.date | None = None) -> int:
    """One notification per city staff member: the reports waiting for review, and the missing units of
    periods in their last week."""
    today = today or timezone.localdate()
    periods = Period.objects.filter(
        due_date__gte=today - datetime.timedelta(days=DIGEST_DAYS_AFTER),
        due_date__lte=today + datetime.timedelta(days=7),
    )
    lines = []
    waiting = UnitReport.objects.filter(status__in=AWAITING_REVIEW).order_by("submitted_at")
    count = waiting.count()
    if count:
        oldest = waiting.first().submitted_at
        days = (today - timezone.localtime(oldest).date()).days if oldest else 0
        lines.append(f"{count} báo cáo chờ tiếp nhận (lâu nhất {days} ngày)")
    for period in periods:
        missing = _missing_units(period)
        if missing:
            names = ", ".join(unit.unit_name for unit in missing)
            lines.append(
                f"Kỳ {period.code} (hạn {short_date(period.due_date)}): "
                f"{len(missing)} đơn vị chưa nộp: {names}"
            )
    if not lines:
        return 0
    text = "Tổng hợp ngày " + short_date(today) + ". " + " | ".join(lines)
    url = reverse("reports:review_queue") if count else reverse("reports:period_list")
    with transaction.atomic():
        notice = notify_city_staff(text=text, url=url)
    return len(notice.notification_ids)
