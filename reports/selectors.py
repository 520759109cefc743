"""Reads of the reports app: the period dashboard and a unit's own reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.scope import scope_of
from wards.history import predecessor_ids
from wards.models import LockedChange

from .figures import SECTIONS, WindowRows, compute_figures_many, record_ids_many
from .models import (
    AWAITING_REVIEW,
    CompiledReport,
    CompileStatus,
    Period,
    PeriodUnit,
    ReportStatus,
    ReportVersion,
    UnitReport,
)

MISSING = "missing"
ON_TIME = "on_time"
LATE = "late"
CORRECTING = "correcting"
TIMELINESS_LABELS = {
    ON_TIME: _("On time"),
    LATE: _("Late"),
    MISSING: _("Missing"),
    CORRECTING: _("Being corrected"),
}
# Completeness as DHIS2 counts it: a report is received while its latest state is one of these.
RECEIVED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.ACCEPTED)
# Filter values of the dashboard: every report status, plus units that have not submitted.
STATUS_FILTERS = [(MISSING, _("Not submitted"))] + list(ReportStatus.choices)


@dataclass
class DashboardRow:
    unit: PeriodUnit
    report: UnitReport | None
    today: datetime.date | None = None
    # The unit's figures for the period (unit_figures_many), when the dashboard was asked for them.
    figures: UnitFigures | None = None

    @cached_property
    def values(self) -> dict:
        """The row values of the unit's figures, as the compiled report's annex shows them."""
        return row_values(self.figures.figures) if self.figures else {}

    @property
    def funds(self) -> int:
        return self.values.get("funds_cash", 0) + self.values.get("funds_in_kind", 0)

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.DRAFT

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else str(_("Not started"))

    @property
    def submitted_at(self) -> datetime.datetime | None:
        return self.report.first_submitted_at if self.report else None

    @property
    def is_received(self) -> bool:
        return self.report is not None and self.report.status in RECEIVED_STATUSES

    @property
    def timeliness(self) -> str:
        """On time: first submitted by the due date and received now; returned and not resubmitted: being
        corrected (not received); never submitted: missing."""
        if self.report is None or self.report.first_submitted_at is None:
            return MISSING
        if not self.is_received:
            return CORRECTING
        return ON_TIME if self.report.period.is_on_time(self.report.first_submitted_at) else LATE

    @property
    def overdue_days(self) -> int:
        """Days past the due date of a unit that has not submitted; 0 before the due date or once sent."""
        due = self.unit.period.due_date
        if self.timeliness != MISSING or self.today is None or due is None or self.today <= due:
            return 0
        return (self.today - due).days

    @property
    def timeliness_label(self) -> str:
        if self.overdue_days:
            return str(overdue_label(self.overdue_days))
        return str(TIMELINESS_LABELS[self.timeliness])

    @property
    def returned_count(self) -> int:
        # Annotated by the period's report query (Count of the returns).
        return self.report.returned_count if self.report else 0  # type: ignore[attr-defined]


def overdue_label(days: int) -> str:
    """The one wording of a missing report past its due date: "Quá hạn (N ngày)"."""
    return gettext("Overdue (%(days)s days)") % {"days": days}


@dataclass
class Dashboard:
    period: Period
    rows: list[DashboardRow]
    expected: int
    submitted: int
    on_time: int


def period_dashboard(
    *, period: Period, status: str = "", today: datetime.date | None = None, with_figures: bool = False
) -> Dashboard:
    """One row per expected unit; totals always count every expected unit, whatever the filter.

    Queries: the expected units with their ward/organisation; the period's reports with a count of
    returns. Two queries whatever the number of units, and `with_figures` adds the shown rows' figures
    (unit_figures_many: the same as the compiled report's rows).
    """
    units = list(
        PeriodUnit.objects.filter(period=period)
        .select_related("ward", "organisation")
        # Wards first (communes, then wards, by name), then member organisations, on every database.
        .order_by(F("organisation").asc(nulls_first=True), "ward__kind", "ward__name", "organisation__name")
    )
    reports = (
        UnitReport.objects.filter(period=period)
        .annotate(returned_count=Count("transitions", filter=Q(transitions__to_status=ReportStatus.RETURNED)))
        .order_by()
    )
    by_unit = {}
    for report in reports:
        report.period = period
        by_unit[(report.ward_id, report.organisation_id)] = report
    today = today or timezone.localdate()
    for unit in units:
        unit.period = period
    rows = [
        DashboardRow(unit=u, report=by_unit.get((u.ward_id, u.organisation_id)), today=today) for u in units
    ]
    submitted = sum(1 for row in rows if row.is_received)
    on_time = sum(1 for row in rows if row.timeliness == ON_TIME)
    if status == MISSING:
        rows = [row for row in rows if row.timeliness == MISSING]
    elif status == CORRECTING:
        rows = [row for row in rows if row.timeliness == CORRECTING]
    elif status in ReportStatus.values:
        rows = [row for row in rows if row.report is not None and row.report.status == status]
    if with_figures and rows:
        figures = unit_figures_many(
            period, [(row.unit.ward_id, row.unit.organisation_id) for row in rows], record_ids=False
        )
        for row in rows:
            row.figures = figures[(row.unit.ward_id, row.unit.organisation_id)]
    return Dashboard(period=period, rows=rows, expected=len(units), submitted=submitted, on_time=on_time)


@dataclass
class MyReport:
    """One period of "Báo cáo của đơn vị": the unit's own report and its predecessors' of that period."""

    period: Period
    unit: PeriodUnit | None  # None: only the units merged into this one were expected in that period
    report: UnitReport | None
    days_remaining: int
    predecessors: list[UnitReport] = field(default_factory=list)

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_remaining)


def is_own_report(user, report: UnitReport) -> bool:
    """The report of the user's own unit now (not of a unit merged into it)."""
    scope = scope_of(user)
    return (scope.is_ward and report.ward_id == scope.ward_id) or (
        scope.is_organisation and report.organisation_id == scope.organisation_id
    )


def my_reports(*, user, today: datetime.date) -> list[MyReport]:
    """One row per period (already begun) for the unit the officer belongs to now, newest first, with
    the reports of the units merged into it (wards/history.py) for that period under it.

    Queries: the unit's expected periods (1), its own reports (1), its predecessors (1) and their
    reports (1): four whatever the number of periods."""
    units = list(
        PeriodUnit.objects.editable_by(user)
        .filter(period__window_start__lte=today)
        .select_related("period", "ward", "organisation")
    )
    own = {
        r.period_id: r
        for r in UnitReport.objects.editable_by(user).filter(period__window_start__lte=today).order_by()
    }
    scope = scope_of(user)
    older: dict[int, list[UnitReport]] = {}
    periods = {u.period_id: u.period for u in units}
    if scope.is_ward:
        reports = (
            UnitReport.objects.for_user(user)
            .filter(ward_id__in=predecessor_ids(cast(int, scope.ward_id)), period__window_start__lte=today)
            .select_related("period", "ward")
            .order_by("ward__name")
        )
        for report in reports:
            older.setdefault(report.period_id, []).append(report)
            periods.setdefault(report.period_id, report.period)
    by_period = {u.period_id: u for u in units}
    rows = [
        MyReport(
            period=period,
            unit=by_period.get(pk),
            report=own.get(pk),
            days_remaining=period.days_remaining(today),
            predecessors=older.get(pk, []),
        )
        for pk, period in periods.items()
    ]
    return sorted(rows, key=lambda row: row.period.due_date, reverse=True)


def return_reason(report: UnitReport) -> str:
    """Why the city office last returned or reopened the report, while the unit has it back."""
    if report.status != ReportStatus.RETURNED:
        return ""
    last = report.transitions.filter(to_status=ReportStatus.RETURNED).order_by("-at", "-pk").first()
    return last.reason if last else ""


@dataclass(frozen=True)
class UnitFigures:
    """A unit's figures for a period: frozen in its accepted report's last version, else live."""

    figures: dict
    is_frozen: bool
    report_id: int | None = None
    version: int | None = None

    @property
    def source_label(self) -> str:
        if self.is_frozen:
            return str(_("Figures of the accepted report (version %(n)s)") % {"n": self.version})
        return str(LIVE_LABEL)


LIVE_LABEL = _("Live figures: no accepted report yet")


# The top-level keys of a unit's figures other than the ids of the records behind them.
FIGURE_KEYS = (
    "window",
    "former_units",
    "kdc_count",
    "pilots",
    "models",
    "activities",
    "unity_day",
    "covenants",
)


def frozen_figures(
    period: Period, units: list[tuple[int | None, int | None]] | None = None, *, record_ids: bool = True
) -> dict[tuple[int | None, int | None], UnitFigures]:
    """{(ward id, organisation id): frozen figures} of the accepted reports of the period (of `units`
    only, when given): the figures of each one's last version (one query). Without `record_ids`, the ids
    of the records behind them are not read from the database at all."""
    versions = ReportVersion.objects.filter(report__period=period, report__status=ReportStatus.ACCEPTED)
    if units is not None:
        versions = versions.filter(
            Q(report__ward_id__in=[w for w, _o in units if w is not None])
            | Q(report__organisation_id__in=[o for w, o in units if w is None and o is not None])
        )
    columns = ("figures",) if record_ids else tuple(f"figures__{key}" for key in FIGURE_KEYS)
    found: dict[tuple[int | None, int | None], UnitFigures] = {}
    for report_id, ward_id, organisation_id, number, *parts in versions.values_list(
        "report_id", "report__ward_id", "report__organisation_id", "number", *columns
    ).order_by("report_id", "-number"):
        if (ward_id, organisation_id) in found:
            continue
        figures = (
            parts[0]
            if record_ids
            else {key: value for key, value in zip(FIGURE_KEYS, parts, strict=True) if value is not None}
        )
        found[(ward_id, organisation_id)] = UnitFigures(
            figures=figures, is_frozen=True, report_id=report_id, version=number
        )
    return found


def unit_figures(
    period: Period, *, ward_id: int | None = None, organisation_id: int | None = None
) -> UnitFigures:
    """The one source of a unit's figures for a period: its accepted report's last version, else the live
    figures of its records (marked as such). Every page, table and document that shows them reads this or
    `unit_figures_many`."""
    unit = (ward_id, organisation_id)
    return unit_figures_many(period, [unit])[unit]


def unit_figures_many(
    period: Period,
    units: list[tuple[int | None, int | None]] | None = None,
    *,
    record_ids: bool = True,
    sections: frozenset[str] = SECTIONS,
    window_rows: WindowRows | None = None,
) -> dict[tuple[int | None, int | None], UnitFigures]:
    """`unit_figures` of many units at once (of every expected unit when `units` is None), in a fixed
    number of queries: the accepted versions (1), the live figures of the others (compute_figures_many,
    of these `sections` only when fewer are asked: a frozen version is always whole)."""
    if units is None:
        units = list(PeriodUnit.objects.filter(period=period).values_list("ward_id", "organisation_id"))
    frozen = frozen_figures(period, units, record_ids=record_ids)
    found = {unit: frozen[unit] for unit in units if unit in frozen}
    live = [unit for unit in units if unit not in found]
    if live:
        computed = compute_figures_many(
            period, live, record_ids=record_ids, sections=sections, window_rows=window_rows
        )
        for unit, figures in computed.items():
            found[unit] = UnitFigures(figures=figures, is_frozen=False)
    return found


def row_values(figures: dict) -> dict:
    """The compiled report's row values (annex 1 and 2) read from a unit's figures."""
    models, activities = figures.get("models", {}), figures.get("activities", {})
    values = {
        "models_active": models.get("active", 0),
        "models_new": models.get("new", 0),
        "activities": activities.get("count", 0),
        "participants": activities.get("participants", 0),
        "funds_cash": activities.get("funds_cash", 0),
        "funds_in_kind": activities.get("funds_in_kind", 0),
        "houses": activities.get("houses", 0),
    }
    if "kdc_count" in figures:
        values["areas"] = figures["kdc_count"]
    if "unity_day" in figures:
        values["unity_day"] = figures["unity_day"]["held"]
    if "covenants" in figures:
        values["covenants_reviewed"] = figures["covenants"]["reviewed"]
    return values


def record_ids_by_unit(period: Period) -> Iterator[dict]:
    """For every expected unit, in the annex's order: the ids of the activities and models behind its row
    of the compiled report - those kept in its accepted report's last version, else the live ones
    (reports/figures.py record_ids_many, the records its live figures count; only the ids are read)."""
    units = list(
        PeriodUnit.objects.filter(period=period)
        .select_related("ward", "organisation")
        .order_by(F("organisation").asc(nulls_first=True), "ward__kind", "ward__name", "organisation__name")
    )
    keys = [(u.ward_id, u.organisation_id) for u in units]
    frozen = frozen_figures(period, keys)
    live = record_ids_many(period, [key for key in keys if key not in frozen])
    for unit, key in zip(units, keys, strict=True):
        if key in frozen:
            source = frozen[key]
            # A version frozen before the ids were kept with the figures has none to show.
            ids = source.figures.get("record_ids") or {}
        else:
            source, ids = UnitFigures(figures={}, is_frozen=False), live.get(key, {})
        yield {
            "unit": unit.unit_name,
            "source": source.source_label,
            "activities": ids.get("activities", ()),
            "models": ids.get("models", ()),
        }


# The kinds of record kept with a report's version, by their logbook name: the key of their ids.
KEPT_RECORDS = {"activity": "activities", "model": "models"}


def kept_record_ids(report: UnitReport, kind: str) -> tuple[ReportVersion | None, list[int]]:
    """The report's last version and the ids of the records of `kind` kept with its figures."""
    version = report.versions.order_by("-number").first()
    if version is None:
        return None, []
    return version, (version.figures.get("record_ids") or {}).get(KEPT_RECORDS[kind], [])


def changes_after_acceptance(report: UnitReport) -> list[LockedChange]:
    """Changes city staff made, with a reason, to records inside the accepted report's window."""
    return list(LockedChange.objects.filter(report_id=report.pk).select_related("by"))


def latest_compiled(limit: int = 5, *, user) -> list:
    """The newest finished compiled reports the user may read (for the leadership home page). One query."""
    return list(
        CompiledReport.objects.for_user(user)
        .filter(status=CompileStatus.DONE)
        .select_related("period")
        .order_by("-finished_at", "-pk")[:limit]
    )


def compiled_by_period(*, user) -> list[tuple[Period, list]]:
    """Every compiled version the user may read, grouped by period, latest period and latest version
    first. One query."""
    groups: dict[int, tuple[Period, list]] = {}
    for report in (
        CompiledReport.objects.for_user(user)
        .select_related("period", "requested_by")
        .order_by("-period__year", "-period__kind", "-version")
    ):
        groups.setdefault(report.period_id, (report.period, []))[1].append(report)
    return list(groups.values())


@dataclass
class Waiting:
    report: UnitReport
    days_waiting: int


def review_queue(*, user, today: datetime.date | None = None) -> list[Waiting]:
    """Reports submitted or resubmitted and not yet accepted or returned, the longest waiting first.

    Queries: one (the reports with their period and unit)."""
    today = today or timezone.localdate()
    reports = (
        UnitReport.objects.for_user(user)
        .filter(status__in=AWAITING_REVIEW)
        .select_related("period", "ward", "organisation")
        .order_by("submitted_at", "pk")
    )
    return [
        Waiting(
            report=r,
            days_waiting=(today - timezone.localtime(r.submitted_at).date()).days if r.submitted_at else 0,
        )
        for r in reports
    ]
