"""Reads of the reports app: the period dashboard and a unit's own reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.scope import scope_of
from wards.history import owners, predecessor_ids
from wards.models import Activity, LockedChange, SelfManagementModel

from .figures import compute_figures
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


def period_dashboard(*, period: Period, status: str = "", today: datetime.date | None = None) -> Dashboard:
    """One row per expected unit; totals always count every expected unit, whatever the filter.

    Queries: the expected units with their ward/organisation; the period's reports with a count of
    returns. Two queries whatever the number of units.
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


def frozen_figures(period: Period) -> dict[tuple[int | None, int | None], UnitFigures]:
    """{(ward id, organisation id): frozen figures} of every accepted report of the period: the figures of
    its last version (one query)."""
    found: dict[tuple[int | None, int | None], UnitFigures] = {}
    versions = (
        ReportVersion.objects.filter(report__period=period, report__status=ReportStatus.ACCEPTED)
        .values_list("report_id", "report__ward_id", "report__organisation_id", "number", "figures")
        .order_by("report_id", "-number")
    )
    for report_id, ward_id, organisation_id, number, figures in versions:
        found.setdefault(
            (ward_id, organisation_id),
            UnitFigures(figures=figures, is_frozen=True, report_id=report_id, version=number),
        )
    return found


def unit_figures(
    period: Period, *, ward_id: int | None = None, organisation_id: int | None = None
) -> UnitFigures:
    """The one source of a unit's figures for a period: its accepted report's last version, else the live
    figures of its records (marked as such). The compile, the ward page and the XLSX read this."""
    frozen = (
        ReportVersion.objects.filter(
            report__period=period,
            report__status=ReportStatus.ACCEPTED,
            report__ward_id=ward_id,  # type: ignore[misc]  # None matches the organisation's report
            report__organisation_id=organisation_id,
        )
        .order_by("-number")
        .values_list("report_id", "number", "figures")
        .first()
    )
    if frozen is not None:
        return UnitFigures(figures=frozen[2], is_frozen=True, report_id=frozen[0], version=frozen[1])
    unit = PeriodUnit(period=period, ward_id=ward_id, organisation_id=organisation_id)
    return UnitFigures(figures=compute_figures(unit), is_frozen=False)


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


def record_ids_by_unit(period: Period) -> list[dict]:
    """For every expected unit: the ids of the activities and models behind its row of the compiled
    report - those kept in its accepted report's last version, else the live ones (four queries)."""
    frozen = frozen_figures(period)
    units = list(
        PeriodUnit.objects.filter(period=period)
        .select_related("ward", "organisation")
        .order_by(F("organisation").asc(nulls_first=True), "ward__kind", "ward__name", "organisation__name")
    )
    owner = owners([u.ward_id for u in units if u.ward_id])
    live: dict[tuple, dict[str, list[int]]] = {}
    start, end = period.window_start, period.window_end
    activities = Activity.objects.filter(is_deleted=False, date__gte=start, date__lte=end)
    models = SelfManagementModel.objects.filter(is_deleted=False, start_date__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    for kind, rows in (("activities", activities), ("models", models)):
        for pk, ward_id, organisation_id in rows.values_list("pk", "ward_id", "organisation_id").order_by(
            "pk"
        ):
            key: tuple[int | None, int | None] = (
                (None, organisation_id) if organisation_id else (owner.get(ward_id), None)
            )
            live.setdefault(key, {"activities": [], "models": []})[kind].append(pk)
    result = []
    for unit in units:
        key = (unit.ward_id, unit.organisation_id)
        kept = frozen.get(key)
        ids = kept.figures.get("record_ids") if kept else None
        result.append(
            {
                "unit": unit.unit_name,
                "source": kept.source_label if kept is not None and ids is not None else str(LIVE_LABEL),
                **(ids or live.get(key, {"activities": [], "models": []})),
            }
        )
    return result


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
