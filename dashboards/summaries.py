"""The dashboard summary: activities per unit, content area and period, updated on every write."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from reports.models import Period
from wards.logbook.imports import activities_imported
from wards.models import Activity

from .models import ActivityPeriodSummary


def live_rows(period: Period, unit: Q | None = None) -> list[ActivityPeriodSummary]:
    """The summary rows of `period` computed from the activities (optionally of one unit only)."""
    activities = Activity.objects.filter(
        is_deleted=False, date__gte=period.window_start, date__lte=period.window_end
    )
    if unit is not None:
        activities = activities.filter(unit)
    return [
        ActivityPeriodSummary(period_id=period.pk, **row)
        for row in activities.values("ward_id", "organisation_id", "content_area_id")
        .annotate(
            activities=Count("pk"),
            funds=Coalesce(Sum(F("funds_cash") + F("funds_in_kind")), 0),
            participants=Coalesce(Sum("participants"), 0),
            households=Coalesce(Sum("beneficiary_households"), 0),
        )
        .order_by()
    ]


def _unit_q(ward_id: int | None, organisation_id: int | None, prefix: str = "") -> Q:
    return Q(**{f"{prefix}ward_id": ward_id, f"{prefix}organisation_id": organisation_id})


@transaction.atomic
def refresh_unit(ward_id: int | None, organisation_id: int | None, days: list[datetime.date]) -> None:
    """Recompute one unit's rows in every period whose window holds one of `days`."""
    if not days:
        return
    containing = Q()
    for day in days:
        containing |= Q(window_start__lte=day, window_end__gte=day)
    for period in Period.objects.filter(containing):
        ActivityPeriodSummary.objects.filter(_unit_q(ward_id, organisation_id), period_id=period.pk).delete()
        ActivityPeriodSummary.objects.bulk_create(live_rows(period, _unit_q(ward_id, organisation_id)))


@transaction.atomic
def refresh_period(period: Period) -> None:
    ActivityPeriodSummary.objects.filter(period_id=period.pk).delete()
    ActivityPeriodSummary.objects.bulk_create(live_rows(period), batch_size=2000)


def refresh_all() -> int:
    """Rebuild the whole summary (after bulk inserts or a restore); returns the number of periods."""
    periods = list(Period.objects.all())
    ActivityPeriodSummary.objects.exclude(period_id__in=[p.pk for p in periods]).delete()
    for period in periods:
        refresh_period(period)
    return len(periods)


@receiver(pre_save, sender=Activity)
def _remember_previous(sender, instance: Activity, raw=False, **kwargs) -> None:
    instance._summary_before = None
    if instance.pk and not raw:
        instance._summary_before = (
            Activity.objects.filter(pk=instance.pk).values_list("ward_id", "organisation_id", "date").first()
        )


@receiver(post_save, sender=Activity)
@receiver(post_delete, sender=Activity)
def _activity_changed(sender, instance: Activity, raw=False, **kwargs) -> None:
    if raw:
        return
    day = instance.date
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    before = getattr(instance, "_summary_before", None)
    if before and (before[0], before[1]) != (instance.ward_id, instance.organisation_id):
        refresh_unit(before[0], before[1], [before[2]])
        refresh_unit(instance.ward_id, instance.organisation_id, [day])
    else:
        refresh_unit(instance.ward_id, instance.organisation_id, [day, *([before[2]] if before else [])])


@receiver(post_save, sender=Period)
def _period_changed(sender, instance: Period, raw=False, **kwargs) -> None:
    if not raw:
        refresh_period(instance)


@receiver(post_delete, sender=Period)
def _period_deleted(sender, instance: Period, **kwargs) -> None:
    ActivityPeriodSummary.objects.filter(period_id=instance.pk).delete()


@receiver(activities_imported)
def _activities_imported(sender, units: dict, **kwargs) -> None:
    """An Excel import wrote activities in bulk (no post_save): refresh each unit's periods once."""
    for (ward_id, organisation_id), days in units.items():
        refresh_unit(ward_id, organisation_id, sorted(days))
