"""XLSX and CSV exports of exactly the rows a list shows (CSV in UTF-8 with BOM for Excel)."""

import csv
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

Column = tuple[str, Callable]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int | float) or hasattr(value, "isoformat"):
        return value
    text = str(value)
    # A cell starting like a formula would run in Excel: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def table(rows: Iterable, columns: list[Column]) -> list[list]:
    return [[str(header) for header, _get in columns]] + [
        [_cell(get(row)) for _header, get in columns] for row in rows
    ]


def export_response(rows: Iterable, columns: list[Column], fmt: str, basename: str) -> HttpResponse:
    data = table(rows, columns)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for line in data:
            writer.writerow(
                [value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value for value in line]
            )
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(basename[:31])
    for line in data:
        sheet.append(line)
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.xlsx"'
    return response


ACTIVITY_COLUMNS: list[Column] = [
    (_("Date"), lambda a: a.date),
    (_("Title"), lambda a: a.title),
    (_("Unit"), lambda a: a.owner_label),
    (_("Place"), lambda a: a.place_label),
    (_("Content area"), lambda a: a.content_area),
    (_("Type"), lambda a: a.activity_type),
    (_("Organiser"), lambda a: a.organiser_label),
    (_("Participants"), lambda a: a.participants),
    (_("Beneficiary households"), lambda a: a.beneficiary_households),
    (_("Funds in cash (đồng)"), lambda a: a.funds_cash),
    (_("In-kind value (đồng)"), lambda a: a.funds_in_kind),
    (_("Houses"), lambda a: a.houses),
    (_("Model"), lambda a: a.model or ""),
]

MODEL_COLUMNS: list[Column] = [
    (_("Name"), lambda m: m.name),
    (_("Type"), lambda m: m.model_type),
    (_("Content area"), lambda m: m.content_area),
    (_("Unit"), lambda m: m.owner_label),
    (_("Ward / commune"), lambda m: m.ward.display_name if m.ward_id else _("City-wide")),
    (_("Residential areas"), lambda m: ", ".join(area.name for area in m.areas.all())),
    (_("Leading organisation"), lambda m: m.lead_label),
    (_("Start date"), lambda m: m.start_date),
    (_("Status"), lambda m: m.get_status_display()),
    (_("Ended on"), lambda m: m.ended_on),
    (_("Households"), lambda m: m.households),
    (_("Exemplary"), lambda m: m.is_exemplary),
    (_("Replicated from"), lambda m: m.replicated_from or ""),
]

COVENANT_COLUMNS: list[Column] = [
    (_("Residential area"), lambda c: c.area.name),
    (_("Ward / commune"), lambda c: c.area.ward.display_name),
    (_("Kind"), lambda c: c.get_kind_display()),
    (_("Title"), lambda c: c.title),
    (_("Version"), lambda c: c.version),
    (_("Status"), lambda c: c.get_status_display()),
    (_("Meeting date"), lambda c: c.meeting_date),
    (_("Households in favour"), lambda c: c.households_in_favour),
    (_("Households in total"), lambda c: c.households_total),
    (_("Sent on"), lambda c: c.sent_on),
    (_("Recognition number"), lambda c: c.recognition_number),
    (_("Recognition date"), lambda c: c.recognition_date),
    (_("Review date"), lambda c: c.review_date),
]
