"""The city's compiled report: gather a period's figures in a fixed number of queries, render, version.

Where the numbers come from (issues 6 and 14): each expected unit's row is its figures of the period from
the one source, reports/selectors.py `unit_figures_many` — the figures frozen in its accepted report's last
version, else live figures computed from its records exactly as its own report computes them (a ward with
the units merged into it; an organisation's records are its own row). The per-content-area totals of §II
are aggregated live from the window's activities. The narrative highlights (shortcomings, causes,
proposals) and the commendation nominations come from the last submitted ReportVersion of each accepted
report, and `inputs` records which report and which version went into each compiled version.
"""

from __future__ import annotations

import datetime
import logging
import operator
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.batch import rare_collections
from core.formatting import short_date
from programs.models import ContentArea, Pilot, PilotLevel, PilotStatus, Programme, Rating
from programs.selectors import areas_meeting_all_criteria, pilot_section
from wards.history import owners
from wards.models import (
    Activity,
    MemberOrganisation,
    Organisation,
    SelfManagementModel,
    Ward,
    WardKind,
)

from .document import TOTAL_LABELS, document_parts, unit_lists, whole_document
from .figures import WindowRows, window_activity_rows
from .heartbeat import Heartbeat
from .models import (
    CompiledReport,
    CompileStatus,
    Period,
    PeriodKind,
    ReportStatus,
    ReportVersion,
)
from .selectors import CORRECTING, LATE, MISSING, period_dashboard, row_values, unit_figures_many
from .services import WorkflowError

logger = logging.getLogger(__name__)

PLAN_LINE = "Kế hoạch số 48/KH-MTTQ-BTT ngày 18/02/2025"
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
    """Everything the document shows, JSON-ready: one named step per section of the document.

    A fixed number of queries whatever the number of units: the units and former units (3), the window's
    activities grouped once (reports/figures.py window_activity_rows: 3), which give each unit's activity
    figures and §II's totals by content area (1, the titles), the rest of each unit's figures
    (reports/selectors.py unit_figures_many: about eight), organisations (1), pilots with evaluations
    (2 per use), criteria met (1, annual only), listed models (1), expected units and reports (2),
    previous period (2).
    """
    scope = _scope(period)
    data: dict = {"period": _period_section(period)}
    organisations: list[dict] = [
        {"pk": pk, "name": name}
        for pk, name in MemberOrganisation.objects.order_by("kind", "name").values_list("pk", "name")
    ]
    units: list[tuple[int | None, int | None]] = [(ward["pk"], None) for ward in scope["wards"]]
    units += [(None, org["pk"]) for org in organisations]
    activities = window_activity_rows(period)  # the one read of the window's activities
    figures = unit_figures_many(period, units, record_ids=False, window_rows=activities)
    data["wards"] = _ward_rows(scope, figures)
    data["organisations"] = _organisation_rows(organisations, figures)
    data["content_areas"] = _content_area_section(activities)
    data.update(_totals_section(data["wards"], data["organisations"], annual=scope["criteria"] is not None))
    data["pilots"] = _pilot_rows(scope)
    data.update(_model_lists(scope))
    data["completeness"], accepted = _completeness_section(period)
    data.update(_narrative_section(accepted))
    data["previous"] = _previous(period)
    return data


def _scope(period: Period) -> dict:
    """The window, the expected wards, and which older units count for each (wards/history.py)."""
    start, end = period.window_start, period.window_end
    programme = period.programme or Programme.objects.order_by("-term_start").first()
    # The wards are the period's expected units (issue 10: those valid at the end of the window); a
    # record of a unit merged into one counts for it, exactly once.
    wards = list(
        Ward.objects.filter(pk__in=period.units.filter(ward__isnull=False).values("ward"))
        .order_by("kind", "name")
        .values("pk", "kind", "name")
    )
    owner = owners([ward["pk"] for ward in wards])
    former: dict[int, list[str]] = {}
    merged = Ward.objects.filter(pk__in=[pk for pk, kept in owner.items() if pk != kept]).order_by("name")
    for pk, name, kind in merged.values_list("pk", "name", "kind"):
        former.setdefault(owner[pk], []).append(_ward_name(kind, name))
    return {
        "start": start,
        "end": end,
        "programme": programme,
        "wards": wards,
        "owner": owner,
        "former": former,
        "pilots": pilot_section(programme, start, end) if programme else [],
        "criteria": (
            areas_meeting_all_criteria(programme, period.year) if programme and period.is_annual else None
        ),
    }


def _ward_name(kind: str, name: str) -> str:
    return ("Xã " if kind == WardKind.COMMUNE else "Phường ") + name


def _period_section(period: Period) -> dict:
    return {
        "code": period.code,
        "kind": period.kind,
        "year": period.year,
        "window": [short_date(period.window_start), short_date(period.window_end)],
        "window_iso": [period.window_start.isoformat(), period.window_end.isoformat()],
    }


def _content_area_section(activities: WindowRows) -> list[dict]:
    """§II by content area: every unit's activities of the window per content area, summed from the
    grouped rows the units' figures are read from (reports/figures.py window_activity_rows)."""
    values_of = operator.attrgetter(*_ACTIVITY_KEYS)
    by_area: dict[int, list[tuple[int, ...]]] = {}
    for row in activities.rows:
        by_area.setdefault(row.content_area_id, []).append(values_of(row))
    titles = {
        pk: (number, title)
        for pk, number, title in ContentArea.objects.values_list("pk", "number", "short_title")
    }
    totals: dict[tuple, dict] = {}
    for pk, rows in by_area.items():
        section = totals.setdefault(titles.get(pk, (None, "")), dict.fromkeys(_ACTIVITY_KEYS, 0))
        for key, column in zip(_ACTIVITY_KEYS, zip(*rows, strict=True), strict=True):
            section[key] += sum(column)
    ordered = sorted(totals.items(), key=lambda item: (item[0][0] is None, item[0][0] or 0, item[0][1]))
    return [{"number": number, "title": title, **values} for (number, title), values in ordered]


def _ward_rows(scope: dict, figures: dict) -> list[dict]:
    """Annex 1: one row per expected ward, from its figures (reports/selectors.py unit_figures_many): the
    accepted report's last version, else live and marked. A successor's row includes its predecessors'
    figures and carries their pilot when it has none of its own."""
    owner, criteria = scope["owner"], scope["criteria"]
    ward_pilot: dict[int, Pilot] = {}
    for pilot in scope["pilots"]:
        if pilot.level == PilotLevel.WARD and pilot.is_current and pilot.ward_id in owner:
            kept = owner[pilot.ward_id]
            if kept not in ward_pilot or pilot.ward_id == kept:
                ward_pilot[kept] = pilot
    rows = []
    for ward in scope["wards"]:
        pk = ward["pk"]
        pilot = ward_pilot.get(pk)
        rows.append(
            {
                "ward_id": pk,
                "name": _ward_name(ward["kind"], ward["name"]),
                "includes": scope["former"].get(pk, []),
                "pilot": f"{pilot.area.name} ({PilotStatus(pilot.status).label})" if pilot else "",
                **_row(figures[(pk, None)]),
                "criteria_met": None if criteria is None else criteria.get(pk, 0),
            }
        )
    return rows


def _row(source) -> dict:
    """A unit's row values, and whether they are the accepted report's frozen ones."""
    row = {"areas": 0, "unity_day": 0, "covenants_reviewed": 0, **row_values(source.figures)}
    row["frozen"] = source.is_frozen
    if source.is_frozen:
        row["report_version"], row["report_id"] = source.version, source.report_id
    return row


def _organisation_rows(organisations: list[dict], figures: dict) -> list[dict]:
    """Annex 2: one row per member organisation with records in the window or an accepted report."""
    rows = []
    for org in organisations:
        source = figures[(None, org["pk"])]
        values = _row(source)
        if source.is_frozen or any(values[key] for key in _TOTAL_KEYS):
            for key in ("areas", "unity_day", "covenants_reviewed"):
                values.pop(key)
            rows.append({"organisation_id": org["pk"], "name": org["name"], **values})
    return rows


def _totals_section(ward_rows: list[dict], org_rows: list[dict], *, annual: bool) -> dict:
    """Totals that reconcile: the wards subtotal (annex 1), the member organisations subtotal (annex 2)
    and the grand total (§II) = wards + organisations for every figure both have."""
    ward_keys = (
        *_TOTAL_KEYS,
        "areas",
        "covenants_reviewed",
        "unity_day",
        *(("criteria_met",) if annual else ()),
    )
    ward_totals = {key: sum(row[key] for row in ward_rows) for key in ward_keys}
    organisation_totals = {key: sum(row[key] for row in org_rows) for key in _TOTAL_KEYS}
    totals = {key: ward_totals[key] + organisation_totals[key] for key in _TOTAL_KEYS}
    totals.update({key: ward_totals[key] for key in ward_keys if key not in _TOTAL_KEYS})
    totals["wards"] = len(ward_rows)
    return {"totals": totals, "ward_totals": ward_totals, "organisation_totals": organisation_totals}


def _pilot_rows(scope: dict) -> list[dict]:
    """The pilots of the period, each listed once, under the expected unit that carries it on."""
    owner = scope["owner"]
    names = {ward["pk"]: _ward_name(ward["kind"], ward["name"]) for ward in scope["wards"]}
    rows, seen = [], set()
    for p in scope["pilots"]:
        carried_by = owner.get(p.ward_id) if p.ward_id else None
        key = (p.level, carried_by, p.area_id)
        if key in seen:
            continue
        seen.add(key)
        evaluation = p.latest_evaluation
        # The choices' labels by their enums: get_FOO_display() rebuilds the field's choices each call.
        rows.append(
            {
                "level": str(PilotLevel(p.level).label),
                "unit": names.get(carried_by) or (p.ward.display_name if p.ward_id else "Thành phố"),
                "area": p.area.name,
                "status": str(PilotStatus(p.status).label),
                "evaluated_on": short_date(evaluation.evaluated_on) if evaluation else "",
                "rating": str(Rating(evaluation.rating).label) if evaluation else "",
                "results": evaluation.results if evaluation else "",
            }
        )
    return rows


def _model_lists(scope: dict) -> dict:
    """The exemplary and the replicated models of the window, all of them (one query): a report on many
    units lists them in annex 3, and its body counts them."""
    model_list = list(
        _models_in(scope["start"], scope["end"])
        .filter(Q(is_exemplary=True) | Q(replicated_from__isnull=False))
        .select_related("ward", "organisation", "replicated_from", "model_type")
        .order_by("ward__name", "name")
    )
    return {
        "exemplary": [
            {"name": m.name, "unit": _owner_name(m), "type": m.model_type.name}
            for m in model_list
            if m.is_exemplary
        ],
        "replicated": [
            {"name": m.name, "unit": _owner_name(m), "from": m.replicated_from.name}
            for m in model_list
            if m.replicated_from_id
        ],
    }


def _completeness_section(period: Period) -> tuple[dict, list]:
    """Completeness as DHIS2 counts it (reports/selectors.py), and the accepted reports."""
    dashboard = period_dashboard(period=period)
    accepted = [
        (row.unit.unit_name, row.report)
        for row in dashboard.rows
        if row.report is not None and row.report.status == ReportStatus.ACCEPTED
    ]
    completeness = {
        "expected": dashboard.expected,
        "submitted": dashboard.submitted,
        "on_time": dashboard.on_time,
        "late": [row.unit.unit_name for row in dashboard.rows if row.timeliness == LATE],
        "missing": [row.unit.unit_name for row in dashboard.rows if row.timeliness == MISSING],
        "correcting": [row.unit.unit_name for row in dashboard.rows if row.timeliness == CORRECTING],
    }
    return completeness, accepted


def _narrative_section(accepted: list) -> dict:
    """Shortcomings, causes, proposals, directions and nominations from the last version of each accepted
    report; `inputs` records which version of which report went in."""
    versions: dict[int, ReportVersion] = {}
    for kept in ReportVersion.objects.filter(report_id__in=[r.pk for _name, r in accepted]).order_by(
        "report_id", "-number"
    ):
        versions.setdefault(kept.report_id, kept)
    highlights, directions, nominations, inputs = [], [], [], {}
    for unit_name, report in accepted:
        version = versions.get(report.pk)
        # Reports accepted without a kept version (imported data) contribute their current text.
        inputs[str(report.pk)] = version.number if version else 0
        narrative = version.narrative if version else report.narrative()
        texts = {key: (narrative.get(key) or "").strip() for key in ("weaknesses", "causes", "proposals")}
        if any(texts.values()):
            highlights.append({"unit": unit_name, **texts})
        if (narrative.get("directions") or "").strip():
            directions.append({"unit": unit_name, "text": narrative["directions"].strip()})
        for nomination in version.nominations if version else []:
            nominations.append({"unit": unit_name, **nomination})
    return {
        "highlights": highlights,
        "shortcomings": [h for h in highlights if h["weaknesses"] or h["causes"]],
        "proposals": [h for h in highlights if h["proposals"]],
        "directions": directions,
        "nominations": nominations,
        "inputs": inputs,
    }


_MODEL_KEYS = ("models_active", "models_new")
_ACTIVITY_KEYS = ("activities", "participants", "funds_cash", "funds_in_kind", "houses")
_TOTAL_KEYS = (*_MODEL_KEYS, *_ACTIVITY_KEYS)


def _owner_name(model: SelfManagementModel) -> str:
    if model.organisation is not None:
        return model.organisation.name
    return model.ward.display_name if model.ward is not None else "Thành phố"


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
        transaction.on_commit(lambda: dispatch(report.pk))
    return report, True


# The mark of a version requested while the broker was down (shown to city staff while it waits).
NOT_DISPATCHED = (
    "Hàng đợi tạm thời không hoạt động; bản tổng hợp sẽ được xử lý khi hàng đợi hoạt động trở lại."
)


# The Celery entry point lives beside its publisher (reports/tasks.py imports it, never the reverse);
# its name is the one it always had, so messages already queued still find it.
@shared_task(
    name="reports.tasks.compile_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    # Backoff 5, 10, 20, 40 then 60 s: eight retries outlast a five-minute database outage.
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=False,
    max_retries=8,
    soft_time_limit=settings.COMPILE_SOFT_TIME_LIMIT,
    time_limit=settings.COMPILE_TIME_LIMIT,
)
def compile_report(self, compiled_report_id: int) -> str:
    """Compile one queued version (idempotent: a done version is left alone)."""
    try:
        report = compile_period(compiled_report_id)
    except (OperationalError, InterfaceError):
        if self.request.retries >= self.max_retries:
            compile_failed(compiled_report_id, "Lỗi kết nối cơ sở dữ liệu kéo dài; vui lòng thử lại.")
        raise
    except SoftTimeLimitExceeded:
        compile_failed(compiled_report_id, "Quá thời gian cho phép khi tổng hợp báo cáo.")
        return "failed"
    except Exception as error:
        logger.exception("Compiled report %s failed", compiled_report_id)
        compile_failed(compiled_report_id, f"{type(error).__name__}: {error}")
        return "failed"
    return report.status if report else "missing"


def dispatch(compiled_report_id: int) -> None:
    """Send the job to the worker; when the broker is down the version stays queued, marked for the
    watchdog (reports/watchdog.py) to send again, as the notification e-mails are."""
    try:
        compile_report.delay(compiled_report_id)
    except Exception as error:  # the broker is down: kept queued, the watchdog dispatches it later
        logger.warning("Compiled report %s kept for later, the broker is down: %s", compiled_report_id, error)
        CompiledReport.objects.filter(pk=compiled_report_id, status=CompileStatus.QUEUED).update(
            error=NOT_DISPATCHED
        )
    else:
        CompiledReport.objects.filter(pk=compiled_report_id, error=NOT_DISPATCHED).update(error="")


def compiled_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / COMPILED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def partial_prefix(compiled_report_id: int | None = None) -> str:
    """The name of a compile's temporary files: `.partial-<id>-…`, so the watchdog removes a lost one's."""
    return f".partial-{compiled_report_id}-" if compiled_report_id is not None else ".partial-"


def write_atomically(path: Path, content: bytes, *, owner: int | None = None) -> None:
    """Write to a temporary file in the same folder, then rename: readers never see a partial file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=partial_prefix(owner), suffix=path.suffix)
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
        "lists": unit_lists(data),
        "total_labels": TOTAL_LABELS,
    }


def compile_period(compiled_report_id: int, *, timings: dict | None = None) -> CompiledReport | None:
    """Run one queued version: gather, render PDF and XLSX atomically, mark it done. Idempotent.

    The PDF is rendered part by part (reports/document.py) straight into its file; a part unchanged
    since the period's previous version is reused from the period's part cache. While it runs, a heartbeat
    (reports/heartbeat.py) tells the watchdog the process is alive.
    """
    now = timezone.now()
    claimed = CompiledReport.objects.filter(
        pk=compiled_report_id, status__in=[CompileStatus.QUEUED, CompileStatus.RUNNING, CompileStatus.FAILED]
    ).update(status=CompileStatus.RUNNING, started_at=now, heartbeat_at=now, error="")
    report = (
        CompiledReport.objects.select_related("period", "period__programme")
        .filter(pk=compiled_report_id)
        .first()
    )
    if report is None or not claimed:
        return report  # gone, or already done: a redelivered job does nothing
    with Heartbeat(report.pk):
        _compile(report, timings if timings is not None else {})
    return report


def _compile(report: CompiledReport, timings: dict) -> None:
    """Gather, render the PDF part by part straight into its file, write the XLSX, mark the version done."""
    from .pdf import render_document
    from .xlsx import compiled_workbook

    started = time.perf_counter()
    data = compile_data(report.period)
    timings["data"] = time.perf_counter() - started
    context = document_context(report, data)
    folder = compiled_dir()
    stem = f"{report.period.code}-v{report.version}-{report.pk}"
    started = time.perf_counter()
    all_parts = document_parts(data)
    parts: list[dict] | None = all_parts
    if len(all_parts) <= 2:  # the report and one annex part: one render costs less than two and a join
        context, parts = {**context, **whole_document(data)}, None
    handle, partial = tempfile.mkstemp(dir=folder, prefix=partial_prefix(report.pk), suffix=".pdf")
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
    write_atomically(folder / f"{stem}.xlsx", compiled_workbook(report, data), owner=report.pk)
    timings["xlsx"] = time.perf_counter() - started
    timings["pages"] = rendered.pages
    report.data, report.inputs = data, data["inputs"]
    report.pdf, report.xlsx = f"{COMPILED_DIR}/{stem}.pdf", f"{COMPILED_DIR}/{stem}.xlsx"
    report.page_count, report.status, report.finished_at = rendered.pages, CompileStatus.DONE, timezone.now()
    report.save(
        update_fields=["data", "inputs", "pdf", "xlsx", "page_count", "status", "finished_at", "error"]
    )


def compile_data(period: Period) -> dict:
    """`gather` as the compile runs it: its queries without JIT, the cyclic collector rarely (the data
    phase makes a few hundred thousand objects at national scale; core/batch.py)."""
    with rare_collections(), _without_jit():
        return gather(period)


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


def configuration_problems(day: datetime.date) -> list[str]:
    """Why a document dated `day` could not be signed under the configuration in force then."""
    config = Organisation.objects.in_force_on(day)
    if config is None:
        return [_("No deploying-body configuration is in force on %(date)s.") % {"date": short_date(day)}]
    return config.problems()


def compiled_report_publish(*, report: CompiledReport) -> CompiledReport:
    """Publish a finished version; refused while the configuration in force on its date is incomplete."""
    if report.status != CompileStatus.DONE:
        raise WorkflowError(_("Only a finished version can be published."))
    problems = configuration_problems(report.document_date)
    if problems:
        raise WorkflowError(
            [_("The configuration of the deploying body is incomplete (Configuration page):"), *problems]
        )
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
