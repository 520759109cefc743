"""Pages of the Excel imports (areas, models, activities, covenants): template, upload, preview,
confirm, progress. The start and template pages take the kind from the URL; an import's own pages
read it from the import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import exports
from core.scope import Role, get_for_user_or_404, role_required
from wards.models import ImportBatch

from . import imports

IMPORTERS = (Role.CITY_STAFF, Role.WARD_OFFICER)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


@role_required(*IMPORTERS)
def import_start(request, kind):
    spec = imports.spec_for(kind)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.import_upload(upload=form.cleaned_data["file"], by=request.user, spec=spec)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("wards:import_preview", pk=batch.pk)
    recent = ImportBatch.objects.for_user(request.user).filter(kind=spec.kind).select_related("uploaded_by")
    return render(request, "wards/import_start.html", {"form": form, "recent": recent[:10], "spec": spec})


@role_required(*IMPORTERS)
def import_template(request, kind):
    spec = imports.spec_for(kind)
    return exports.attachment(
        imports.template(spec, request.user),
        filename=f"{spec.template_name}-{timezone.localdate().isoformat()}.xlsx",
        content_type=exports.XLSX_TYPE,
    )


def _batch(request, pk):
    batch = get_for_user_or_404(ImportBatch.objects.for_user(request.user), pk=pk)
    return batch, imports.spec_for_kind(batch.kind)


@role_required(*IMPORTERS)
def import_preview(request, pk):
    batch, spec = _batch(request, pk)
    headers = [str(field.header) for field in spec.fields]
    keys = [field.key for field in spec.fields]
    rows = [
        {
            "number": entry["row"],
            "status": entry["status"],
            "label": imports.STATUS_LABELS[entry["status"]],
            "cells": [
                (value, entry["errors"].get(key, ""))
                for value, key in zip(entry["cells"], keys, strict=False)
            ],
        }
        for entry in batch.preview
    ]
    return render(
        request,
        "wards/import_preview.html",
        {"batch": batch, "spec": spec, "headers": headers, "rows": rows, "shown": len(rows)},
    )


@role_required(*IMPORTERS)
@require_POST
def import_confirm(request, pk):
    batch, _spec = _batch(request, pk)
    try:
        batch = imports.import_confirm(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch.status == "done":
            messages.success(
                request,
                _("Imported: %(new)s new, %(updated)s updated, %(same)s unchanged.")
                % {"new": batch.created, "updated": batch.updated, "same": batch.unchanged},
            )
        else:
            messages.info(request, _("The import has been queued; its progress is shown below."))
    return redirect("wards:import_preview", pk=batch.pk)


@role_required(*IMPORTERS)
def import_status(request, pk):
    batch, spec = _batch(request, pk)
    return render(request, "wards/import_status.html", {"batch": batch, "spec": spec})
