"""Pages of the compiled city report: ask for a compile, follow it, preview, publish, download."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import DOCX_TYPE, PDF_TYPE, XLSX_TYPE, attachment
from core.scope import CITY_MANAGERS, CITY_READERS, get_for_user_or_404, role_required

from . import compile as compiler
from . import selectors
from .compiled_charts import charts
from .document import list_annex
from .docx import city_report_docx
from .forms import CompileForm
from .links import content_area_link, row_links
from .models import CompiledReport, Period
from .services import WorkflowError
from .xlsx import ward_columns

TYPES = {"pdf": PDF_TYPE, "xlsx": XLSX_TYPE, "docx": DOCX_TYPE}


def new_compile_form() -> CompileForm:
    return CompileForm(initial={"token": uuid.uuid4().hex})


@role_required(*CITY_MANAGERS)
@require_POST
def compile_request(request, code):
    period = get_for_user_or_404(Period.objects.editable_by(request.user), code=code)
    form = CompileForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:period_dashboard", code=period.code)
    report, created = compiler.compiled_report_request(
        period=period,
        token=form.cleaned_data["token"],
        by=request.user,
        document_number=form.cleaned_data["document_number"],
        document_date=form.cleaned_data["document_date"],
    )
    if created:
        messages.success(
            request, _("Compiling version %(version)s has been queued.") % {"version": report.version}
        )
    return redirect("reports:compiled_detail", pk=report.pk)


def _compiled(request, pk):
    return get_for_user_or_404(
        CompiledReport.objects.for_user(request.user).select_related("period", "requested_by"), pk=pk
    )


@role_required(*CITY_READERS)
def compiled_status(request, pk):
    return render(request, "reports/_compiled_status.html", {"report": _compiled(request, pk)})


def _with_links(period: Period, data: dict) -> dict:
    """The compiled data with, on each row of the preview, the links to the records behind its numbers."""
    return {
        **data,
        "wards": [{**row, "links": row_links(period, row)} for row in data["wards"]],
        "organisations": [{**row, "links": row_links(period, row)} for row in data["organisations"]],
        "content_areas": [
            {**row, "link": content_area_link(period, row.get("number"))} for row in data["content_areas"]
        ],
    }


@role_required(*CITY_READERS)
def compiled_detail(request, pk):
    report = _compiled(request, pk)
    context = {"report": report, "can_manage": request.user.scope.manages_city}
    if report.status == "done":
        data = _with_links(report.period, report.data)
        document = compiler.document_context(report, data)
        context.update(
            data=data,
            charts=charts(data),
            ward_columns=ward_columns(data),
            document=document,
            list_annex=list_annex(document["lists"]),
        )
    return render(request, "reports/compiled_detail.html", context)


@role_required(*CITY_MANAGERS)
@require_POST
def compiled_publish(request, pk):
    report = _compiled(request, pk)
    try:
        compiler.compiled_report_publish(report=report)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(version)s is published.") % {"version": report.version})
    return redirect("reports:compiled_detail", pk=report.pk)


@role_required(*CITY_READERS)
def compiled_list(request):
    return render(
        request, "reports/compiled_list.html", {"groups": selectors.compiled_by_period(user=request.user)}
    )


@role_required(*CITY_READERS)
def compiled_download(request, pk, kind):
    if kind not in TYPES:
        raise Http404
    report = _compiled(request, pk)
    if kind == "docx":
        if report.status != "done":
            raise Http404
        content = city_report_docx(compiler.document_context(report, report.data))
        return attachment(content, filename=report.filename(kind), content_type=DOCX_TYPE)
    name = report.pdf if kind == "pdf" else report.xlsx
    if report.status != "done" or not name:
        raise Http404
    path = compiler.compiled_dir().parent / name
    if not path.is_file():
        raise Http404
    return attachment(path.open("rb"), filename=report.filename(kind), content_type=TYPES[kind])
