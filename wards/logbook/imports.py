"""Excel import of activities: the template, the row-by-row check, and the write after confirmation.

An upload is checked (core.workbooks refuses hostile files), every row is validated against lookups
loaded once per file, and the result is kept on an ImportBatch with the file under MEDIA_ROOT. Nothing
is written until the uploader confirms; then the file is read and checked again (the data may have
moved meanwhile) and written in bulk, keyed by the unit's own activity code, so importing the same
file twice changes nothing. Large files are written by a Celery job that reports its progress.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import workbooks
from core.exports import Column, start_sheet, styled
from core.scope import scope_of
from wards.history import ward_refusal
from wards.models import (
    Activity,
    ActivityType,
    ImportBatch,
    ImportKind,
    ImportStatus,
    MemberOrganisation,
    ResidentialArea,
    User,
    Ward,
)

from .amounts import parse_amount
from .locks import WindowCache
from .services import check_unlocked

# Sent after an import wrote activities: {(ward_id, organisation_id): {dates}}. The dashboard summary
# (a layer above) listens; bulk writes send no post_save.
activities_imported = Signal()

SYNC_LIMIT = 1_000  # rows written in the request; more go to the Celery job
PREVIEW_LIMIT = 300  # rows kept for the preview page, besides every row with an error
MAX_ROWS = 50_000
BATCH_SIZE = 1_000
DATA_SHEET = "Hoạt động"
LISTS_SHEET = "Danh mục"
EXAMPLE_SHEET = "Hướng dẫn"
REASON = "Nhập từ Excel"
NEW, UPDATE, SAME, ERROR = "new", "update", "same", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATE: gettext_lazy("update"),
    SAME: gettext_lazy("unchanged"),
    ERROR: gettext_lazy("error"),
}
WRITTEN = (
    "date",
    "title",
    "ward_id",
    "area_id",
    "content_area_id",
    "activity_type_id",
    "organiser_id",
    "participants",
    "beneficiary_households",
    "funds_cash",
    "funds_in_kind",
    "houses",
    "description",
)


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    width: int = 18
    required: bool = False


ACTIVITY_FIELDS = [
    Field("code", gettext_lazy("Activity code (*)"), 16, True),
    Field("date", gettext_lazy("Date dd/mm/yyyy (*)"), 14, True),
    Field("title", gettext_lazy("Activity title (*)"), 40, True),
    Field("ward", gettext_lazy("Ward / commune (*)"), 22, True),
    Field("area", gettext_lazy("Residential area"), 24),
    Field("content_area", gettext_lazy("Content area (*)"), 30, True),
    Field("activity_type", gettext_lazy("Activity type (*)"), 30, True),
    Field("organiser", gettext_lazy("Organising member organisation"), 26),
    Field("participants", gettext_lazy("Participants"), 12),
    Field("beneficiary_households", gettext_lazy("Beneficiary households"), 12),
    Field("funds_cash", gettext_lazy("Funds in cash (đồng)"), 16),
    Field("funds_in_kind", gettext_lazy("In-kind value (đồng)"), 16),
    Field("houses", gettext_lazy("Houses"), 10),
    Field("description", gettext_lazy("Description"), 40),
]


def _key(text) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


# Lookups, loaded once per file -------------------------------------------------------------------


@dataclass
class Lookups:
    wards: dict[str, Ward]
    areas: dict[tuple[int, str], int]
    content_areas: dict[str, int]
    types: dict[str, ActivityType]
    organisations: dict[str, int]
    existing: dict[tuple[int, str], tuple]  # (ward_id, code) -> (pk, *WRITTEN values)
    allowed_ward_ids: set[int] | None  # None: every ward (city staff)
    windows: WindowCache  # the accepted reports' locks of these wards, loaded once

    @property
    def ward_labels(self) -> list[str]:
        return sorted({ward.display_name for ward in self.wards.values()})


def content_area_model():
    return Activity._meta.get_field("content_area").related_model


def load_lookups(user: User) -> Lookups:
    """Every name a row may use, in a fixed number of queries (7) whatever the size of the file."""
    scope = scope_of(user)
    allowed = None if scope.manages_city else {scope.ward_id}
    wards_q = Ward.objects.all() if allowed is None else Ward.objects.filter(pk__in=allowed)
    wards = {}
    for ward in wards_q:
        wards[_key(ward.display_name)] = ward
        wards.setdefault(_key(ward.name), ward)
        wards.setdefault(_key(ward.code), ward)
    ward_ids = [ward.pk for ward in wards.values()]
    areas = {}
    for pk, ward_id, name, kind in ResidentialArea.objects.filter(
        ward_id__in=ward_ids, is_active=True
    ).values_list("pk", "ward_id", "name", "kind"):
        area = ResidentialArea(pk=pk, ward_id=ward_id, name=name, kind=kind)
        areas[(ward_id, _key(name))] = pk
        areas.setdefault((ward_id, _key(area.display_name)), pk)
    content_areas = {}
    for area in content_area_model().objects.order_by("-programme__term_start", "number"):
        content_areas.setdefault(_key(str(area)), area.pk)
        content_areas.setdefault(_key(area.number), area.pk)
        content_areas.setdefault(_key(area.short_title), area.pk)
    types = {_key(t.name): t for t in ActivityType.objects.filter(is_active=True)}
    organisations = {}
    for pk, name, short in MemberOrganisation.objects.filter(is_active=True).values_list(
        "pk", "name", "short_name"
    ):
        organisations[_key(name)] = pk
        organisations.setdefault(_key(short), pk)
    existing = {
        (row[1], row[2]): (row[0], *row[3:])
        for row in Activity.objects.filter(organisation__isnull=True, ward_id__in=ward_ids, is_deleted=False)
        .exclude(code="")
        .values_list("pk", "ward_id", "code", *WRITTEN)
    }
    windows = WindowCache(ward_ids)
    return Lookups(wards, areas, content_areas, types, organisations, existing, allowed, windows)


# Checking one row ----------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # the spreadsheet's row number, as the user sees it
    cells: list
    status: str = NEW
    errors: dict[str, str] = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    pk: int | None = None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a calendar day)
    except ValueError:
        raise ValidationError(_("Enter the date as dd/mm/yyyy, for example 20/06/2025.")) from None


def _count(value) -> int:
    if value is None or value == "":
        return 0
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and value >= 0
    ):
        return int(value)
    text = _text(value).replace(".", "").replace(",", "").replace(" ", "")
    if not text.isdigit():
        raise ValidationError(_("Enter a whole number that is zero or more."))
    return int(text)


def _amount(value) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_amount(value)


def check_row(number: int, cells: tuple, lookups: Lookups, seen: set) -> Row:
    """Validate one row; every problem is reported on its own cell, in Vietnamese."""
    raw = {f.key: (cells[i] if i < len(cells) else None) for i, f in enumerate(ACTIVITY_FIELDS)}
    row = Row(number=number, cells=[_text(value) for value in raw.values()])
    errors, values = row.errors, row.values
    for f in ACTIVITY_FIELDS:
        value = raw[f.key]
        if isinstance(value, str) and workbooks.formula_like(value):
            errors[f.key] = _("A cell may not start with =, +, - or @ (it would run as a formula).")
        elif f.required and _text(value) == "":
            errors[f.key] = _("Required.")

    def take(key, parse):
        if key in errors:
            return None
        try:
            values[key] = parse(raw[key])
        except ValidationError as error:
            errors[key] = " ".join(error.messages)
        return values.get(key)

    code = take("code", _text)
    take("title", _text)
    take("description", _text)
    if code and len(code) > 40:
        errors["code"] = _("At most 40 characters.")
    if values.get("title") and len(values["title"]) > 255:
        errors["title"] = _("At most 255 characters.")
    day = take("date", _date)
    for key in ("participants", "beneficiary_households", "houses"):
        take(key, _count)
    for key in ("funds_cash", "funds_in_kind"):
        take(key, _amount)

    ward = None
    if "ward" not in errors:
        ward = lookups.wards.get(_key(raw["ward"]))
        if ward is None:
            errors["ward"] = (
                _("You can import only into your own ward.")
                if lookups.allowed_ward_ids is not None
                else _("No such ward or commune.")
            )
        else:
            values["ward_id"] = ward.pk
            refusal = ward_refusal(ward, day)
            if refusal:
                errors["date" if "date" not in errors else "ward"] = refusal
    if ward is not None and _text(raw["area"]):
        area_id = lookups.areas.get((ward.pk, _key(raw["area"])))
        if area_id is None and "area" not in errors:
            errors["area"] = _("No such residential area in %(ward)s.") % {"ward": ward.display_name}
        values["area_id"] = area_id
    else:
        values["area_id"] = None
    if "content_area" not in errors:
        values["content_area_id"] = lookups.content_areas.get(_key(raw["content_area"]))
        if values["content_area_id"] is None:
            errors["content_area"] = _("Choose a content area from the list.")
    activity_type = None
    if "activity_type" not in errors:
        activity_type = lookups.types.get(_key(raw["activity_type"]))
        if activity_type is None:
            errors["activity_type"] = _("Choose an activity type from the list.")
        else:
            values["activity_type_id"] = activity_type.pk
    values["organiser_id"] = None
    if _text(raw["organiser"]) and "organiser" not in errors:
        values["organiser_id"] = lookups.organisations.get(_key(raw["organiser"]))
        if values["organiser_id"] is None:
            errors["organiser"] = _("No such member organisation.")
    if activity_type is not None and values.get("houses") and not activity_type.counts_houses:
        errors["houses"] = _("Houses are counted only for the house-building activity type.")

    if ward is not None and code:
        if (ward.pk, code) in seen:
            errors["code"] = _("This code appears twice in the file.")
        seen.add((ward.pk, code))
    if errors:
        row.status = ERROR
        return row
    existing = lookups.existing.get((ward.pk, code))
    if existing is not None:
        row.pk = existing[0]
        row.status = SAME if tuple(existing[1:]) == tuple(values[k] for k in WRITTEN) else UPDATE
    return row


def _activity(row: Row, by: User) -> Activity:
    return Activity(
        pk=row.pk, code=row.values["code"], created_by=by, **{key: row.values[key] for key in WRITTEN}
    )


def check_rows(rows: Iterable[tuple], lookups: Lookups, by: User) -> Iterator[Row]:
    """Every data row of the sheet (row 1 is the header; empty rows are skipped).

    A row dated inside a period whose report was accepted is refused as the entry form refuses it.
    """
    seen: set = set()
    for number, cells in enumerate(rows, 1):
        if number == 1 or not any(_text(value) for value in cells):
            continue
        if number > MAX_ROWS + 1:
            raise ValidationError(_("The file has more than 50,000 rows: split it into several files."))
        row = check_row(number, cells, lookups, seen)
        if row.status in (NEW, UPDATE):
            _refuse_if_locked(
                row, lookups.existing.get((row.values["ward_id"], row.values["code"])), lookups, by
            )
        yield row


def _refuse_if_locked(row: Row, existing: tuple | None, lookups: Lookups, by: User) -> None:
    """Mark the row as an error when it, or the activity it updates, lies in an accepted report's window."""
    original = (existing[1 + WRITTEN.index("ward_id")], None, existing[1]) if existing else None
    wards = {row.values["ward_id"], *((original[0],) if original else ())}
    if not any(lookups.windows.by_ward.get(ward_id) for ward_id in wards):
        return  # no accepted report of these wards: nothing can be locked (and no record need be built)
    try:
        check_unlocked(record=_activity(row, by), by=by, original=original, lookup=lookups.windows.lock_for)
    except ValidationError as error:
        row.errors["date"], row.status = " ".join(error.messages), ERROR


# Services ------------------------------------------------------------------------------------------


KEPT = ("code", *WRITTEN)


def _json(values: list) -> list:
    return [value.isoformat() if isinstance(value, datetime.date) else value for value in values]


def _kept_rows(batch: ImportBatch, lookups: Lookups, by: User) -> Iterator[Row]:
    """The rows checked at upload, compared again with the database as it is now (codes, locks)."""
    day = KEPT.index("date")
    for number, *values in batch.checked:
        values[day] = datetime.date.fromisoformat(values[day])
        row = Row(number=number, cells=[], values=dict(zip(KEPT, values, strict=True)))
        existing = lookups.existing.get((row.values["ward_id"], row.values["code"]))
        if existing is not None:
            row.pk = existing[0]
            same = tuple(existing[1:]) == tuple(row.values[k] for k in WRITTEN)
            row.status = SAME if same else UPDATE
        if row.status != SAME:
            _refuse_if_locked(row, existing, lookups, by)
        yield row


def _preview_entry(row: Row) -> dict:
    return {"row": row.number, "status": row.status, "cells": row.cells, "errors": row.errors}


@transaction.atomic
def import_upload(*, upload, by: User) -> ImportBatch:
    """Check an uploaded workbook and keep it, unwritten, for confirmation. Raises ValidationError."""
    workbooks.check_workbook(upload)
    lookups = load_lookups(by)
    counts = {NEW: 0, UPDATE: 0, SAME: 0, ERROR: 0}
    preview, checked = [], []
    for row in check_rows(workbooks.read_rows(upload, DATA_SHEET), lookups, by):
        counts[row.status] += 1
        if row.status == ERROR or len(preview) < PREVIEW_LIMIT:
            preview.append(_preview_entry(row))
        if row.status != ERROR and not counts[ERROR]:
            checked.append([row.number, *(row.values[key] for key in KEPT)])
    batch = ImportBatch(
        kind=ImportKind.ACTIVITY,
        original_name=(upload.name or "")[-255:],
        uploaded_by=by,
        ward_id=scope_of(by).ward_id,
        rows_total=sum(counts.values()),
        created=counts[NEW],
        updated=counts[UPDATE],
        unchanged=counts[SAME],
        errors=counts[ERROR],
        preview=preview,
        checked=[] if counts[ERROR] else [[n, *_json(values)] for n, *values in checked],
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
def import_activities(batch_id: int) -> str | None:
    """Write a confirmed Excel import (idempotent: a done or failed import is left alone)."""
    batch = import_apply(batch_id=batch_id)
    return batch.status if batch else None


def _queue(batch_id: int) -> None:
    try:
        import_activities.delay(batch_id)
    except Exception as error:  # the broker is down: say so on the import instead of hanging "queued"
        ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.FAILED, error=f"Không gửi được yêu cầu tới hàng đợi: {error}"[:2000]
        )


def _progress(batch_id: int, done: int) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(rows_done=done)


def import_apply(*, batch_id: int) -> ImportBatch | None:
    """Write a confirmed import: check again, then create and update in bulk. Idempotent."""
    claimed = ImportBatch.objects.filter(
        pk=batch_id, status__in=[ImportStatus.CHECKED, ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING)
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id).first()
    if batch is None or not claimed:
        return batch
    try:
        counts = _write(batch)
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


def _write(batch: ImportBatch) -> dict:
    """Check every row again (nothing written if one fails), then write in batches of BATCH_SIZE.

    Each batch commits on its own so the progress is visible to the page; a job stopped half-way and
    run again finds the rows already written by their codes and carries on.
    """
    by = batch.uploaded_by
    lookups = load_lookups(by)
    if batch.checked:
        checked = _kept_rows(batch, lookups, by)
    else:  # an import checked before the rows were kept: read the file again
        with batch.file.open("rb") as handle:
            upload = io.BytesIO(handle.read())
        workbooks.check_workbook(_Sized(upload))
        checked = check_rows(workbooks.read_rows(upload, DATA_SHEET), lookups, by)
    rows = []
    for row in checked:
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
        touched: dict = {}
        with transaction.atomic():
            new, changed = [], []
            for row in chunk:
                activity = _activity(row, by)
                days = touched.setdefault((activity.ward_id, None), set())
                days.add(activity.date)
                if row.pk is None:
                    new.append(activity)
                else:
                    days.add(lookups.existing[(activity.ward_id, activity.code)][1])
                    changed.append(activity)
            _flush(new, changed, by)
            done += len(chunk)
            ImportBatch.objects.filter(pk=batch.pk).update(rows_done=done)
            transaction.on_commit(
                lambda units=touched: activities_imported.send(sender=Activity, units=units)
            )
    return counts


def _flush(new: list, changed: list, by: User) -> None:
    if new:
        bulk_create_with_history(
            new, Activity, batch_size=BATCH_SIZE, default_user=by, default_change_reason=REASON
        )
    if changed:
        # Whole rows (not just the written fields) so that their history records are complete.
        current = Activity.objects.in_bulk([activity.pk for activity in changed])
        now = timezone.now()
        for index, activity in enumerate(changed):
            row = current[activity.pk]
            for key in WRITTEN:
                setattr(row, key, getattr(activity, key))
            row.updated_at = now
            changed[index] = row
        bulk_update_with_history(
            changed,
            Activity,
            [*WRITTEN, "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=REASON,
        )
    new.clear()
    changed.clear()


class _Sized:
    """A file in memory with the `size` that check_workbook reads."""

    def __init__(self, handle: io.BytesIO):
        self._handle = handle
        self.size = handle.getbuffer().nbytes

    def __getattr__(self, name):
        return getattr(self._handle, name)


# The template --------------------------------------------------------------------------------------


def activity_template(user: User) -> bytes:
    """An XLSX to fill in: Vietnamese headers, drop-down lists, and an example row on its own sheet."""
    lookups = load_lookups(user)
    lists = {
        "ward": lookups.ward_labels,
        "content_area": [
            str(area) for area in content_area_model().objects.order_by("-programme__term_start", "number")
        ],
        "activity_type": [t.name for t in sorted(lookups.types.values(), key=lambda t: (t.order, t.name))],
        "organiser": sorted(MemberOrganisation.objects.filter(is_active=True).values_list("name", flat=True)),
    }
    lists["content_area"] = list(dict.fromkeys(lists["content_area"]))
    book = Workbook(write_only=True)
    columns = [Column(f.header, None, f.width) for f in ACTIVITY_FIELDS]
    sheet = start_sheet(book, DATA_SHEET, columns)
    for index, f in enumerate(ACTIVITY_FIELDS):
        if f.key in lists:
            letter = chr(ord("A") + index)
            source = chr(ord("A") + list(lists).index(f.key))
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
    example.append(
        [
            styled(example, value)
            for value in (
                "HD-2025-001",
                "20/06/2025",
                str(_("Example: Unity Day of residential area 1")),
                lists["ward"][0] if lists["ward"] else "",
                "",
                lists["content_area"][0] if lists["content_area"] else "",
                lists["activity_type"][0] if lists["activity_type"] else "",
                "",
                120,
                35,
                "1.500.000",
                "2 triệu",
                0,
                "",
            )
        ]
    )
    note = styled(
        example, str(_("Copy rows like this one to the first sheet; the code identifies the activity."))
    )
    note.font = Font(italic=True)
    example.append([note])
    reference = book.create_sheet(LISTS_SHEET)
    headers = {
        "ward": _("Wards / communes"),
        "content_area": _("Content areas"),
        "activity_type": _("Activity types"),
        "organiser": _("Member organisations"),
    }
    reference.append([styled(reference, str(headers[key]), bold=True) for key in lists])
    for line in range(max(len(values) for values in lists.values()) if lists else 0):
        reference.append([values[line] if line < len(values) else None for values in lists.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
