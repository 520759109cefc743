"""Every download of the portal: one attachment helper, and XLSX/CSV tables that open right in Excel.

CSV: UTF-8 with BOM (Excel shows Vietnamese), dates in ISO yyyy-mm-dd (an English-locale spreadsheet
reads dd/mm as mm/dd). XLSX: streamed in write-only mode, bold frozen header, column widths, number and
date formats, and a total row of SUM formulas that the spreadsheet recalculates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

PDF_TYPE = "application/pdf"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_TYPE = "text/csv; charset=utf-8"
NUMBER_FORMAT = "#,##0"
# Excel number formats (not Python strftime): the cell holds a real date, only its display is Vietnamese.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def attachment(content, *, filename: str, content_type: str, inline: bool = False) -> HttpResponseBase:
    """The one way the portal sends a file: bytes or an open binary file, with an RFC 6266 name.

    `content_disposition_header` writes `filename*=utf-8''…` for Vietnamese names, which browsers
    honour (a hand-written non-ASCII `filename="…"` makes Chromium save `download.xlsx`).
    """
    response: HttpResponse | FileResponse
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or ""
    return response


@dataclass(frozen=True)
class Column:
    """One exported column: its header, how to read a row, its width and whether it is totalled."""

    header: StrOrPromise
    get: Callable
    width: int = 16
    total: bool = False


def as_columns(columns: Sequence) -> list[Column]:
    return [column if isinstance(column, Column) else Column(*column) for column in columns]


def safe_text(value) -> object:
    """A text cell that starts like a formula would run in a spreadsheet: keep it text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float | datetime.date):
        return value
    return safe_text(str(value))


def table(rows: Iterable, columns: Sequence) -> Iterable[list]:
    """Header, then one list of cell values per row (lazy: rows are read as they are written)."""
    columns = as_columns(columns)
    yield [str(column.header) for column in columns]
    for row in rows:
        yield [_cell(column.get(row)) for column in columns]


def _iso(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value.isoformat() if isinstance(value, datetime.date) else value


def csv_bytes(rows: Iterable, columns: Sequence) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table(rows, columns):
        writer.writerow([_iso(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def styled(sheet, value, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
    """A write-only cell with the number or date format its value needs."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = NUMBER_FORMAT
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def start_sheet(book: Workbook, title: str, columns: Sequence[Column]):
    """A write-only sheet with widths set, the header frozen: call before appending any row."""
    sheet = book.create_sheet(title[:31])
    for index, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([styled(sheet, str(column.header), bold=True, wrap=True) for column in columns])
    return sheet


def total_row(sheet, columns: Sequence[Column], first: int, last: int, label: str) -> list:
    """A bold row of SUM formulas over rows first..last for the totalled columns."""
    cells = []
    for index, column in enumerate(columns, 1):
        value: str | int | None
        if index == 1:
            value = label
        elif column.total:
            letter = get_column_letter(index)
            value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
        else:
            value = None
        cell = styled(sheet, value, bold=True)
        if column.total:
            cell.number_format = NUMBER_FORMAT
        cells.append(cell)
    return cells


def xlsx_bytes(rows: Iterable, columns: Sequence, title: str) -> bytes:
    columns = as_columns(columns)
    book = Workbook(write_only=True)
    sheet = start_sheet(book, title, columns)
    lines = iter(table(rows, columns))
    next(lines)  # the header is written by start_sheet
    count = 0
    for line in lines:
        sheet.append([styled(sheet, value) for value in line])
        count += 1
    if any(column.total for column in columns):
        sheet.append(total_row(sheet, columns, 2, count + 1, str(_("Total"))))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_response(rows: Iterable, columns: Sequence, fmt: str, basename: str) -> HttpResponseBase:
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return attachment(csv_bytes(rows, columns), filename=f"{basename}-{stamp}.csv", content_type=CSV_TYPE)
    return attachment(
        xlsx_bytes(rows, columns, basename), filename=f"{basename}-{stamp}.xlsx", content_type=XLSX_TYPE
    )


ACTIVITY_COLUMNS: list[Column] = [
    Column(_("Date"), lambda a: a.date, 12),
    Column(_("Title"), lambda a: a.title, 40),
    Column(_("Unit"), lambda a: a.owner_label, 24),
    Column(_("Place"), lambda a: a.place_label, 30),
    Column(_("Content area"), lambda a: a.content_area, 24),
    Column(_("Type"), lambda a: a.activity_type, 24),
    Column(_("Organiser"), lambda a: a.organiser_label, 24),
    Column(_("Participants"), lambda a: a.participants, 14, total=True),
    Column(_("Beneficiary households"), lambda a: a.beneficiary_households, 14, total=True),
    Column(_("Funds in cash (đồng)"), lambda a: a.funds_cash, 18, total=True),
    Column(_("In-kind value (đồng)"), lambda a: a.funds_in_kind, 18, total=True),
    Column(_("Houses"), lambda a: a.houses, 10, total=True),
    Column(_("Model"), lambda a: a.model or "", 30),
    Column(_("Code"), lambda a: a.code, 14),
]

MODEL_COLUMNS: list[Column] = [
    Column(_("Name"), lambda m: m.name, 40),
    Column(_("Type"), lambda m: m.model_type, 24),
    Column(_("Content area"), lambda m: m.content_area, 24),
    Column(_("Unit"), lambda m: m.owner_label, 24),
    Column(_("Ward / commune"), lambda m: m.ward.display_name if m.ward_id else _("City-wide"), 22),
    Column(_("Residential areas"), lambda m: ", ".join(area.name for area in m.areas.all()), 30),
    Column(_("Leading organisation"), lambda m: m.lead_label, 24),
    Column(_("Start date"), lambda m: m.start_date, 12),
    Column(_("Status"), lambda m: m.get_status_display(), 14),
    Column(_("Ended on"), lambda m: m.ended_on, 12),
    Column(_("Households"), lambda m: m.households, 12, total=True),
    Column(_("Exemplary"), lambda m: m.is_exemplary, 10),
    Column(_("Replicated from"), lambda m: m.replicated_from or "", 30),
    Column(_("Code"), lambda m: m.code, 14),
]

COVENANT_COLUMNS: list[Column] = [
    Column(_("Residential area"), lambda c: c.area.name, 24),
    Column(_("Ward / commune"), lambda c: c.area.ward.display_name, 22),
    Column(_("Kind"), lambda c: c.get_kind_display(), 12),
    Column(_("Title"), lambda c: c.title, 40),
    Column(_("Version"), lambda c: c.version, 8),
    Column(_("Status"), lambda c: c.get_status_display(), 16),
    Column(_("Meeting date"), lambda c: c.meeting_date, 12),
    Column(_("Households in favour"), lambda c: c.households_in_favour, 14, total=True),
    Column(_("Households in total"), lambda c: c.households_total, 14, total=True),
    Column(_("Sent on"), lambda c: c.sent_on, 12),
    Column(_("Recognition number"), lambda c: c.recognition_number, 18),
    Column(_("Recognition date"), lambda c: c.recognition_date, 12),
    Column(_("Review date"), lambda c: c.review_date, 12),
    Column(_("Code"), lambda c: c.code, 14),
]
