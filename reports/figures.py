"""The figures of a unit's report (domain.md §7), computed from the unit's records in the data window.

A ward's figures include the records of the units merged into it (wards/reorganisation.py), dated in
the window; its residential areas are those it had at the end of the window. Each section costs one
query, so a report costs a fixed number of queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import datetime

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from programs.models import Pilot, PilotStatus
from wards.history import ONE_DAY, areas_on, predecessor_ids
from wards.models import Activity, Covenant, SelfManagementModel, Ward


def _unit_of(source) -> tuple:
    """(period, ward_id, organisation_id) of a PeriodUnit or a UnitReport."""
    return source.period, source.ward_id, source.organisation_id


def _owner_q(ward_id: int | list[int] | None, organisation_id: int | None, ward_field: str = "ward") -> Q:
    """A ward's own records (not those of an organisation working in it) or an organisation's records.

    `ward_id` may be a list: a ward together with its predecessors.
    """
    if isinstance(ward_id, list | tuple):
        return Q(**{f"{ward_field}_id__in": ward_id, "organisation__isnull": True})
    if ward_id is not None:
        return Q(**{f"{ward_field}_id": ward_id, "organisation__isnull": True})
    return Q(organisation_id=organisation_id)


def compute_figures(source) -> dict:
    """Figures for the unit and period of `source` (a PeriodUnit or a UnitReport), JSON-ready."""
    period, ward_id, organisation_id = _unit_of(source)
    start, end = period.window_start, period.window_end
    figures: dict = {"window": [start.isoformat(), end.isoformat()]}

    # A ward answers for the units merged into it; their records all predate the merger.
    kdc_count = None
    owner = ward_id
    if ward_id is not None:
        predecessors = predecessor_ids(ward_id)
        owner = [ward_id, *predecessors]
        if predecessors:
            merged = list(
                Ward.objects.filter(pk__in=predecessors, valid_to__gte=start - ONE_DAY, valid_to__lt=end)
                .order_by("name")
                .values_list("kind", "name", "valid_to")
            )
            ended = [m[2] for m in merged if m[2] is not None]  # filtered on valid_to: never None
            if merged:
                figures["former_units"] = {
                    "kind": merged[0][0] if len({m[0] for m in merged}) == 1 else "",
                    "names": [m[1] for m in merged],
                    "before": (max(ended) + ONE_DAY).isoformat(),
                }
        # KDC count: the active residential areas of the ward at the end of the window.
        kdc_count = areas_on(owner, end).count()
        figures["kdc_count"] = kdc_count

    if ward_id is not None:
        figures["pilots"] = [
            {"level": row["level"], "status": row["status"], "area": row["area__name"]}
            for row in Pilot.objects.filter(ward_id__in=owner, is_current=True)
            .values("level", "status", "area__name")
            .order_by("level", "area__name")
        ]

    models_qs = SelfManagementModel.objects.filter(_owner_q(owner, organisation_id), is_deleted=False).filter(
        Q(start_date__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )
    active = Q(status="active")
    totals = models_qs.aggregate(
        active=Count("pk", filter=active),
        new=Count("pk", filter=Q(start_date__gte=start, start_date__lte=end)),
        households=Sum("households", filter=active),
        exemplary=Count("pk", filter=active & Q(is_exemplary=True)),
        replicated=Count("pk", filter=Q(replicated_from__isnull=False)),
    )
    by_type = models_qs.filter(active).values("model_type").annotate(n=Count("pk")).order_by("model_type")
    figures["models"] = {
        "active": totals["active"],
        "new": totals["new"],
        "households": totals["households"] or 0,
        "exemplary": totals["exemplary"],
        "replicated": totals["replicated"],
        "by_type": {row["model_type"]: row["n"] for row in by_type},
    }

    activities = Activity.objects.filter(
        _owner_q(owner, organisation_id), is_deleted=False, date__gte=start, date__lte=end
    )
    totals = activities.aggregate(
        count=Count("pk"),
        participants=Sum("participants"),
        beneficiary_households=Sum("beneficiary_households"),
        funds_cash=Sum("funds_cash"),
        funds_in_kind=Sum("funds_in_kind"),
        houses=Sum("houses", filter=Q(activity_type__counts_houses=True)),
        unity_day_kdcs=Count("area", filter=Q(activity_type__code="unity_day"), distinct=True),
    )
    breakdown = (
        activities.values("content_area__number", "activity_type__code")
        .annotate(n=Count("pk"))
        .order_by("content_area__number", "activity_type__code")
    )
    figures["activities"] = {
        "count": totals["count"],
        "participants": totals["participants"] or 0,
        "beneficiary_households": totals["beneficiary_households"] or 0,
        "funds_cash": totals["funds_cash"] or 0,
        "funds_in_kind": totals["funds_in_kind"] or 0,
        "houses": totals["houses"] or 0,
        "by_content_area": {},
        "by_type": {},
    }
    for row in breakdown:
        area_key = str(row["content_area__number"] or "-")
        by_area = figures["activities"]["by_content_area"]
        by_area[area_key] = by_area.get(area_key, 0) + row["n"]
        by_type = figures["activities"]["by_type"]
        by_type[row["activity_type__code"]] = by_type.get(row["activity_type__code"], 0) + row["n"]
    if ward_id is not None:
        figures["unity_day"] = {"held": totals["unity_day_kdcs"], "of": kdc_count}
    # The records behind the figures, kept with them so a frozen version can be traced (XLSX annex).
    figures["record_ids"] = {
        "activities": sorted(activities.values_list("pk", flat=True)),
        "models": sorted(models_qs.values_list("pk", flat=True)),
    }

    if ward_id is not None:
        covenants = Covenant.objects.filter(
            area__in=areas_on(owner, end, active_only=False).values("pk"), is_deleted=False
        ).aggregate(
            adopted=Count("pk", filter=Q(meeting_date__gte=start, meeting_date__lte=end)),
            reviewed=Count("pk", filter=Q(review_date__gte=start, review_date__lte=end)),
        )
        figures["covenants"] = covenants

    return figures


def figure_rows(figures: dict) -> list[tuple[StrOrPromise, object, str]]:
    """(label, value, kind) rows for the figures table of the page and the PDF; kind is number or money."""
    rows: list[tuple[StrOrPromise, object, str]] = []
    if "former_units" in figures:
        former = figures["former_units"]
        kind = {"phuong": "phường ", "xa": "xã "}.get(former["kind"], "")
        before = datetime.date.fromisoformat(former["before"])
        text = _("includes the figures of %(units)s before %(date)s") % {
            "units": kind + ", ".join(former["names"]),
            "date": short_date(before),
        }
        rows.append((_("Former units"), text, "text"))
    if "kdc_count" in figures:
        rows.append((_("Residential areas (KDC)"), figures["kdc_count"], "number"))
    statuses = dict(PilotStatus.choices)
    for pilot in figures.get("pilots", []):
        # The frozen figures keep the codes; the page and the PDF show the labels.
        status = statuses.get(pilot["status"], pilot["status"])
        rows.append((_("Pilot: %(area)s") % {"area": pilot["area"]}, status, "text"))
    if "models" in figures:
        m = figures["models"]
        rows += [
            (_("Self-management models active"), m["active"], "number"),
            (_("New self-management models"), m["new"], "number"),
            (_("Households in the models"), m["households"], "number"),
            (_("Exemplary models"), m["exemplary"], "number"),
            (_("Replicated models"), m["replicated"], "number"),
        ]
    if "activities" in figures:
        a = figures["activities"]
        rows += [
            (_("Activities"), a["count"], "number"),
            (_("Participants"), a["participants"], "number"),
            (_("Beneficiary households"), a["beneficiary_households"], "number"),
            (_("Funds mobilised in cash"), a["funds_cash"], "money"),
            (_("Funds mobilised in kind"), a["funds_in_kind"], "money"),
            (_("Houses built or repaired"), a["houses"], "number"),
        ]
        for number, count in sorted(a["by_content_area"].items()):
            rows.append((_("Activities under content area %(n)s") % {"n": number}, count, "number"))
    if "unity_day" in figures:
        u = figures["unity_day"]
        rows.append(
            (
                _("Unity Day held"),
                _("in %(held)s of %(of)s KDCs") % {"held": u["held"], "of": u["of"]},
                "text",
            )
        )
    if "covenants" in figures:
        rows += [
            (_("Covenants adopted"), figures["covenants"]["adopted"], "number"),
            (_("Covenants reviewed"), figures["covenants"]["reviewed"], "number"),
        ]
    return rows
