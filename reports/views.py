"""Pages of the reports app: periods and their dashboard, unit reports and their review, notifications."""

import difflib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import uploads
from core.exports import DOCX_TYPE, PDF_TYPE, Column, attachment, export_response
from core.scope import CITY_MANAGERS, CITY_READERS, UNIT_OFFICERS, Role, get_for_user_or_404, role_required
from wards.logbook.selectors import list_totals
from wards.logbook.views import KINDS, PAGE_SIZE
from wards.models import MemberOrganisation, Organisation

from . import selectors, services
from .docx import unit_report_docx
from .figures import compute_figures, figure_rows
from .forms import NominationFormSet, PeriodForm, ReasonForm, ReportForm, ScanForm
from .links import figure_links
from .models import NARRATIVE_FIELDS, CompiledReport, Notification, Period, PeriodUnit, UnitReport

# Periods -------------------------------------------------------------------------------------------


@role_required(*CITY_READERS)
def period_list(request):
    periods = Period.objects.for_user(request.user).order_by("-year", "-kind")
    return render(request, "reports/period_list.html", {"periods": periods})


@role_required(*CITY_MANAGERS)
def period_edit(request, code):
    period = get_for_user_or_404(Period.objects.editable_by(request.user), code=code)
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": period})
        return redirect("reports:period_list")
    return render(
        request, "wards/form.html", {"form": form, "title": str(period), "back": "reports:period_list"}
    )


@role_required(*CITY_MANAGERS)
def period_units(request, code):
    period = get_for_user_or_404(Period.objects.editable_by(request.user), code=code)
    if request.method == "POST":
        organisation = get_for_user_or_404(
            MemberOrganisation.objects.editable_by(request.user), pk=request.POST.get("organisation")
        )
        takes_part = request.POST.get("takes_part") == "1"
        try:
            services.period_set_organisation(period=period, organisation=organisation, takes_part=takes_part)
        except services.WorkflowError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": organisation})
        return redirect("reports:period_units", code=period.code)
    taking_part = set(
        PeriodUnit.objects.for_user(request.user)
        .filter(period=period, organisation__isnull=False)
        .values_list("organisation_id", flat=True)
    )
    organisations = MemberOrganisation.objects.for_user(request.user).order_by("kind", "name")
    return render(
        request,
        "reports/period_units.html",
        {"period": period, "organisations": organisations, "taking_part": taking_part},
    )


@role_required(*CITY_READERS)
def period_dashboard(request, code):
    period = get_for_user_or_404(Period.objects.for_user(request.user), code=code)
    status = request.GET.get("status", "")
    dashboard = selectors.period_dashboard(period=period, status=status, with_figures=True)
    from .views_compiled import new_compile_form

    context = {
        "dashboard": dashboard,
        "period": period,
        "status": status,
        "filters": selectors.STATUS_FILTERS,
        "compile_form": new_compile_form() if request.user.scope.manages_city else None,
        "compiled_reports": CompiledReport.objects.for_user(request.user).filter(period=period)[:5],
    }
    return render(request, "reports/dashboard.html", context)


DASHBOARD_COLUMNS = [
    Column(gettext_lazy("Unit"), lambda row: row.unit.unit_name, 36),
    Column(gettext_lazy("Status"), lambda row: row.status_label, 18),
    Column(
        gettext_lazy("Submitted at"),
        lambda row: timezone.localtime(row.submitted_at).replace(tzinfo=None) if row.submitted_at else None,
        18,
    ),
    Column(gettext_lazy("Timeliness"), lambda row: row.timeliness_label, 16),
    Column(gettext_lazy("Returned"), lambda row: row.returned_count, 10, total=True),
    # The unit's figures, as in the compiled report's annex: the accepted report's, else live.
    Column(gettext_lazy("Figures"), lambda row: str(row.figures.source_label) if row.figures else "", 30),
    Column(gettext_lazy("Activities"), lambda row: row.values.get("activities", 0), 12, total=True),
    Column(gettext_lazy("Participants"), lambda row: row.values.get("participants", 0), 14, total=True),
    Column(gettext_lazy("Funds mobilised"), lambda row: row.funds, 18, total=True),
    Column(
        gettext_lazy("Self-management models active"),
        lambda row: row.values.get("models_active", 0),
        14,
        total=True,
    ),
]


@role_required(*CITY_READERS)
def period_export(request, code):
    period = get_for_user_or_404(Period.objects.for_user(request.user), code=code)
    status = request.GET.get("status", "")
    dashboard = selectors.period_dashboard(period=period, status=status, with_figures=True)
    return export_response(
        dashboard.rows, DASHBOARD_COLUMNS, "xlsx", f"bao-cao-{period.code}-{status or 'tat-ca'}"
    )


# A unit's reports ----------------------------------------------------------------------------------


@role_required(*CITY_READERS)
def review_queue(request):
    """ "Chờ tiếp nhận": every report waiting for the city office's review, the longest waiting first."""
    rows = selectors.review_queue(user=request.user)
    return render(request, "reports/review_queue.html", {"rows": rows})


@role_required(*UNIT_OFFICERS)
def my_reports(request):
    rows = selectors.my_reports(user=request.user, today=timezone.localdate())
    return render(request, "reports/my_reports.html", {"rows": rows})


@role_required(*UNIT_OFFICERS)
@require_POST
def report_start(request, code):
    """Open (create once) the unit's report for the period: a POST, since it may create a row."""
    unit = get_for_user_or_404(
        PeriodUnit.objects.editable_by(request.user).select_related("period"), period__code=code
    )
    report = services.report_open(period_unit=unit)
    return redirect("reports:report_edit" if report.is_editable else "reports:report_detail", pk=report.pk)


def _scoped_report(request, pk, *, write=False):
    reports = (
        UnitReport.objects.editable_by(request.user) if write else UnitReport.objects.for_user(request.user)
    )
    return get_for_user_or_404(
        reports.select_related("period", "period__programme", "ward", "organisation"), pk=pk
    )


def report_detail(request, pk):
    report = _scoped_report(request, pk)
    figures = compute_figures(report) if report.is_editable else report.figures
    links = report_links(report, figures)
    context = {
        "report": report,
        "figure_rows": figure_rows(figures, links),
        "live_figures": report.is_editable,
        "transitions": report.transitions.select_related("by"),
        "versions": report.versions.select_related("submitted_by"),
        "nominations": report.nominations.all(),
        "can_review": request.user.scope.manages_city,
        # A predecessor's report (before a merger) is read, never changed, by the new unit's officers.
        "is_own": selectors.is_own_report(request.user, report),
        "can_edit": selectors.is_own_report(request.user, report) and report.is_editable,
        "return_reason": selectors.return_reason(report),
        "changes_after_acceptance": selectors.changes_after_acceptance(report),
    }
    return render(request, "reports/report_detail.html", context)


def report_links(report: UnitReport, figures: dict) -> dict[str, str]:
    """Links from the report's figures to their records: the kept ones once it was submitted."""
    kept = not report.is_editable and report.versions.exists()
    return figure_links(
        report.period,
        ward_id=report.ward_id,
        organisation_id=report.organisation_id,
        frozen_report_id=report.pk if kept else None,
        content_areas=list(figures.get("activities", {}).get("by_content_area", {})),
    )


def report_records(request, pk, kind):
    """The records behind a submitted report's figures, as kept with its last version: what a number of
    the report (or of its row in the compiled report) counts, whatever was recorded afterwards."""
    report = _scoped_report(request, pk)
    if kind not in selectors.KEPT_RECORDS:
        raise Http404(_("No such list."))
    version, ids = selectors.kept_record_ids(report, kind)
    logbook = KINDS[kind]
    rows = logbook.model.objects.for_user(request.user).filter(pk__in=ids).select_related(*logbook.related)
    if logbook.prefetch:
        rows = rows.prefetch_related(*logbook.prefetch)
    rows = logbook.filterset(request.GET or None, queryset=rows, request=request).qs
    context = {
        "report": report,
        "version": version,
        "kind": kind,
        "title": logbook.title,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "totals": list_totals(kind, rows),
        "kept": version is not None and "record_ids" in version.figures,
    }
    return render(request, "reports/report_records.html", context)


@role_required(*UNIT_OFFICERS)
def report_edit(request, pk):
    report = _scoped_report(request, pk, write=True)
    if not report.is_editable:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("reports:report_detail", pk=report.pk)
    first = report.first_submitted_at or timezone.now()
    form = ReportForm(
        request.POST or None, instance=report, show_late_reason=not report.period.is_on_time(first)
    )
    nominations = None
    if report.period.is_annual:
        nominations = NominationFormSet(request.POST or None, instance=report, prefix="nominations")
    if request.method == "POST" and form.is_valid() and (nominations is None or nominations.is_valid()):
        try:
            report = services.report_save_draft(
                report=report,
                texts={name: form.cleaned_data[name] for name in form.text_fields},
                nominations=nominations,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleDraft:
            form.add_error(
                None,
                _(
                    "This draft was changed meanwhile (in another tab or by a colleague). Nothing was "
                    "overwritten: your text is still below. Copy it, reload the page and merge it in."
                ),
            )
        except services.WorkflowError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:report_detail", pk=report.pk)
        else:
            if "submit" not in request.POST:
                messages.success(request, _("Draft saved."))
                return redirect("reports:report_edit", pk=report.pk)
            try:
                services.report_submit(report=report, by=request.user)
            except services.WorkflowError as error:
                messages.warning(request, _("The draft is saved but was not submitted:"))
                for message in error.messages:
                    messages.error(request, message)
                return redirect("reports:report_edit", pk=report.pk)
            messages.success(request, _("Report submitted to the city office."))
            return redirect("reports:report_detail", pk=report.pk)
    context = {
        "report": report,
        "form": form,
        "nominations": nominations,
        "figure_rows": figure_rows(compute_figures(report)),
        "return_reason": selectors.return_reason(report),
    }
    return render(request, "reports/report_edit.html", context)


def _notice_message(request, notice: services.Notice, done: str) -> None:
    if notice.email_deferred:
        messages.warning(
            request, done + " " + _("The unit was notified in the portal; the email will follow.")
        )
    else:
        messages.success(request, done)


@role_required(*CITY_MANAGERS)
def report_return(request, pk):
    return _review_with_reason(
        request, pk, services.report_return, _("Return the report"), _("Report returned.")
    )


@role_required(*CITY_MANAGERS)
def report_reopen(request, pk):
    return _review_with_reason(
        request, pk, services.report_reopen, _("Reopen the report"), _("Report reopened.")
    )


def _review_with_reason(request, pk, service, title, done):
    report = _scoped_report(request, pk, write=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = service(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except services.WorkflowError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reports:report_detail", pk=report.pk)
        _notice_message(request, notice, done)
        return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/reason.html", {"report": report, "form": form, "title": title})


@role_required(*CITY_MANAGERS)
@require_POST
def report_accept(request, pk):
    report = _scoped_report(request, pk, write=True)
    try:
        notice = services.report_accept(report=report, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _notice_message(request, notice, _("Report accepted."))
    return redirect("reports:report_detail", pk=report.pk)


@role_required(*CITY_READERS)
def report_diff(request, pk):
    report = _scoped_report(request, pk)
    versions = {v.number: v for v in report.versions.select_related("submitted_by")}
    if len(versions) < 2:
        messages.info(request, _("There is only one submitted version so far."))
        return redirect("reports:report_detail", pk=report.pk)
    numbers = sorted(versions)
    try:
        a = versions[int(request.GET.get("a", numbers[-2]))]
        b = versions[int(request.GET.get("b", numbers[-1]))]
    except (KeyError, ValueError):
        raise Http404 from None
    sections = []
    for name, label in NARRATIVE_FIELDS:
        old, new = a.narrative.get(name, ""), b.narrative.get(name, "")
        if old != new:
            lines = list(difflib.ndiff(old.splitlines(), new.splitlines()))
            sections.append((label, [(line[:1], line[2:]) for line in lines if not line.startswith("?")]))
    old_rows, new_rows = dict(_flat(a.figures)), dict(_flat(b.figures))
    figures = [
        (key, old_rows.get(key), new_rows.get(key))
        for key in sorted(set(old_rows) | set(new_rows))
        if old_rows.get(key) != new_rows.get(key)
    ]
    context = {"report": report, "a": a, "b": b, "numbers": numbers, "sections": sections, "figures": figures}
    return render(request, "reports/report_diff.html", context)


def _flat(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flat(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip("."), data


def report_pdf(request, pk):
    report = _scoped_report(request, pk)
    if not report.is_submitted:
        raise Http404(_("The report has not been submitted yet."))
    from .pdf import render_pdf  # WeasyPrint is heavy: load it only when a PDF is asked for.

    pdf = render_pdf("reports/pdf/unit_report.html", unit_report_document(report))
    return attachment(pdf, filename=f"bao-cao-{report.period.code}-{report.pk}.pdf", content_type=PDF_TYPE)


def report_docx(request, pk):
    report = _scoped_report(request, pk)
    if not report.is_submitted:
        raise Http404(_("The report has not been submitted yet."))
    return attachment(
        unit_report_docx(unit_report_document(report)),
        filename=f"bao-cao-{report.period.code}-{report.pk}.docx",
        content_type=DOCX_TYPE,
    )


def unit_report_document(report: UnitReport) -> dict:
    """The context of the official document for one unit's report (domain.md §8).

    The deploying body's configuration in force on the document's date gives the parent line, the
    national lines and the superior body in the recipients (the body changed on 01/07/2025).
    """
    programme = report.period.programme
    day = timezone.localtime(report.submitted_at).date()
    config = Organisation.objects.in_force_on(day)
    parent = config.header_parent if config else "ỦY BAN MTTQ VIỆT NAM"
    if report.ward_id:
        header = [parent, report.ward.display_name.upper(), "BAN THƯỜNG TRỰC"]
        place = report.ward.name
        suffix = "MTTQ"
    else:
        header = [report.organisation.name.upper(), "", "BAN THƯỜNG VỤ"]
        place = config.place_name if config else "Tam Kỳ"
        suffix = report.organisation.short_name
    superior = f"BTT {parent} {config.header_name}" if config else "BTT UBMTTQ VN thành phố"
    return {
        "report": report,
        "programme": programme,
        "organisation": config,
        "superior": superior,
        "header": [line for line in header if line],
        "number_suffix": f"BC-{suffix}",
        "place": place,
        "date": day,
        "sections": report.sections(),
        "figure_rows": figure_rows(report.figures),
        "nominations": list(report.nominations.all()),
    }


@role_required(Role.CITY_STAFF, *UNIT_OFFICERS)
def report_scan(request, pk):
    report = _scoped_report(request, pk, write=True)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_attach_scan(report=report, upload=form.cleaned_data["scan"])
        except services.WorkflowError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The signed scan is attached."))
        return redirect("reports:report_detail", pk=report.pk)
    return render(request, "reports/scan.html", {"report": report, "form": form})


def report_scan_download(request, pk):
    report = _scoped_report(request, pk)
    if not report.signed_scan:
        raise Http404
    # Served with the type the server detected and named the file after, never the uploaded one.
    name = report.signed_scan.name
    response = attachment(
        report.signed_scan.open("rb"),
        filename=name.rsplit("/", 1)[-1],
        content_type=uploads.mime_of_stored(name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Notifications -------------------------------------------------------------------------------------


def notification_list(request):
    notifications = list(Notification.objects.for_user(request.user)[:50])
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("reports:notification_list")
    return render(request, "reports/notifications.html", {"notifications": notifications})
