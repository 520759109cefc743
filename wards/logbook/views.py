"""Pages of the logbook: lists, details, entry, soft delete and restore, exports, evidence, replicas."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import exports
from core.forms import choose_label
from core.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of
from wards.models import Activity, Covenant, ResidentialArea, SelfManagementModel

from . import selectors
from . import services as services_logbook
from .filters import ActivityFilter, CovenantFilter, SelfManagementModelFilter
from .forms import ActivityForm, CovenantForm, SelfManagementModelForm

PAGE_SIZE = 25
CARRIED = ("date", "ward", "area", "content_area", "activity_type", "organiser")
READERS = (*CITY_READERS, Role.WARD_OFFICER, Role.ORG_OFFICER)
WRITERS = (Role.CITY_STAFF, Role.WARD_OFFICER, Role.ORG_OFFICER)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    form: type
    filterset: type
    columns: list
    related: tuple
    prefetch: tuple
    title: str
    new_title: str
    filename: str
    readers: tuple = READERS
    writers: tuple = WRITERS


KINDS = {
    "activity": Kind(
        "activity",
        Activity,
        ActivityForm,
        ActivityFilter,
        exports.ACTIVITY_COLUMNS,
        ("ward", "area", "content_area", "activity_type", "organisation", "organiser", "model"),
        (),
        gettext_lazy("Activities"),
        gettext_lazy("New activity"),
        "hoat-dong",
    ),
    "model": Kind(
        "model",
        SelfManagementModel,
        SelfManagementModelForm,
        SelfManagementModelFilter,
        exports.MODEL_COLUMNS,
        ("ward", "content_area", "model_type", "organisation", "lead_organisation", "replicated_from"),
        ("areas",),
        gettext_lazy("Self-management models"),
        gettext_lazy("New self-management model"),
        "mo-hinh-tu-quan",
    ),
    "covenant": Kind(
        "covenant",
        Covenant,
        CovenantForm,
        CovenantFilter,
        exports.COVENANT_COLUMNS,
        ("area", "area__ward"),
        (),
        gettext_lazy("Covenants"),
        gettext_lazy("New covenant"),
        "huong-uoc-quy-uoc",
        readers=(*CITY_READERS, Role.WARD_OFFICER),
        writers=(Role.CITY_STAFF, Role.WARD_OFFICER),
    ),
}


def _check_role(request, roles):
    role_required(*roles)(lambda request: None)(request)


def _show_deleted(request) -> bool:
    """City staff may list the soft-deleted rows to restore them."""
    return request.GET.get("deleted") == "1" and scope_of(request.user).manages_city


def _filtered(request, kind: Kind):
    rows = kind.model.objects.for_user(request.user)
    rows = rows.filter(is_deleted=True) if _show_deleted(request) else rows.alive()
    rows = rows.select_related(*kind.related)
    if kind.prefetch:
        rows = rows.prefetch_related(*kind.prefetch)
    filterset = kind.filterset(request.GET or None, queryset=rows, request=request)
    # Valid filters apply even when another one is malformed (the form shows that error).
    rows = filterset.qs
    return filterset, rows


def record_list(request, kind):
    kind = KINDS[kind]
    _check_role(request, kind.readers)
    filterset, rows = _filtered(request, kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    return render(
        request,
        f"wards/{kind.name}_list.html",
        {
            "page": page,
            "filter": filterset,
            "title": kind.title,
            "kind": kind.name,
            "can_add": scope.role in kind.writers or scope.role == Role.ADMINISTRATOR,
            "can_restore": scope.manages_city,
            "can_import": scope.role in (Role.CITY_STAFF, Role.WARD_OFFICER, Role.ADMINISTRATOR),
            "show_deleted": _show_deleted(request),
            "totals": selectors.list_totals(kind.name, rows),
        },
    )


def record_export(request, kind, fmt):
    kind = KINDS[kind]
    _check_role(request, kind.readers)
    _filterset, rows = _filtered(request, kind)
    return exports.export_response(rows, kind.columns, fmt, kind.filename)


def record_detail(request, kind, pk):
    kind = KINDS[kind]
    _check_role(request, kind.readers)
    record = get_for_user_or_404(
        selectors.readable(kind.model.objects.select_related(*kind.related), request.user), pk=pk
    )
    editable = kind.model.objects.editable_by(request.user).alive().filter(pk=pk).exists()
    activities = None
    if kind.name == "model":
        activities = (
            Activity.objects.for_user(request.user).alive().filter(model=record).select_related("area")[:50]
        )
    return render(
        request,
        f"wards/{kind.name}_detail.html",
        {
            "record": record,
            "activities": activities,
            "kind": kind.name,
            "evidence": selectors.evidence_of(record),
            "history": selectors.history_entries(record),
            "can_edit": editable and scope_of(request.user).role != Role.LEADERSHIP,
            "can_restore": scope_of(request.user).manages_city and record.is_deleted,
            # Inside an accepted report's window city staff change records only with a recorded reason.
            "ask_reason": scope_of(request.user).manages_city,
        },
    )


def _save(request, kind: Kind, record=None):
    # "Save and add another" carries the date and place over, so a series is quick to log.
    initial = {key: request.GET[key] for key in CARRIED if key in request.GET} if record is None else None
    form = kind.form(
        request.POST or None, request.FILES or None, instance=record, user=request.user, initial=initial
    )
    original = services_logbook.snapshot(record) if record is not None else None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_logbook.record_save(
                record=form.instance,
                areas=form.cleaned_data.get("areas"),
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                original=original,
                files=form.cleaned_data.get("files", []),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": saved})
            if "save_add" in request.POST:
                carried = {key: form.data[key] for key in CARRIED if form.data.get(key)}
                return redirect(reverse(f"wards:{kind.name}_create") + "?" + urlencode(carried))
            return redirect(f"wards:{kind.name}_detail", pk=saved.pk)
    return render(
        request,
        "wards/record_form.html",
        {
            "form": form,
            "title": str(record) if record else kind.new_title,
            "back": f"wards:{kind.name}_list",
            "save_add": record is None,
            "files_lost": request.method == "POST" and bool(request.FILES),
        },
    )


def record_create(request, kind):
    kind = KINDS[kind]
    _check_role(request, kind.writers)
    return _save(request, kind)


def record_edit(request, kind, pk):
    kind = KINDS[kind]
    _check_role(request, kind.writers)
    record = get_for_user_or_404(selectors.editable(kind.model.objects, request.user), pk=pk)
    return _save(request, kind, record)


def record_delete(request, kind, pk):
    kind = KINDS[kind]
    _check_role(request, kind.writers)
    record = get_for_user_or_404(selectors.editable(kind.model.objects, request.user), pk=pk)
    if request.method == "POST":
        try:
            services_logbook.record_delete(
                record=record, by=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"wards:{kind.name}_detail", pk=record.pk)
        messages.success(
            request, _("Deleted %(name)s; the city Front office can restore it.") % {"name": record}
        )
        return redirect(f"wards:{kind.name}_list")
    return render(
        request,
        "confirm.html",
        {
            "title": _("Delete %(name)s?") % {"name": record},
            "message": _(
                "The record disappears from lists and figures; the city Front office can restore it."
            ),
            "back": f"wards:{kind.name}_list",
            "button": _("Delete"),
            # City staff may delete inside an accepted period, giving a reason that is recorded.
            "ask_reason": scope_of(request.user).manages_city,
        },
    )


@role_required(*CITY_MANAGERS)
@require_POST
def record_restore(request, kind, pk):
    kind = KINDS[kind]
    record = get_for_user_or_404(kind.model.objects.editable_by(request.user), pk=pk, is_deleted=True)
    try:
        services_logbook.record_restore(record=record, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Restored %(name)s.") % {"name": record})
    return redirect(f"wards:{kind.name}_detail", pk=record.pk)


@role_required(*WRITERS)
def area_options(request):
    """The <option>s of the activity form's area list for the ward just chosen (htmx)."""
    ward = request.GET.get("ward", "")
    areas = ResidentialArea.objects.for_user(request.user).active().select_related("ward").order_by("name")
    chosen = areas.filter(ward_id=int(ward)) if ward.isdigit() and len(ward) < 12 else areas.none()
    return render(
        request,
        "wards/_area_options.html",
        {"areas": chosen, "empty_label": choose_label(_("Residential area"))},
    )


@role_required(*WRITERS)
@require_POST
def evidence_upload(request, kind, pk):
    kind = KINDS[kind]
    _check_role(request, kind.writers)
    record = get_for_user_or_404(selectors.editable(kind.model.objects, request.user), pk=pk)
    form = kind.form(instance=record, user=request.user)
    field = form.fields["files"]
    try:
        files = field.clean(request.FILES.getlist("files"))
        services_logbook.evidence_upload(
            record=record, files=files, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if files:
            messages.success(request, _("Added %(count)s file(s).") % {"count": len(files)})
    return redirect(f"wards:{kind.name}_detail", pk=record.pk)


def evidence_download(request, pk, thumb=False):
    evidence, _record = selectors.evidence_for_user(request.user, pk)
    stored = evidence.thumbnail if thumb else evidence.file
    if not stored:
        raise Http404(_("No such record, or it is not yours."))
    inline = thumb or evidence.is_image
    response = exports.attachment(
        stored.open("rb"),
        filename=evidence.original_name,
        content_type="image/jpeg" if thumb else evidence.content_type,
        inline=inline,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@role_required(*WRITERS)
@require_POST
def evidence_delete(request, pk):
    evidence, record = selectors.evidence_for_user(request.user, pk, to_change=True)
    try:
        services_logbook.evidence_remove(
            evidence=evidence, record=record, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed the file %(name)s.") % {"name": evidence.original_name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("home")
    return redirect(next_url)


@role_required(*READERS)
def model_replicas(request, pk):
    model = get_for_user_or_404(
        selectors.readable(SelfManagementModel.objects.select_related("ward"), request.user), pk=pk
    )
    tree = selectors.replication_tree(model)
    ids = [node["model"].pk for node in tree["nodes"]]
    visible = set(
        SelfManagementModel.objects.for_user(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    return render(request, "wards/model_replicas.html", {"record": model, "tree": tree, "visible": visible})
