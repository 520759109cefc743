"""Excel import of residential areas, models, activities and covenants: the template, the row-by-row
check, and the write after confirmation. One engine runs every kind; a kind's `Spec` says how one of
its rows is checked and written (import_activities.py, import_records.py).

An upload is checked (core.workbooks refuses hostile files), every row is validated against lookups
loaded once per file, and the result is kept on an ImportBatch with the file under MEDIA_ROOT. Nothing
is written until the uploader confirms; then the kept rows are checked again (the data may have moved
meanwhile) and written in batches, keyed by each kind's stable key (the unit's code, or an area's
name in its ward), so importing the same file twice changes nothing. Large files are written by a
Celery job that reports its progress.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import workbooks
from core.exports import Column, start_sheet, styled
from core.scope import scope_of
from wards.models import ImportBatch, ImportStatus, User

from .import_activities import ActivitySpec, activities_imported
from .import_base import ERROR, NEW, SAME, STATUS_LABELS, UPDATE, Row, Spec, text
from .import_records import AreaSpec, CovenantSpec, ModelSpec

__all__ = ["SPECS", "STATUS_LABELS", "activities_imported", "spec_for", "spec_for_kind"]

SYNC_LIMIT = 1_000  # rows written in the request; more go to the Celery job
PREVIEW_LIMIT = 300  # rows kept for the preview page, besides every row with an error
MAX_ROWS = 50_000
BATCH_SIZE = 1_000
LISTS_SHEET = "Danh mục"
EXAMPLE_SHEET = "Hướng dẫn"

SPECS: dict[str, Spec] = {
    spec.name: spec for spec in (AreaSpec(), ModelSpec(), ActivitySpec(), CovenantSpec())
}
_BY_KIND = {spec.kind: spec for spec in SPECS.values()}


def spec_for(name: str) -> Spec:
    try:
        return SPECS[name]
    except KeyError:
        raise Http404 from None


def spec_for_kind(kind: str) -> Spec:
    return _BY_KIND[kind]


# Checking the rows --------------------------------------------------------------------------------


def check_rows(spec: Spec, rows: Iterable[tuple], lookups, by: User) -> Iterator[Row]:
    """Every data row of the sheet (row 1 is the header; empty rows are skipped), checked.

    A cell that a spreadsheet would run as a formula, or a required cell left empty, is refused here
    for every kind; the spec checks the rest (a row in an accepted report's period is refused as the
    entry form refuses it)."""
    seen: set = set()
    for number, cells in enumerate(rows, 1):
        if number == 1 or not any(text(value) for value in cells):
            continue
        if number > MAX_ROWS + 1:
            raise ValidationError(_("The file has more than 50,000 rows: split it into several files."))
        raw = {f.key: (cells[i] if i < len(cells) else None) for i, f in enumerate(spec.fields)}
        row = Row(number=number, cells=[text(value) for value in raw.values()])
        for f in spec.fields:
            value = raw[f.key]
            if isinstance(value, str) and workbooks.formula_like(value):
                row.errors[f.key] = _("A cell may not start with =, +, - or @ (it would run as a formula).")
            elif f.required and text(value) == "":
                row.errors[f.key] = _("Required.")
        spec.check(row, raw, lookups, by, seen)
        if row.errors:
            row.status = ERROR
        yield row


def _preview_entry(row: Row) -> dict:
    return {"row": row.number, "status": row.status, "cells": row.cells, "errors": row.errors}


# Services ------------------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, spec: Spec, upload, by: User) -> ImportBatch:
    """Check an uploaded workbook and keep it, unwritten, for confirmation. Raises ValidationError."""
    workbooks.check_workbook(upload)
    lookups = spec.load(by)
    counts = {NEW: 0, UPDATE: 0, SAME: 0, ERROR: 0}
    preview, checked = [], []
    for row in check_rows(spec, workbooks.read_rows(upload, spec.sheet), lookups, by):
        counts[row.status] += 1
        if row.status == ERROR or len(preview) < PREVIEW_LIMIT:
            preview.append(_preview_entry(row))
        if row.status != ERROR and not counts[ERROR]:
            checked.append(spec.dump(row))
    batch = ImportBatch(
        kind=spec.kind,
        original_name=(upload.name or "")[-255:],
        uploaded_by=by,
        ward_id=scope_of(by).ward_id,
        rows_total=sum(counts.values()),
        created=counts[NEW],
        updated=counts[UPDATE],
        unchanged=counts[SAME],
        errors=counts[ERROR],
        preview=preview,
        checked=[] if counts[ERROR] else checked,
    )
    upload.seek(0)
    batch.file.save("import.xlsx", upload, save=False)
    batch.save()
    return batch


def import_confirm(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Write a checked file: in this request when small, else in the Celery job (queued on commit)."""
    if batch.status != ImportStatus.CHECKED:
        raise ValidationError(_("This file has already been imported."))
    if batch.errors:
        raise ValidationError(_("Fix the rows with errors and upload the file again."))
    if batch.rows_total <= SYNC_LIMIT:
        import_apply(batch_id=batch.pk)
        batch.refresh_from_db()
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)
    transaction.on_commit(lambda: _queue(batch.pk))
    batch.refresh_from_db()
    return batch


# The Celery entry point lives beside its publisher (wards/tasks.py imports it, never the reverse);
# its name is the one it always had, so messages already queued still find it.
@shared_task(
    name="wards.tasks.import_activities",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=900,
    time_limit=1000,
)
def import_rows(batch_id: int) -> str | None:
    """Write a confirmed Excel import of any kind (idempotent: a done or failed import is left alone)."""
    batch = import_apply(batch_id=batch_id)
    return batch.status if batch else None


def _queue(batch_id: int) -> None:
    try:
        import_rows.delay(batch_id)
    except Exception as error:  # the broker is down: say so on the import instead of hanging "queued"
        ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.FAILED, error=f"Không gửi được yêu cầu tới hàng đợi: {error}"[:2000]
        )


def import_apply(*, batch_id: int) -> ImportBatch | None:
    """Write a confirmed import: check again, then create and update in batches. Idempotent."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportStatus.CHECKED, ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING)
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id).first()
    if batch is None or not claimed:
        return batch
    try:
        counts = _write(batch, _BY_KIND[batch.kind])
    except ValidationError as error:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.FAILED, error=" ".join(error.messages)[:2000], finished_at=timezone.now()
        )
    else:
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportStatus.DONE,
            rows_done=batch.rows_total,
            finished_at=timezone.now(),
            created=counts[NEW],
            updated=counts[UPDATE],
            unchanged=counts[SAME],
            errors=0,
        )
    batch.refresh_from_db()
    return batch


def _checked_rows(batch: ImportBatch, spec: Spec, lookups, by: User) -> Iterator[Row]:
    """The rows kept at upload, checked again against the database as it is now."""
    if not batch.checked:  # an import checked before the rows were kept: read the file again
        with batch.file.open("rb") as handle:
            upload = io.BytesIO(handle.read())
        workbooks.check_workbook(_Sized(upload))
        yield from check_rows(spec, workbooks.read_rows(upload, spec.sheet), lookups, by)
        return
    for row in spec.kept_rows(batch):
        spec.recheck(row, lookups, by)
        if row.errors:
            row.status = ERROR
        yield row


def _write(batch: ImportBatch, spec: Spec) -> dict:
    """Check every row again (nothing written if one fails), then write in batches of BATCH_SIZE.

    Each batch commits on its own so the progress is visible to the page; a job stopped half-way and
    run again finds the rows already written by their keys and carries on.
    """
    by = batch.uploaded_by
    lookups = spec.load(by)
    rows = []
    for row in _checked_rows(batch, spec, lookups, by):
        if row.status == ERROR:
            raise ValidationError(
                _("Row %(row)s is no longer valid: %(reason)s")
                % {"row": row.number, "reason": " ".join(row.errors.values())}
            )
        rows.append(row)
    counts = {NEW: 0, UPDATE: 0, SAME: 0}
    for row in rows:
        counts[row.status] += 1
    pending = [row for row in rows if row.status != SAME]
    done = len(rows) - len(pending)
    for first in range(0, len(pending), BATCH_SIZE):
        chunk = pending[first : first + BATCH_SIZE]
        with transaction.atomic():
            spec.write(chunk, lookups, by)
            done += len(chunk)
            ImportBatch.objects.filter(pk=batch.pk).update(rows_done=done)
    return counts


class _Sized:
    """A file in memory with the `size` that check_workbook reads."""

    def __init__(self, handle: io.BytesIO):
        self._handle = handle
        self.size = handle.getbuffer().nbytes

    def __getattr__(self, name):
        return getattr(self._handle, name)


# The template --------------------------------------------------------------------------------------


def template(spec: Spec, user: User) -> bytes:
    """An XLSX to fill in: Vietnamese headers, drop-down lists, and an example row on its own sheet."""
    lists = spec.lists(spec.load(user))
    book = Workbook(write_only=True)
    columns = [Column(f.header, None, f.width) for f in spec.fields]
    sheet = start_sheet(book, spec.sheet, columns)
    for index, f in enumerate(spec.fields, 1):
        if f.key in lists:
            letter = get_column_letter(index)
            source = get_column_letter(list(lists).index(f.key) + 1)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${source}$2:${source}${max(len(lists[f.key]), 1) + 1}",
                allow_blank=not f.required,
                showErrorMessage=True,
                errorTitle=str(_("Not in the list")),
                error=str(_("Choose a value from the list.")),
            )
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.data_validations.append(validation)
    example = start_sheet(book, EXAMPLE_SHEET, columns)
    example.append([styled(example, value) for value in spec.example(lists)])
    note = styled(example, str(spec.example_note))
    note.font = Font(italic=True)
    example.append([note])
    reference = book.create_sheet(LISTS_SHEET)
    headers = {f.key: f.header for f in spec.fields}
    reference.append([styled(reference, str(headers[key]).replace(" (*)", ""), bold=True) for key in lists])
    for line in range(max((len(values) for values in lists.values()), default=0)):
        reference.append([values[line] if line < len(values) else None for values in lists.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
