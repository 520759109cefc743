"""The city's compiled report: gather a period's figures in a fixed number of queries, render, version.

Where the numbers come from (decided for issue 6): the per-ward, per-organisation and per-content-area
totals are aggregated from the records themselves (activities, models, covenants) in the period's data
window, with GROUP BY, so every unit — including one that has not reported — is counted the same way as
`compute_figures` counts a unit's own report (a ward's own records; an organisation's records are its
own row). The accepted unit reports feed the compile through their frozen versions: the narrative
highlights (shortcomings, causes, proposals) and the commendation nominations come from the last
submitted ReportVersion of each accepted report, and `inputs` records which report and which version
went into each compiled version.
"""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from core.formatting import short_date
from programs.models import PilotLevel, Programme
from programs.selectors import areas_meeting_all_criteria, pilot_section
from wards.history import areas_on, owners
from wards.models import (
    Activity,
    Covenant,
    MemberOrganisation,
    Organisation,
    SelfManagementModel,
    Ward,
    WardKind,
)

from .document import annex_parts, document_parts
from .models import (
    CompiledReport,
    CompileStatus,
    Period,
    PeriodKind,
    ReportStatus,
    ReportVersion,
)
from .selectors import LATE, MISSING, period_dashboard

logger = logging.getLogger(__name__)

PLAN_LINE = "Kế hoạch số 48/KH-MTTQ-BTT ngày 18/02/2025"
ACTIVITY_SUMS = ("participants", "funds_cash", "funds_in_kind")
COMPILED_DIR = "compiled"


def _activity_totals():
    return {
        "activities": Count("pk"),
        "participants": Sum("participants"),
        "funds_cash": Sum("funds_cash"),
        "funds_in_kind": Sum("funds_in_kind"),
        "houses": Sum("houses", filter=Q(activity_type__counts_houses=True)),
    }


def _add(into: dict, row: dict) -> None:
    for key, value in row.items():
        into[key] = into.get(key, 0) + value


def _clean(row: dict) -> dict:
    return {key: (value or 0) if key != "name" else value for key, value in row.items()}


def _activities_in(period_start: datetime.date, period_end: datetime.date):
    return Activity.objects.filter(is_deleted=False, date__gte=period_start, date__lte=period_end)


def _models_in(start: datetime.date, end: datetime.date):
    return SelfManagementModel.objects.filter(is_deleted=False).filter(
        Q(start_date__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    )


def gather(period: Period) -> dict:
    """Everything the document shows, JSON-ready. A fixed number of queries whatever the number of units.

    Queries: wards (1); areas per ward (1); activities per ward, organisation and content area (1);
    Unity Day areas per ward (1); models per ward (1), per organisation (1); covenants per ward (1);
    organisations (1); pilots with evaluations (2); criteria met (1, annual only); exemplary and
    replicated models (1); expected units and reports (2); accepted versions (1); previous period (2).
    """
    start, end = period.window_start, period.window_end
    programme = period.programme or Programme.objects.order_by("-term_start").first()
    activities = _activities_in(start, end)
    ward_activities = activities.filter(organisation__isnull=True, ward__isnull=False)

    # The wards are the period's expected units (issue 10: those valid at the end of the window); a
    # record of a unit merged during the window counts for its successor, exactly once.
    wards = list(
        Ward.objects.filter(pk__in=period.units.filter(ward__isnull=False).values("ward"))
        .order_by("kind", "name")
        .values("pk", "kind", "name")
    )
    owner = owners([ward["pk"] for ward in wards])
    # Every area with the expected unit it belonged to at the end of the window (one query).
    area_owner: dict[int, int] = {}
    areas: dict[int, int] = {}
    for area_id, ward_on_day, active in areas_on(list(owner), end, active_only=False).values_list(
        "pk", "ward_on_day", "is_active"
    ):
        area_owner[area_id] = owner[ward_on_day]
        if active:
            areas[owner[ward_on_day]] = areas.get(owner[ward_on_day], 0) + 1
    # One scan of the window's activities, grouped by owner and content area, rolled up below.
    per_ward: dict[int, dict] = {}
    per_org: dict[int, dict] = {}
    per_area: dict[int | None, dict] = {}
    for row in (
        activities.values("ward", "organisation", "content_area__number", "content_area__short_title")
        .annotate(**_activity_totals())
        .order_by()
    ):
        ward_id, org_id = row.pop("ward"), row.pop("organisation")
        number, title = row.pop("content_area__number"), row.pop("content_area__short_title")
        row = _clean(row)
        area = per_area.setdefault(number, {"number": number, "title": title})
        _add(area, row)
        if org_id is not None:
            _add(per_org.setdefault(org_id, {}), row)
        elif ward_id in owner:
            _add(per_ward.setdefault(owner[ward_id], {}), row)
    # Unity Day: distinct areas per ward that held one (not additive, so a query of its own).
    for ward_id, held in (
        ward_activities.filter(activity_type__code="unity_day")
        .values_list("ward")
        .annotate(n=Count("area", distinct=True))
        .order_by()
    ):
        if ward_id in owner:
            held_by = per_ward.setdefault(owner[ward_id], {})
            held_by["unity_day"] = held_by.get("unity_day", 0) + held
    models_q = _models_in(start, end)
    model_totals = {
        "models_active": Count("pk", filter=Q(status="active")),
        "models_new": Count("pk", filter=Q(start_date__gte=start, start_date__lte=end)),
    }
    models_per_ward: dict[int, dict] = {}
    for row in (
        models_q.filter(organisation__isnull=True, ward__isnull=False)
        .values("ward")
        .annotate(**model_totals)
        .order_by()
    ):
        ward_id = row.pop("ward")
        if ward_id in owner:
            _add(models_per_ward.setdefault(owner[ward_id], {}), row)
    covenants: dict[int, int] = {}
    for area_id in Covenant.objects.filter(
        is_deleted=False, review_date__gte=start, review_date__lte=end
    ).values_list("area", flat=True):
        if area_id in area_owner:
            covenants[area_owner[area_id]] = covenants.get(area_owner[area_id], 0) + 1
    pilots = pilot_section(programme, start, end) if programme else []
    ward_pilot = {p.ward_id: p for p in pilots if p.level == PilotLevel.WARD and p.is_current}
    criteria = areas_meeting_all_criteria(programme, period.year) if programme and period.is_annual else None

    ward_rows = []
    for ward in wards:
        pk = ward["pk"]
        acts = per_ward.get(pk, {})
        mods = models_per_ward.get(pk, {})
        pilot = ward_pilot.get(pk)
        name = ("Xã " if ward["kind"] == WardKind.COMMUNE else "Phường ") + ward["name"]
        ward_rows.append(
            {
                "name": name,
                "areas": areas.get(pk, 0),
                "pilot": f"{pilot.area.name} ({pilot.get_status_display()})" if pilot else "",
                "models_active": mods.get("models_active", 0),
                "models_new": mods.get("models_new", 0),
                "activities": acts.get("activities", 0),
                "participants": acts.get("participants", 0),
                "funds_cash": acts.get("funds_cash", 0),
                "funds_in_kind": acts.get("funds_in_kind", 0),
                "houses": acts.get("houses", 0),
                "covenants_reviewed": covenants.get(pk, 0),
                "unity_day": acts.get("unity_day", 0),
                "criteria_met": None if criteria is None else criteria.get(pk, 0),
            }
        )

    organisations = list(MemberOrganisation.objects.order_by("kind", "name").values("pk", "name"))
    models_per_org = {
        row.pop("organisation"): row
        for row in models_q.filter(organisation__isnull=False)
        .values("organisation")
        .annotate(**model_totals)
        .order_by()
    }
    org_rows = []
    for org in organisations:
        acts, mods = per_org.get(org["pk"], {}), models_per_org.get(org["pk"], {})
        if not acts and not mods:
            continue
        org_rows.append(
            {
                "name": org["name"],
                "models_active": mods.get("models_active", 0),
                "models_new": mods.get("models_new", 0),
                "activities": acts.get("activities", 0),
                "participants": acts.get("participants", 0),
                "funds_cash": acts.get("funds_cash", 0),
                "funds_in_kind": acts.get("funds_in_kind", 0),
                "houses": acts.get("houses", 0),
            }
        )

    content_areas = [per_area[key] for key in sorted(per_area, key=lambda n: (n is None, n or 0))]

    ward_totals = {
        key: sum(row[key] for row in ward_rows)
        for key in (*_TOTAL_KEYS, "areas", "covenants_reviewed", "unity_day")
    }
    if criteria is not None:
        ward_totals["criteria_met"] = sum(row["criteria_met"] for row in ward_rows)
    totals = {key: sum(row[key] for row in ward_rows + org_rows) for key in _TOTAL_KEYS}
    totals["areas"] = sum(row["areas"] for row in ward_rows)
    totals["covenants_reviewed"] = sum(row["covenants_reviewed"] for row in ward_rows)
    totals["unity_day"] = sum(row["unity_day"] for row in ward_rows)
    totals["wards"] = len(ward_rows)
    if criteria is not None:
        totals["criteria_met"] = sum(row["criteria_met"] for row in ward_rows)

    model_list = list(
        models_q.filter(Q(is_exemplary=True) | Q(replicated_from__isnull=False))
        .select_related("ward", "organisation", "replicated_from", "model_type")
        .order_by("ward__name", "name")[:200]
    )
    exemplary = [
        {"name": m.name, "unit": _owner_name(m), "type": m.model_type.name}
        for m in model_list
        if m.is_exemplary
    ]
    replicated = [
        {"name": m.name, "unit": _owner_name(m), "from": m.replicated_from.name}
        for m in model_list
        if m.replicated_from_id
    ]

    pilot_rows = [
        {
            "level": p.get_level_display(),
            "unit": p.ward.display_name if p.ward_id else "Thành phố",
            "area": p.area.name,
            "status": p.get_status_display(),
            "evaluated_on": short_date(p.latest_evaluation.evaluated_on) if p.latest_evaluation else "",
            "rating": p.latest_evaluation.get_rating_display() if p.latest_evaluation else "",
            "results": p.latest_evaluation.results if p.latest_evaluation else "",
        }
        for p in pilots
    ]

    dashboard = period_dashboard(period=period)
    late = [row.unit.unit_name for row in dashboard.rows if row.timeliness == LATE]
    missing = [row.unit.unit_name for row in dashboard.rows if row.timeliness == MISSING]
    accepted = {
        row.report.pk: (row.unit.unit_name, row.report)
        for row in dashboard.rows
        if row.report is not None and row.report.status == ReportStatus.ACCEPTED
    }
    versions = {}
    for version in ReportVersion.objects.filter(report_id__in=list(accepted)).order_by(
        "report_id", "-number"
    ):
        versions.setdefault(version.report_id, version)
    highlights, nominations, inputs = [], [], {}
    for report_id, (unit_name, report) in accepted.items():
        version = versions.get(report_id)
        # Reports accepted without a kept version (imported data) contribute their current text.
        inputs[str(report_id)] = version.number if version else 0
        narrative = version.narrative if version else report.narrative()
        texts = {key: (narrative.get(key) or "").strip() for key in ("weaknesses", "causes", "proposals")}
        if any(texts.values()):
            highlights.append({"unit": unit_name, **texts})
        for nomination in version.nominations if version else []:
            nominations.append({"unit": unit_name, **nomination})

    previous = _previous(period)
    return {
        "period": {
            "code": period.code,
            "kind": period.kind,
            "year": period.year,
            "window": [short_date(start), short_date(end)],
        },
        "totals": totals,
        "ward_totals": ward_totals,
        "content_areas": content_areas,
        "wards": ward_rows,
        "organisations": org_rows,
        "pilots": pilot_rows,
        "exemplary": exemplary,
        "replicated": replicated,
        "completeness": {
            "expected": dashboard.expected,
            "submitted": dashboard.submitted,
            "on_time": dashboard.on_time,
            "late": late,
            "missing": missing,
        },
        "highlights": highlights,
        "nominations": nominations,
        "previous": previous,
        "inputs": inputs,
    }


_TOTAL_KEYS = (
    "models_active",
    "models_new",
    "activities",
    "participants",
    "funds_cash",
    "funds_in_kind",
    "houses",
)


def _owner_name(model: SelfManagementModel) -> str:
    if model.organisation_id:
        return model.organisation.name
    return model.ward.display_name if model.ward_id else "Thành phố"


def _previous(period: Period) -> dict | None:
    """Totals of the previous period of the same kind, over its own window (one query each)."""
    before = Period.objects.filter(kind=period.kind, year__lt=period.year).order_by("-year").first()
    if before is None:
        return None
    totals = _clean(_activities_in(before.window_start, before.window_end).aggregate(**_activity_totals()))
    return {"code": before.code, **totals}


# Versions and files --------------------------------------------------------------------------------


def next_document_number(year: int) -> int:
    current = CompiledReport.objects.filter(document_year=year).aggregate(n=Max("document_number"))["n"]
    return (current or 0) + 1


@transaction.atomic
def compiled_report_request(
    *,
    period: Period,
    token: str,
    by=None,
    document_number: int | None = None,
    document_date: datetime.date | None = None,
    automatic: bool = False,
    queue: bool = True,
) -> tuple[CompiledReport, bool]:
    """A new queued version for the token, or the one already made for it: (report, created).

    The task is queued after the commit. A number entered by city staff must be free in its year.
    """
    existing = CompiledReport.objects.filter(request_token=token).first()
    if existing is not None:
        return existing, False
    Period.objects.select_for_update().get(pk=period.pk)  # serialises version numbers per period
    document_date = document_date or timezone.localdate()
    version = (period.compiled_reports.aggregate(n=Max("version"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            report = CompiledReport.objects.create(
                period=period,
                version=version,
                document_year=document_date.year,
                document_number=document_number or next_document_number(document_date.year),
                document_date=document_date,
                requested_by=by,
                request_token=token,
                is_automatic=automatic,
            )
    except IntegrityError:
        existing = CompiledReport.objects.filter(request_token=token).first()
        if existing is not None:
            return existing, False
        raise
    if queue:
        transaction.on_commit(lambda: _queue(report.pk))
    return report, True


def _queue(compiled_report_id: int) -> None:
    from .tasks import compile_report

    try:
        compile_report.delay(compiled_report_id)
    except Exception as error:  # the broker is down: say so on the version instead of hanging "queued"
        logger.exception("Could not queue compiled report %s", compiled_report_id)
        CompiledReport.objects.filter(pk=compiled_report_id, status=CompileStatus.QUEUED).update(
            status=CompileStatus.FAILED, error=f"Không gửi được yêu cầu tới hàng đợi: {error}"[:2000]
        )


def compiled_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / COMPILED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: readers never see a partial file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def document_context(report: CompiledReport, data: dict) -> dict:
    """What city_report.html needs: the organisation in force on the document's date, numbers, charts."""
    from . import compiled_charts

    config = Organisation.objects.in_force_on(report.document_date) or Organisation(signer_name="")
    period = report.period
    subject = (
        f"Tổng kết năm {period.year}"
        if period.kind == PeriodKind.ANNUAL
        else f"Sơ kết 6 tháng đầu năm {period.year}"
    )
    return {
        "report": report,
        "period": period,
        "data": data,
        "config": config,
        "number": f"{report.document_number:02d}/BC-{config.document_suffix}",
        "subject": subject,
        "plan_line": PLAN_LINE,
        "charts": compiled_charts.charts(data),
    }


def compile_period(compiled_report_id: int, *, timings: dict | None = None) -> CompiledReport | None:
    """Run one queued version: gather, render PDF and XLSX atomically, mark it done. Idempotent.

    The PDF is rendered part by part (reports/document.py) straight into its file; a part unchanged
    since the period's previous version is reused from the period's part cache.
    """
    from .pdf import render_document
    from .xlsx import compiled_workbook

    claimed = CompiledReport.objects.filter(
        pk=compiled_report_id, status__in=[CompileStatus.QUEUED, CompileStatus.RUNNING, CompileStatus.FAILED]
    ).update(status=CompileStatus.RUNNING, started_at=timezone.now(), error="")
    report = (
        CompiledReport.objects.select_related("period", "period__programme")
        .filter(pk=compiled_report_id)
        .first()
    )
    if report is None or not claimed:
        return report  # gone, or already done: a redelivered job does nothing
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    with _without_jit():
        data = gather(report.period)
    timings["data"] = time.perf_counter() - started
    context = document_context(report, data)
    folder = compiled_dir()
    stem = f"{report.period.code}-v{report.version}-{report.pk}"
    started = time.perf_counter()
    parts = document_parts(data["wards"])
    if len(parts) <= 2:  # the report and one annex part: one render costs less than two and a join
        context, parts = {**context, "annex_parts": annex_parts(data["wards"])}, None
    handle, partial = tempfile.mkstemp(dir=folder, prefix=".partial-", suffix=".pdf")
    os.close(handle)
    try:
        rendered = render_document(
            "reports/pdf/city_report.html",
            context,
            parts=parts,
            target=Path(partial),
            cache_dir=folder / "parts" / report.period.code,
        )
        os.replace(partial, folder / f"{stem}.pdf")
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    timings["pdf"] = time.perf_counter() - started
    started = time.perf_counter()
    write_atomically(folder / f"{stem}.xlsx", compiled_workbook(report, data))
    timings["xlsx"] = time.perf_counter() - started
    timings["pages"] = rendered.pages
    report.data, report.inputs = data, data["inputs"]
    report.pdf, report.xlsx = f"{COMPILED_DIR}/{stem}.pdf", f"{COMPILED_DIR}/{stem}.xlsx"
    report.page_count, report.status, report.finished_at = rendered.pages, CompileStatus.DONE, timezone.now()
    report.save(
        update_fields=["data", "inputs", "pdf", "xlsx", "page_count", "status", "finished_at", "error"]
    )
    return report


@contextmanager
def _without_jit():
    """PostgreSQL's JIT compiles a big GROUP BY for tens of seconds in a fresh connection, far longer
    than the query itself runs: the compile's queries run with it off (SET LOCAL, in a transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def compile_failed(compiled_report_id: int, error: str) -> None:
    CompiledReport.objects.filter(pk=compiled_report_id).exclude(status=CompileStatus.DONE).update(
        status=CompileStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def compiled_report_publish(*, report: CompiledReport) -> CompiledReport:
    if report.status != CompileStatus.DONE:
        from .services import WorkflowError

        raise WorkflowError("Chỉ công bố được bản đã tổng hợp xong.")
    report.is_published, report.published_at = True, timezone.now()
    report.save(update_fields=["is_published", "published_at"])
    return report


def compile_due_drafts(*, today: datetime.date | None = None) -> list[str]:
    """A draft version for every period whose compile date is today; the token makes it once a day."""
    today = today or timezone.localdate()
    made = []
    for period in Period.objects.filter(compile_date=today):
        report, created = compiled_report_request(
            period=period, token=f"auto-{period.code}-{today.isoformat()}", automatic=True
        )
        if created:
            made.append(str(report))
    return made
