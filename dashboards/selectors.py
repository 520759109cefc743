"""Reads for the home pages and the ward page: a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts
from core.formatting import money, number
from core.scope import scope_of
from programs.models import ContentArea, Pilot, PilotLevel
from reports.figures import SECTIONS, figure_rows
from reports.links import figure_links
from reports.models import Period, PeriodUnit, ReportStatus, ReportTransition, UnitReport
from reports.selectors import (
    MISSING,
    latest_compiled,
    period_dashboard,
    review_queue,
    row_values,
    unit_figures,
    unit_figures_many,
)
from wards.models import (
    Activity,
    Covenant,
    CovenantStatus,
    MemberOrganisation,
    ModelStatus,
    ResidentialArea,
    SelfManagementModel,
    Ward,
)

from .models import ActivityPeriodSummary

# How many periods the trend charts and the on-time rate look back over.
TREND_PERIODS = 4
# Longest bar charts on a home page (the rest is in the lists).
TOP_BARS = 15
RECENT = 8
# A covenant is due for its yearly review from 11 months after it was adopted or last reviewed.
REVIEW_AFTER_DAYS = 335


# Periods -------------------------------------------------------------------------------------------


def recent_periods(today: datetime.date) -> list[Period]:
    """Periods already begun, oldest first (at most TREND_PERIODS + 1). One query."""
    rows = list(Period.objects.filter(window_start__lte=today).order_by("-due_date")[: TREND_PERIODS + 1])
    return rows[::-1]


def pick_current(periods: list[Period], today: datetime.date) -> Period | None:
    """The period whose due date is next (or the last one, once every due date has passed)."""
    upcoming = [p for p in periods if p.due_date >= today]
    if upcoming:
        return min(upcoming, key=lambda p: p.due_date)
    return periods[-1] if periods else None


def previous_of(periods: list[Period], current: Period | None) -> Period | None:
    """The period to compare with: the last earlier one of the same kind (an annual window holds the
    six-month one of its year), else the last earlier one."""
    if current is None:
        return None
    earlier = [p for p in periods if p.due_date < current.due_date]
    same_kind = [p for p in earlier if p.kind == current.kind]
    candidates = same_kind or earlier
    return candidates[-1] if candidates else None


def _window_q(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}date__gte": period.window_start, f"{prefix}date__lte": period.window_end})


def _on_time(report: UnitReport, period: Period) -> bool:
    return report.first_submitted_at is not None and period.is_on_time(report.first_submitted_at)


# Charts --------------------------------------------------------------------------------------------


def activities_by_content_area_chart(periods: list[Period]) -> tuple:
    """Columns: one group per period, one column per content area, from the summary; with the
    (number, short title) of each content area for the legend. Two queries."""
    content_areas = list(ContentArea.objects.order_by("programme_id", "number"))
    numbers = sorted({ca.number for ca in content_areas})
    number_of = {ca.pk: ca.number for ca in content_areas}
    titles = sorted({(ca.number, ca.short_title) for ca in content_areas})
    values: dict[tuple[int, int], int] = {}
    rows = (
        ActivityPeriodSummary.objects.filter(period_id__in=[p.pk for p in periods])
        .values_list("period_id", "content_area_id")
        .annotate(n=Sum("activities"))
        .order_by()
    )
    for period_id, content_area_id, n in rows:
        key = (number_of.get(content_area_id, 0), period_id)
        values[key] = values.get(key, 0) + (n or 0)
    # Short names in the legend (the official titles are long); the page lists the titles under the chart.
    series = [
        (_("Content area %(number)s") % {"number": n}, [values.get((n, p.pk), 0) for p in periods])
        for n in numbers
    ]
    chart = charts.column_chart(
        [p.code for p in periods],
        series,
        title=_("Activities per content area, by period"),
        unit=_("activities"),
    )
    return chart, titles


def households_over_time_chart(models, periods: list[Period]):
    """Households taking part in the models running in each period. One query."""
    totals = {}
    if periods:
        aggregates = {
            f"p{p.pk}": Sum(
                "households",
                filter=Q(start_date__lte=p.window_end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=p.window_start)),
            )
            for p in periods
        }
        totals = models.aggregate(**aggregates)
    return charts.line_chart(
        [p.code for p in periods],
        [(_("Households taking part"), [totals.get(f"p{p.pk}") or 0 for p in periods])],
        title=_("Households taking part in self-management models, over time"),
        unit=_("households"),
    )


# City staff ----------------------------------------------------------------------------------------


@dataclass
class CityHome:
    period: Period | None
    days_left: int | None
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    # The first SHOWN units that have not submitted (in the dashboard's order) and how many in all.
    missing: list = field(default_factory=list)
    missing_count: int = 0
    waiting: list = field(default_factory=list)
    ward_count: int = 0
    wards_with_pilot: int = 0
    # The first SHOWN current wards with no pilot, and how many there are in all.
    without_pilot: list = field(default_factory=list)
    without_pilot_count: int = 0
    recent_activities: list = field(default_factory=list)
    charts: dict = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return -(self.days_left or 0)


# How many units a home page lists by name; the rest are counted and a link opens the full list, so a
# province of 250 wards costs the page no more than a city of 12.
SHOWN = 20


def city_home(user, *, today: datetime.date | None = None) -> CityHome:
    """The city office's overview.

    Queries: periods (1); the current period's units and reports (2); reports waiting for review (1);
    wards (1); ward pilots (1);
    recent activities (1); content areas and activities per area and period (2); models per ward (1);
    funds per ward (1); households over time (1). Twelve whatever the data size. The two activity
    figures read ActivityPeriodSummary (kept by dashboards.summaries), not the 500,000 activities.
    """
    today = today or timezone.localdate()
    periods = recent_periods(today)
    period = pick_current(periods, today)
    home = CityHome(period=period, days_left=period.days_remaining(today) if period else None)
    if period is not None:
        dashboard = period_dashboard(period=period, today=today)
        home.expected, home.submitted, home.on_time = (
            dashboard.expected,
            dashboard.submitted,
            dashboard.on_time,
        )
        missing = [row for row in dashboard.rows if row.timeliness == MISSING]
        home.missing_count = len(missing)
        home.missing = missing[:SHOWN]
    home.waiting = review_queue(user=user, today=today)
    wards = list(Ward.objects.for_user(user).current().order_by("kind", "name"))
    piloted = set(
        Pilot.objects.for_user(user).current().filter(level=PilotLevel.WARD).values_list("ward_id", flat=True)
    )
    lacking = [ward for ward in wards if ward.pk not in piloted]
    home.ward_count, home.wards_with_pilot = len(wards), len(wards) - len(lacking)
    home.without_pilot, home.without_pilot_count = lacking[:SHOWN], len(lacking)
    activities = Activity.objects.for_user(user).alive()
    home.recent_activities = list(
        activities.select_related("ward", "area", "organisation", "content_area").order_by("-pk")[:RECENT]
    )
    names = {ward.pk: ward.display_name for ward in wards}
    models = SelfManagementModel.objects.for_user(user).alive()
    per_ward = (
        models.filter(ward__isnull=False, status=ModelStatus.ACTIVE)
        .values_list("ward")
        .annotate(n=Count("pk"))
        .order_by("-n", "ward")
    )
    model_bars = [(names[w], n) for w, n in per_ward if w in names][:TOP_BARS]
    funds_bars = []
    if period is not None:
        funds = (
            ActivityPeriodSummary.objects.filter(period_id=period.pk, ward_id__isnull=False)
            .values_list("ward_id")
            .annotate(total=Sum("funds"))
            .order_by("-total", "ward_id")
        )
        funds_bars = [(names[w], total or 0) for w, total in funds if w in names][:TOP_BARS]
    content_chart, content_titles = activities_by_content_area_chart(periods)
    home.charts = {
        "content_areas": content_chart,
        "content_area_titles": content_titles,
        "models": charts.bar_chart(
            model_bars, title=_("Active self-management models per ward"), unit=_("models")
        ),
        "funds": charts.bar_chart(
            funds_bars,
            title=_("Funds mobilised per ward this period"),
            fmt=money,
            unit=_("đồng"),
            color=charts.PALETTE[1],
        ),
        "households": households_over_time_chart(models, periods),
    }
    return home


# Units: what to do now -----------------------------------------------------------------------------


@dataclass
class UnitHome:
    period: Period | None
    days_left: int | None
    report: UnitReport | None = None
    return_reason: str = ""
    open_reports: list = field(default_factory=list)
    activities_this_period: int = 0
    funds_this_period: int = 0
    recent_activities: list = field(default_factory=list)
    idle_areas: list = field(default_factory=list)
    idle_models: list = field(default_factory=list)
    covenants_due: list = field(default_factory=list)
    area_count: int = 0

    @property
    def overdue(self) -> int:
        return -(self.days_left or 0)


def _unit_reports(user, period: Period | None) -> tuple[UnitReport | None, list[UnitReport], str]:
    """The unit's report for the current period, its other unfinished reports, the last return reason.

    Queries: the unit's reports (1), the last return of each (1).
    """
    # The unit's own reports: a predecessor's (before a merger) is read, not continued.
    reports = list(
        UnitReport.objects.editable_by(user).select_related("period").order_by("-period__due_date")
    )
    current = next((r for r in reports if period is not None and r.period_id == period.pk), None)
    open_reports = [r for r in reports if r.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)]
    reason = ""
    returned = [r.pk for r in open_reports if r.status == ReportStatus.RETURNED]
    last = (
        ReportTransition.objects.filter(report__in=returned or [0], to_status=ReportStatus.RETURNED)
        .order_by("-at", "-pk")
        .values_list("report_id", "reason")
    )
    reasons: dict[int, str] = {}
    for report_id, text in last:
        reasons.setdefault(report_id, text)
    for report in open_reports:
        report.return_reason = reasons.get(report.pk, "")
    if current is not None:
        reason = reasons.get(current.pk, "")
    return current, open_reports, reason


def unit_home(user, *, today: datetime.date | None = None) -> UnitHome:
    """A ward's or an organisation's to-do list.

    Queries: periods (1); reports and return reasons (2); activity totals this period (1); recent
    activities (1); for a ward: its predecessors (1), areas (1), areas with activity this period (1),
    covenants due (1);
    for an organisation: active models (1), models with activity this period (1).
    """
    today = today or timezone.localdate()
    scope = scope_of(user)
    periods = recent_periods(today)
    period = pick_current(periods, today)
    home = UnitHome(period=period, days_left=period.days_remaining(today) if period else None)
    home.report, home.open_reports, home.return_reason = _unit_reports(user, period)
    activities = Activity.objects.for_user(user).alive()
    if scope.is_ward:
        # The unit and its predecessors as a list of ids: the planner reads only those units' rows
        # through the ward index (a join on the successor made it read every ward-owned activity).
        activities = activities.filter(ward_id__in=scope.readable_ward_ids)
    in_period = activities.filter(_window_q(period)) if period else activities.none()
    totals = in_period.aggregate(n=Count("pk"), funds=Sum(F("funds_cash") + F("funds_in_kind")))
    home.activities_this_period, home.funds_this_period = totals["n"], totals["funds"] or 0
    home.recent_activities = list(
        activities.select_related("area", "content_area").order_by("-date", "-pk")[:RECENT]
    )
    if scope.is_ward:
        areas = list(ResidentialArea.objects.for_user(user).active().order_by("name"))
        active_ids = set(in_period.filter(area__isnull=False).values_list("area_id", flat=True).distinct())
        home.area_count = len(areas)
        home.idle_areas = [area for area in areas if area.pk not in active_ids]
        home.covenants_due = covenants_due(user, today)
    else:
        models = list(
            SelfManagementModel.objects.for_user(user)
            .alive()
            .filter(status=ModelStatus.ACTIVE)
            .order_by("name")
        )
        busy = set(in_period.filter(model__isnull=False).values_list("model_id", flat=True).distinct())
        home.idle_models = [model for model in models if model.pk not in busy]
    return home


def covenants_due(user, today: datetime.date) -> list[Covenant]:
    """Covenants in force whose yearly review falls due (one query)."""
    in_force = (CovenantStatus.ADOPTED, CovenantStatus.RECOGNISED, CovenantStatus.AMENDED)
    limit = today - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    return list(
        Covenant.objects.for_user(user)
        .alive()
        .filter(status__in=in_force)
        .annotate(last_review=Coalesce("review_date", "recognition_date", "meeting_date"))
        .filter(last_review__lte=limit)
        .select_related("area")
        .order_by("last_review", "pk")
    )


# Ward page -----------------------------------------------------------------------------------------


def _activity_figures(activities, period: Period | None) -> dict:
    keys = ("activities", "participants", "households", "funds")
    if period is None:
        return dict.fromkeys(keys, 0)
    return {
        key: value or 0
        for key, value in activities.filter(_window_q(period))
        .aggregate(
            activities=Count("pk"),
            participants=Sum("participants"),
            households=Sum("beneficiary_households"),
            funds=Sum(F("funds_cash") + F("funds_in_kind")),
        )
        .items()
    }


def compare_periods(
    activities, models, current: Period | None, previous: Period | None, figures: tuple | None = None
) -> list[dict]:
    """This period's figures against the previous period's (two queries on activities unless `figures`
    gives them, one on models)."""
    if figures is None:
        figures = (_activity_figures(activities, current), _activity_figures(activities, previous))
    now, before = figures

    def running(period: Period | None) -> Q:
        if period is None:
            return Q(pk__in=[])
        return Q(start_date__lte=period.window_end) & (
            Q(ended_on__isnull=True) | Q(ended_on__gte=period.window_start)
        )

    counts = models.aggregate(
        now=Count("pk", filter=running(current)), before=Count("pk", filter=running(previous))
    )
    labels = [
        ("activities", _("Activities"), number),
        ("participants", _("Participants"), number),
        ("households", _("Beneficiary households"), number),
        ("funds", _("Funds mobilised"), money),
    ]
    rows = [
        {"label": label, "now": now[key], "before": before[key], "fmt": fmt, "delta": now[key] - before[key]}
        for key, label, fmt in labels
    ]
    rows.append(
        {
            "label": _("Models running"),
            "now": counts["now"],
            "before": counts["before"],
            "fmt": number,
            "delta": counts["now"] - counts["before"],
        }
    )
    for row in rows:
        row["now_text"], row["before_text"] = row["fmt"](row["now"]), row["fmt"](row["before"])
    return rows


def ward_page(user, ward: Ward, *, today: datetime.date | None = None) -> dict:
    """Everything about one ward, read through the user's scope.

    Queries: periods (1), areas (1), pilot (1), models (1), recent activities (1), covenants (1),
    reports (1), figures now and before (3). Ten whatever the data size.
    """
    today = today or timezone.localdate()
    periods = recent_periods(today)
    period = pick_current(periods, today)
    previous = previous_of(periods, period)
    areas = list(ResidentialArea.objects.for_user(user).filter(ward=ward).active().order_by("name"))
    pilot = (
        Pilot.objects.for_user(user)
        .current()
        .filter(ward=ward, level=PilotLevel.WARD)
        .select_related("area")
        .order_by("-selected_on")
        .first()
    )
    own_models = (
        SelfManagementModel.objects.for_user(user).alive().filter(ward=ward, organisation__isnull=True)
    )
    models = list(own_models.select_related("model_type").order_by("status", "name"))
    activities = Activity.objects.for_user(user).alive().filter(ward=ward, organisation__isnull=True)
    recent = list(activities.select_related("area", "content_area").order_by("-date", "-pk")[:RECENT])
    latest_covenant: dict[int, Covenant] = {}
    for covenant in (
        Covenant.objects.for_user(user).alive().filter(area__ward=ward).order_by("area_id", "-version", "-pk")
    ):
        latest_covenant.setdefault(covenant.area_id, covenant)
    reports = list(
        UnitReport.objects.for_user(user)
        .filter(ward=ward)
        .select_related("period")
        .order_by("-period__due_date")
    )
    for report in reports:
        report.is_on_time = _on_time(report, report.period)
    figures = unit_figures(period, ward_id=ward.pk) if period else None
    links = _links(period, ward, figures) if period and figures else {}
    return {
        "ward": ward,
        "period": period,
        "previous": previous,
        "areas": [(area, latest_covenant.get(area.pk)) for area in areas],
        "pilot": pilot,
        "models": models,
        "recent_activities": recent,
        "reports": reports,
        "comparison": compare_periods(activities, own_models, period, previous),
        # The same figures as the compiled report and its XLSX: the accepted report's, else live.
        "period_figures": figures,
        "period_figure_rows": figure_rows(figures.figures, links) if figures else [],
        "period_records_url": links.get("count", ""),
    }


def _links(period: Period, ward: Ward, figures) -> dict[str, str]:
    """Each figure of the ward page links to its records: the accepted report's kept ones, else live."""
    return figure_links(
        period,
        ward_id=ward.pk,
        frozen_report_id=figures.report_id if figures.is_frozen else None,
        content_areas=list(figures.figures.get("activities", {}).get("by_content_area", {})),
    )


# Leadership ----------------------------------------------------------------------------------------


SORTS = {
    "name": lambda row: (row["kind"], row["name"]),
    "on_time": lambda row: (row["on_time_rate"] is None, row["on_time_rate"] or 0),
    "models_per_area": lambda row: row["models_per_area"],
    "activities": lambda row: row["activities"],
    "funds": lambda row: row["funds"],
    "pilot": lambda row: (row["pilot_status"] is None, row["pilot_status"] or ""),
}


def parse_sort(value: str) -> tuple[str, bool]:
    key = value.lstrip("-")
    if key not in SORTS:
        return "name", False
    return key, value.startswith("-")


# The sorts that need a figure of every ward, and the parts of the figures that give it.
FIGURE_SORTS = {
    "models_per_area": frozenset({"areas", "models"}),
    "activities": frozenset({"activities"}),
    "funds": frozenset({"activities"}),
}


def ward_table(
    user,
    periods: list[Period],
    *,
    sort: str = "name",
    period: Period | None = None,
    page: str | int | None = None,
    per_page: int | None = None,
):
    """One row per current ward: on-time rate over the periods already due; the figures of `period` (the
    accepted report's, else live: reports/selectors.py unit_figures_many) - areas, models running and
    models per area, activities, participants, funds; the pilot.

    With `per_page`, the page of rows (a Paginator page) sorted as asked: the shown wards' figures are
    computed whole; a sort by a figure first computes that part of every ward's figures.

    Queries: wards (1), expected units (1), on-time reports (1), pilots' status (1), figures (about ten),
    the shown wards and pilots (2).
    """
    today = timezone.localdate()
    due = [p for p in periods if p.due_date < today]
    wards = Ward.objects.for_user(user).current().values_list("pk", "kind", "name")
    expected: dict[int, int] = dict(
        PeriodUnit.objects.filter(period__in=due, ward__isnull=False)
        .values_list("ward")
        .annotate(n=Count("pk"))
        .order_by()
    )
    on_time: dict[int, int] = dict(
        UnitReport.objects.filter(Period.on_time_q(due), ward__isnull=False)
        .values_list("ward")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pilot_status = dict(
        Pilot.objects.current().filter(level=PilotLevel.WARD).values_list("ward_id", "status")
    )
    rows = []
    for pk, kind, name in wards:
        n_expected = expected.get(pk, 0)
        rows.append(
            {
                "ward_id": pk,
                "kind": kind,
                "name": name,
                "on_time_rate": round(on_time.get(pk, 0) * 100 / n_expected) if n_expected else None,
                "expected": n_expected,
                "pilot_status": pilot_status.get(pk),
            }
        )
    key, descending = parse_sort(sort)
    if per_page is None:
        _add_figures(rows, period)
    elif key in FIGURE_SORTS:
        _add_figures(rows, period, sections=FIGURE_SORTS[key])  # the sort's figure of every ward
    rows.sort(key=SORTS["name"])
    rows.sort(key=SORTS[key], reverse=descending)
    if per_page is None:
        _add_units(rows)
        return rows
    shown = Paginator(rows, per_page).get_page(page)
    page_rows = list(shown.object_list)  # the same row dicts, which the two steps below fill in
    _add_figures(page_rows, period)
    _add_units(page_rows)
    return shown


def _add_units(rows: list[dict]) -> None:
    """The shown rows' wards and pilots, as records (two queries): the sort needed only their values."""
    ids = [row["ward_id"] for row in rows]
    wards = Ward.objects.in_bulk(ids)
    pilots = {
        p.ward_id: p
        for p in Pilot.objects.current().filter(level=PilotLevel.WARD, ward_id__in=ids).select_related("area")
    }
    for row in rows:
        row["ward"], row["pilot"] = wards[row["ward_id"]], pilots.get(row["ward_id"])


def _add_figures(rows: list[dict], period: Period | None, *, sections: frozenset[str] = SECTIONS) -> None:
    """The period's figures of each row's ward (of these `sections` only, when fewer are asked), in a
    fixed number of queries for all of them."""
    units: list[tuple[int | None, int | None]] = [(row["ward_id"], None) for row in rows]
    figures = unit_figures_many(period, units, record_ids=False, sections=sections) if period else {}
    for row in rows:
        source = figures.get((row["ward_id"], None))
        values = row_values(source.figures) if source else {}
        n_areas, n_models = values.get("areas", 0), values.get("models_active", 0)
        row.update(
            {
                "areas": n_areas,
                "models": n_models,
                "models_per_area": round(n_models / n_areas, 2) if n_areas else 0,
                "activities": values.get("activities", 0),
                "participants": values.get("participants", 0),
                "funds": values.get("funds_cash", 0) + values.get("funds_in_kind", 0),
                "is_frozen": bool(source and source.is_frozen),
            }
        )


def _summary_figures(period: Period | None) -> dict:
    """City-wide activity figures of a period, from the summary (one query)."""
    keys = ("activities", "participants", "households", "funds")
    if period is None:
        return dict.fromkeys(keys, 0)
    totals = ActivityPeriodSummary.objects.filter(period_id=period.pk).aggregate(
        **{key: Sum(key) for key in keys}
    )
    return {key: totals[key] or 0 for key in keys}


def headline_figures(current: Period | None, previous: Period | None) -> list[dict]:
    """City-wide figures this period against the previous one, with the trend (three queries)."""
    return compare_periods(
        None,
        SelfManagementModel.objects.alive(),
        current,
        previous,
        figures=(_summary_figures(current), _summary_figures(previous)),
    )


def activity_trend_chart(periods: list[Period]):
    """Activities city-wide in each of the recent periods, from the summary (one query)."""
    totals = dict(
        ActivityPeriodSummary.objects.filter(period_id__in=[p.pk for p in periods])
        .values_list("period_id")
        .annotate(n=Sum("activities"))
        .order_by()
    )
    return charts.line_chart(
        [p.code for p in periods],
        [(_("Activities"), [totals.get(p.pk) or 0 for p in periods])],
        title=_("Activities city-wide, by period"),
        unit=_("activities"),
    )


WARD_TABLE_PAGE = 50  # rows of the leadership table per page: a province has 250 wards


def leadership_home(
    user, *, sort: str = "name", page: str | None = None, today: datetime.date | None = None
) -> dict:
    """Queries: periods (1), compiled reports (0 or 1), headline figures from the summary (3), the trend
    chart (1), the ward table (`ward_table`); a fixed number whatever the data size."""
    today = today or timezone.localdate()
    periods = recent_periods(today)
    period = pick_current(periods, today)
    previous = previous_of(periods, period)
    key, descending = parse_sort(sort)
    return {
        "period": period,
        "previous": previous,
        "compiled_reports": latest_compiled(user=user),
        "headlines": headline_figures(period, previous),
        "trend_chart": activity_trend_chart(periods),
        "page": ward_table(user, periods, sort=sort, period=period, page=page, per_page=WARD_TABLE_PAGE),
        "sort": key,
        "descending": descending,
        "due_periods": [p for p in periods if p.due_date < today],
        "sort_columns": [
            ("name", _("Ward / commune")),
            ("on_time", _("On-time rate")),
            ("models_per_area", _("Models per area")),
            ("activities", _("Activities")),
            ("funds", _("Funds mobilised")),
            ("pilot", _("Pilot")),
        ],
    }


def home_context(user) -> dict:
    scope = scope_of(user)
    context: dict = {}
    if scope.is_city_wide:
        context["ward_count"] = Ward.objects.current().count()
        context["area_count"] = ResidentialArea.objects.active().count()
        context["organisation_count"] = MemberOrganisation.objects.active().count()
    elif scope.is_ward:
        context["ward"] = user.ward
    elif scope.is_organisation:
        context["organisation"] = user.organisation
    return context
