"""The figures of a unit's report (domain.md §7), computed from the unit's records in the data window.

A ward's figures include the records of the units merged into it (wards/reorganisation.py), dated in
the window; its residential areas are those it had at the end of the window. Each section costs one
query, so a report costs a fixed number of queries.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from programs.models import ContentArea, Pilot, PilotStatus
from wards.history import ONE_DAY, area_units_on, counted_for
from wards.models import Activity, ActivityType, Covenant, SelfManagementModel, Ward

Unit = tuple[int | None, int | None]  # (ward id, organisation id): one of the two is None


def compute_figures(source) -> dict:
    """Figures for the unit and period of `source` (a PeriodUnit or a UnitReport), JSON-ready."""
    unit = (source.ward_id, source.organisation_id)
    return compute_figures_many(source.period, [unit])[unit]


SECTIONS = frozenset({"areas", "pilots", "models", "activities", "covenants"})


def compute_figures_many(
    period,
    units: list[Unit],
    *,
    record_ids: bool = True,
    sections: frozenset[str] = SECTIONS,
    window_rows: WindowRows | None = None,
) -> dict[Unit, dict]:
    """{unit: its figures} for the period, each exactly as `compute_figures` gives it, in a fixed number
    of queries whatever the number of units (the compile, the leadership table and the period dashboard
    read many units at once). `record_ids=False` leaves out the ids of the records behind the figures.
    With fewer `sections`, only those parts are computed, each exactly as in the whole (a table sorted by
    one figure needs that figure of every unit, and the rest of the shown ones only). `window_rows`: the
    period's `window_activity_rows`, when the caller has read them already (the compile reads the window
    once, for every unit's figures and for the totals by content area)."""
    if record_ids and sections != SECTIONS:
        raise ValueError("record ids are kept with whole figures only")
    if window_rows is not None and window_rows.window != (period.window_start, period.window_end):
        raise ValueError("the activity rows are of another window")
    start, end = period.window_start, period.window_end
    scope = _UnitScope.of(period, units)
    result: dict[Unit, dict] = {unit: {"window": [start.isoformat(), end.isoformat()]} for unit in units}
    wards = {w: result[(w, None)] for w in scope.ward_ids}
    counts_for, owner_ids = scope.counts_for, scope.owner_ids

    def targets(ward_id: int | None, organisation_id: int | None) -> list[dict]:
        """The figures a record of (ward, organisation) counts in."""
        return [result[unit] for unit in scope.units_of(ward_id, organisation_id)]

    _former_units(wards, counts_for, start, end)
    area_targets = _areas(wards, counts_for, owner_ids, end) if sections & {"areas", "covenants"} else {}
    if "pilots" in sections:
        _pilots(wards, targets, owner_ids)
    if "models" in sections:
        _models(result, targets, scope.models(), start, end)
    if "activities" in sections:
        rows = (
            window_rows if window_rows is not None else _grouped_activities(scope.activities(), (start, end))
        )
        _activities(result, targets, rows)
        _unity_day(wards, counts_for, rows)
    if record_ids:
        # The records behind the figures, kept with them so a frozen version can be traced (XLSX annex).
        found = _record_ids(scope)
        for unit, figures in result.items():
            ids = found.get(unit, {})
            figures["record_ids"] = {kind: list(ids.get(kind, ())) for kind in ("activities", "models")}
    if "covenants" in sections:
        _covenants(wards, area_targets, start, end)
    return result


def record_ids_many(period, units: list[Unit]) -> dict[Unit, dict[str, array]]:
    """{unit: {"activities": ids, "models": ids}}: the records behind each unit's live figures, exactly
    those compute_figures_many counts, read as a stream into compact arrays (a national annex traces
    millions of activities)."""
    return _record_ids(_UnitScope.of(period, units))


@dataclass(frozen=True)
class _UnitScope:
    """The units whose figures are computed, and which records count for which: a ward answers for the
    units merged into it (their records all predate the merger), an organisation for its own records."""

    start: datetime.date
    end: datetime.date
    ward_ids: list[int]
    organisation_ids: set[int]
    counts_for: dict[int, list[int]]

    @classmethod
    def of(cls, period, units: list[Unit]) -> _UnitScope:
        ward_ids = sorted({w for w, _o in units if w is not None})
        return cls(
            start=period.window_start,
            end=period.window_end,
            ward_ids=ward_ids,
            organisation_ids={o for w, o in units if w is None and o is not None},
            counts_for=counted_for(ward_ids) if ward_ids else {},
        )

    @property
    def owner_ids(self) -> list[int]:
        return sorted(self.counts_for)

    def units_of(self, ward_id: int | None, organisation_id: int | None) -> list[Unit]:
        """The units a record of (ward, organisation) counts for."""
        if organisation_id is not None:
            return [(None, organisation_id)] if organisation_id in self.organisation_ids else []
        return [(w, None) for w in self.counts_for.get(ward_id, [])] if ward_id is not None else []

    def _owned(self) -> Q:
        return Q(ward_id__in=self.owner_ids, organisation__isnull=True) | Q(
            organisation_id__in=sorted(self.organisation_ids)
        )

    def activities(self):
        return Activity.objects.filter(
            self._owned(), is_deleted=False, date__gte=self.start, date__lte=self.end
        )

    def models(self):
        return SelfManagementModel.objects.filter(self._owned(), is_deleted=False).filter(
            Q(start_date__lte=self.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=self.start))
        )


def _record_ids(scope: _UnitScope) -> dict[Unit, dict[str, array]]:
    ids: dict[Unit, dict[str, array]] = {}
    for kind, records in (("activities", scope.activities()), ("models", scope.models())):
        lists: dict[Unit, list[array]] = {}  # a record's (ward, organisation) -> the id lists it goes in
        rows = records.values_list("pk", "ward_id", "organisation_id").order_by("pk")
        for pk, ward_id, organisation_id in rows.iterator(chunk_size=20_000):
            into = lists.get((ward_id, organisation_id))
            if into is None:
                into = lists[(ward_id, organisation_id)] = [
                    ids.setdefault(unit, {"activities": array("q"), "models": array("q")})[kind]
                    for unit in scope.units_of(ward_id, organisation_id)
                ]
            for values in into:
                values.append(pk)
    return ids


def _pilots(wards: dict, targets, owner_ids: list[int]) -> None:
    for figures in wards.values():
        figures["pilots"] = []
    for ward_id, level, status, area in (
        Pilot.objects.filter(ward_id__in=owner_ids, is_current=True)
        .values_list("ward_id", "level", "status", "area__name")
        .order_by("level", "area__name", "pk")
    ):
        for figures in targets(ward_id, None):
            figures["pilots"].append({"level": level, "status": status, "area": area})


def _unity_day(wards: dict, counts_for: dict, rows: WindowRows) -> None:
    """The residential areas that held Unity Day (each counted once) in each ward's figures."""
    for figures in wards.values():
        figures["unity_day"] = {"held": 0, "of": figures.get("kdc_count", 0)}
    unity_day: dict[int, set[int]] = {}
    for row in rows.rows:
        if row.unity_area_id is not None:
            for target in counts_for.get(row.ward_id, []):
                unity_day.setdefault(target, set()).add(row.unity_area_id)
    for ward_id, areas in unity_day.items():
        wards[ward_id]["unity_day"]["held"] = len(areas)


def _former_units(wards: dict, counts_for: dict, start: datetime.date, end: datetime.date) -> None:
    """The units merged into each ward during the window (or on its first day): "gồm số liệu của …"."""
    predecessors = [pk for pk, chain in counts_for.items() if any(w != pk for w in chain)]
    merged: dict[int, list[tuple]] = {}
    for pk, kind, name, valid_to in (
        Ward.objects.filter(pk__in=predecessors, valid_to__gte=start - ONE_DAY, valid_to__lt=end)
        .order_by("name")
        .values_list("pk", "kind", "name", "valid_to")
    ):
        for target in counts_for[pk]:
            if target != pk:
                merged.setdefault(target, []).append((kind, name, valid_to))
    for ward_id, rows in merged.items():
        wards[ward_id]["former_units"] = {
            "kind": rows[0][0] if len({row[0] for row in rows}) == 1 else "",
            "names": [row[1] for row in rows],
            "before": (max(row[2] for row in rows) + ONE_DAY).isoformat(),
        }


def _areas(wards: dict, counts_for: dict, owner_ids: list[int], end: datetime.date) -> dict[int, list[int]]:
    """Count each ward's active residential areas at the end of the window; return {area id: the wards
    it belonged to then} (for covenants, whose area may since have moved or closed)."""
    for figures in wards.values():
        figures["kdc_count"] = 0
    area_targets: dict[int, list[int]] = {}
    if not owner_ids:
        return area_targets
    for area_id, ward_on_day, active in area_units_on(owner_ids, end, active_only=False):
        area_targets[area_id] = counts_for.get(ward_on_day, [])
        if active:
            for target in area_targets[area_id]:
                wards[target]["kdc_count"] += 1
    return area_targets


def _models(result: dict, targets, models_qs, start: datetime.date, end: datetime.date) -> None:
    for figures in result.values():
        figures["models"] = {
            "active": 0,
            "new": 0,
            "households": 0,
            "exemplary": 0,
            "replicated": 0,
            "by_type": {},
        }
    active = Q(status="active")
    for row in (
        models_qs.values("ward_id", "organisation_id", "model_type")
        .annotate(
            active=Count("pk", filter=active),
            new=Count("pk", filter=Q(start_date__gte=start, start_date__lte=end)),
            households=Sum("households", filter=active),
            exemplary=Count("pk", filter=active & Q(is_exemplary=True)),
            replicated=Count("pk", filter=Q(replicated_from__isnull=False)),
        )
        .order_by()
    ):
        for figures in targets(row["ward_id"], row["organisation_id"]):
            models = figures["models"]
            for key in ("active", "new", "households", "exemplary", "replicated"):
                models[key] += row[key] or 0
            if row["active"]:
                models["by_type"][row["model_type"]] = (
                    models["by_type"].get(row["model_type"], 0) + row["active"]
                )
    for figures in result.values():
        figures["models"]["by_type"] = dict(
            sorted(figures["models"]["by_type"].items(), key=lambda item: (item[0] is None, item[0] or 0))
        )


ACTIVITY_SUMS = ("participants", "beneficiary_households", "funds_cash", "funds_in_kind", "houses")


class ActivityRow(NamedTuple):
    """The activities of one unit, content area and type (and, for a ward's Unity Day, one residential
    area): how many, and their sums, houses only where the type counts them."""

    ward_id: int | None
    organisation_id: int | None
    content_area_id: int
    activity_type_id: int
    unity_area_id: int | None
    activities: int  # how many
    participants: int
    beneficiary_households: int
    funds_cash: int
    funds_in_kind: int
    houses: int


@dataclass(frozen=True)
class WindowRows:
    """Activities of a data window grouped into ActivityRows (one scan of the activities), and the keys
    the figures show them by: each content area's number, each type's code."""

    window: tuple[datetime.date, datetime.date]
    rows: list[ActivityRow]
    content_area_keys: dict[int, str]
    type_codes: dict[int, str]


def window_activity_rows(period) -> WindowRows:
    """Every unit's activities of the period's window, grouped: the compile reads the figures of all its
    units (compute_figures_many ignores the rows of other units) and §II's totals from these."""
    start, end = period.window_start, period.window_end
    activities = Activity.objects.filter(is_deleted=False, date__gte=start, date__lte=end)
    return _grouped_activities(activities, (start, end))


def _grouped_activities(activities, window: tuple[datetime.date, datetime.date]) -> WindowRows:
    """`activities` (those of the window) grouped by the raw keys, with no join over the activities (the
    content areas' numbers and the types' codes are looked up in their small tables): by organisation for
    a member organisation's (the ward it worked in counts for nothing), by ward for a ward's, and a ward's
    Unity Day also by residential area, so that each area counts once whatever the content areas of its
    days.

    The keys are grouped in the order of the annotations, the ward first: the database sorts the window's
    rows by them, and a sort that tells rows apart on the first key does far fewer comparisons (a third
    of the query's time at national scale, against the organisation first, which most rows lack)."""
    types = {
        pk: (code, houses)
        for pk, code, houses in ActivityType.objects.values_list("pk", "code", "counts_houses")
    }
    house_types = [pk for pk, (_code, houses) in types.items() if houses]
    ward_only = Q(organisation__isnull=True)
    unity_day = Q(activity_type_id__in=[pk for pk, (code, _houses) in types.items() if code == "unity_day"])
    grouped = (
        activities.annotate(
            unit_ward=Case(When(ward_only, then=F("ward_id")), default=None, output_field=IntegerField()),
            unit_organisation=F("organisation_id"),
            in_content_area=F("content_area_id"),
            of_type=F("activity_type_id"),
            unity_area=Case(
                When(ward_only & unity_day, then=F("area_id")), default=None, output_field=IntegerField()
            ),
        )
        .values_list("unit_ward", "unit_organisation", "in_content_area", "of_type", "unity_area")
        .annotate(
            count=Count("pk"),
            participants=Coalesce(Sum("participants"), 0),
            beneficiary_households=Coalesce(Sum("beneficiary_households"), 0),
            funds_cash=Coalesce(Sum("funds_cash"), 0),
            funds_in_kind=Coalesce(Sum("funds_in_kind"), 0),
            # Houses count only for the house-building types.
            houses=Coalesce(Sum("houses", filter=Q(activity_type_id__in=house_types)), 0),
        )
        .order_by()
    )
    numbers = ContentArea.objects.values_list("pk", "number")
    return WindowRows(
        window=window,
        rows=list(map(ActivityRow._make, grouped)),
        content_area_keys={pk: str(number or "-") for pk, number in numbers},
        type_codes={pk: code for pk, (code, _houses) in types.items()},
    )


def _activities(result: dict, targets, rows: WindowRows) -> None:
    """Sums per unit, by content area and by type, from the grouped rows: summed first per (ward,
    organisation) of the records, then added to each unit those count for."""
    sums: dict[Unit, list[int]] = {}  # (ward, organisation) -> [count, *ACTIVITY_SUMS], in that order
    by_area: dict[Unit, dict[int, int]] = {}
    by_type: dict[Unit, dict[int, int]] = {}
    for row in rows.rows:
        key = (row.ward_id, row.organisation_id)
        into = sums.get(key)
        if into is None:
            into = sums[key] = [0] * 6
            by_area[key], by_type[key] = {}, {}
        into[0] += row.activities
        into[1] += row.participants
        into[2] += row.beneficiary_households
        into[3] += row.funds_cash
        into[4] += row.funds_in_kind
        into[5] += row.houses
        areas, kinds = by_area[key], by_type[key]
        areas[row.content_area_id] = areas.get(row.content_area_id, 0) + row.activities
        kinds[row.activity_type_id] = kinds.get(row.activity_type_id, 0) + row.activities
    for figures in result.values():
        figures["activities"] = {
            "count": 0,
            **dict.fromkeys(ACTIVITY_SUMS, 0),
            "by_content_area": {},
            "by_type": {},
        }
    for key, values in sums.items():
        for figures in targets(*key):
            totals = figures["activities"]
            for total, value in zip(("count", *ACTIVITY_SUMS), values, strict=True):
                totals[total] += value
            # (A content area or type added while the compile ran has no key yet.)
            areas, kinds = totals["by_content_area"], totals["by_type"]
            for pk, count in by_area[key].items():
                number = rows.content_area_keys.get(pk, "-")
                areas[number] = areas.get(number, 0) + count
            for pk, count in by_type[key].items():
                code = rows.type_codes.get(pk)
                kinds[code] = kinds.get(code, 0) + count
    for figures in result.values():
        for breakdown in ("by_content_area", "by_type"):
            figures["activities"][breakdown] = dict(sorted(figures["activities"][breakdown].items(), key=str))


def _covenants(
    wards: dict, area_targets: dict[int, list[int]], start: datetime.date, end: datetime.date
) -> None:
    """Covenants adopted and reviewed in the window in the areas each ward had at its end."""
    for figures in wards.values():
        figures["covenants"] = {"adopted": 0, "reviewed": 0}
    if not area_targets:
        return
    adopted_q = Q(meeting_date__gte=start, meeting_date__lte=end)
    reviewed_q = Q(review_date__gte=start, review_date__lte=end)
    # The covenants of the window only (few), matched to the areas in memory: no list of every area id.
    for area_id, adopted, reviewed in (
        Covenant.objects.filter(adopted_q | reviewed_q, is_deleted=False)
        .values("area_id")
        .annotate(adopted=Count("pk", filter=adopted_q), reviewed=Count("pk", filter=reviewed_q))
        .values_list("area_id", "adopted", "reviewed")
        .order_by()
    ):
        for target in area_targets.get(area_id, ()):
            wards[target]["covenants"]["adopted"] += adopted
            wards[target]["covenants"]["reviewed"] += reviewed


FigureRow = tuple["StrOrPromise", object, str, str]


def figure_rows(figures: dict, links: dict[str, str] | None = None) -> list[FigureRow]:
    """(label, value, kind, url) rows for the figures table of the page and the PDF; kind is number, money
    or text; url is the list of the records behind the number (reports/links.py) when `links` has one."""
    links = links or {}
    rows: list[FigureRow] = []

    def add(label, value, kind: str = "number", key: str = "") -> None:
        rows.append((label, value, kind, links.get(key, "") if key else ""))

    if "former_units" in figures:
        former = figures["former_units"]
        kind = {"phuong": "phường ", "xa": "xã "}.get(former["kind"], "")
        before = datetime.date.fromisoformat(former["before"])
        text = _("includes the figures of %(units)s before %(date)s") % {
            "units": kind + ", ".join(former["names"]),
            "date": short_date(before),
        }
        add(_("Former units"), text, "text")
    if "kdc_count" in figures:
        add(_("Residential areas (KDC)"), figures["kdc_count"], key="kdc_count")
    statuses = dict(PilotStatus.choices)
    for pilot in figures.get("pilots", []):
        # The frozen figures keep the codes; the page and the PDF show the labels.
        add(
            _("Pilot: %(area)s") % {"area": pilot["area"]},
            statuses.get(pilot["status"], pilot["status"]),
            "text",
        )
    if "models" in figures:
        m = figures["models"]
        add(_("Self-management models active"), m["active"], key="models_active")
        add(_("New self-management models"), m["new"], key="models_new")
        add(_("Households in the models"), m["households"], key="households")
        add(_("Exemplary models"), m["exemplary"])
        add(_("Replicated models"), m["replicated"])
    if "activities" in figures:
        a = figures["activities"]
        add(_("Activities"), a["count"], key="count")
        add(_("Participants"), a["participants"], key="participants")
        add(_("Beneficiary households"), a["beneficiary_households"], key="beneficiary_households")
        add(_("Funds mobilised in cash"), a["funds_cash"], "money", key="funds_cash")
        add(_("Funds mobilised in kind"), a["funds_in_kind"], "money", key="funds_in_kind")
        add(_("Houses built or repaired"), a["houses"], key="houses")
        for number, count in sorted(a["by_content_area"].items()):
            add(_("Activities under content area %(n)s") % {"n": number}, count, key=f"content_area:{number}")
    if "unity_day" in figures:
        u = figures["unity_day"]
        held = _("in %(held)s of %(of)s KDCs") % {"held": u["held"], "of": u["of"]}
        add(_("Unity Day held"), held, "text", key="unity_day")
    if "covenants" in figures:
        add(_("Covenants adopted"), figures["covenants"]["adopted"], key="covenants_adopted")
        add(_("Covenants reviewed"), figures["covenants"]["reviewed"], key="covenants_reviewed")
    return rows
