"""The XLSX annex of a compiled report: the document's tables, one sheet each, totals as formulas.

The workbook is streamed (openpyxl write-only: a national annex has thousands of rows). Each sheet is
described by a `Table` (columns, rows, total rows); a total row holds SUM formulas over the rows above
it, and the grand total adds the subtotals of other sheets by column key, so the spreadsheet
recalculates the same figures the PDF prints.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.exports import Column, safe_text, start_sheet, styled

from .document import TOTAL_LABELS
from .selectors import record_ids_by_unit

WARD_COLUMNS = [
    ("name", "Xã, phường"),
    ("areas", "Số KDC"),
    ("pilot", "KDC thí điểm (tình trạng)"),
    ("models_active", "Mô hình đang hoạt động"),
    ("models_new", "Mô hình mới"),
    ("activities", "Hoạt động"),
    ("participants", "Lượt người tham gia"),
    ("funds_cash", "Tiền mặt (đồng)"),
    ("funds_in_kind", "Hiện vật quy đổi (đồng)"),
    ("houses", "Nhà xây, sửa"),
    ("covenants_reviewed", "Hương ước được rà soát"),
    ("unity_day", "KDC tổ chức Ngày hội"),
]
CRITERIA_COLUMN = ("criteria_met", "KDC đạt đủ tiêu chí")
ORG_COLUMNS = [
    ("name", "Tổ chức thành viên"),
    ("models_active", "Mô hình đang hoạt động"),
    ("models_new", "Mô hình mới"),
    ("activities", "Hoạt động"),
    ("participants", "Lượt người tham gia"),
    ("funds_cash", "Tiền mặt (đồng)"),
    ("funds_in_kind", "Hiện vật quy đổi (đồng)"),
    ("houses", "Nhà xây, sửa"),
]
AREA_COLUMNS = [
    ("number", "Nội dung"),
    ("title", "Tên nội dung"),
    ("activities", "Hoạt động"),
    ("participants", "Lượt người tham gia"),
    ("funds_cash", "Tiền mặt (đồng)"),
    ("funds_in_kind", "Hiện vật quy đổi (đồng)"),
    ("houses", "Nhà xây, sửa"),
]
PILOT_COLUMNS = [
    ("level", "Cấp"),
    ("unit", "Đơn vị"),
    ("area", "KDC"),
    ("status", "Tình trạng"),
    ("evaluated_on", "Ngày đánh giá"),
    ("rating", "Xếp loại"),
]
# Columns holding counts or money: summed in total rows. Every other column is text.
SUMMED = {
    "areas",
    "models_active",
    "models_new",
    "activities",
    "participants",
    "funds_cash",
    "funds_in_kind",
    "houses",
    "covenants_reviewed",
    "unity_day",
    "criteria_met",
}
WIDTHS = {"name": 34, "title": 34, "unit": 30, "area": 26, "pilot": 30}


def ward_columns(data: dict) -> list[tuple[str, str]]:
    annual = data["period"]["kind"] == "annual"
    return WARD_COLUMNS + ([CRITERIA_COLUMN] if annual else [])


@dataclass
class Total:
    """A bold total row: SUM over the sheet's data rows, or (with `adds`) the sum of other subtotals."""

    label: str
    adds: tuple[str, ...] = ()  # labels of earlier total rows, on any sheet, added column by column


@dataclass
class Table:
    title: str
    columns: list[tuple[str, str]]
    rows: Iterable[dict]  # written as they come: a generator streams a long sheet
    totals: list[Total] = field(default_factory=list)


def annex_tables(data: dict) -> list[Table]:
    """The sheets of the annex, in order. Add a sheet here; the writer needs no change."""
    completeness = data["completeness"]
    return [
        Table("Theo nội dung", AREA_COLUMNS, data["content_areas"]),
        Table("Theo xã, phường", ward_columns(data), data["wards"], [Total(TOTAL_LABELS.wards)]),
        Table(
            "Tổ chức thành viên",
            ORG_COLUMNS,
            data["organisations"],
            [
                Total(TOTAL_LABELS.organisations),
                Total(TOTAL_LABELS.grand, adds=(TOTAL_LABELS.wards, TOTAL_LABELS.organisations)),
            ],
        ),
        Table("Thí điểm", PILOT_COLUMNS, data["pilots"]),
        Table(
            "Tiến độ báo cáo",
            [("unit", "Đơn vị"), ("state", "Tình trạng")],
            [{"unit": name, "state": "Nộp muộn"} for name in completeness["late"]]
            + [{"unit": name, "state": "Chưa nộp"} for name in completeness["missing"]],
        ),
    ]


def _reference(sheet_title: str, cell: str) -> str:
    return "'" + sheet_title.replace("'", "''") + "'!" + cell


def write_tables(book: Workbook, tables: list[Table]) -> None:
    """Write each table to its own sheet; remembers where each total row's cells are, by column key."""
    placed: dict[str, dict[str, str]] = {}  # total label -> column key -> sheet-qualified cell
    for table in tables:
        columns = [
            Column(label, None, WIDTHS.get(key, 16 if key in SUMMED else 20)) for key, label in table.columns
        ]
        sheet = start_sheet(book, table.title, columns)
        written = 0
        for row in table.rows:
            sheet.append([styled(sheet, safe_text(row.get(key))) for key, _label in table.columns])
            written += 1
        first, last = 2, written + 1
        for number, total in enumerate(table.totals):
            row_number = last + 1 + number
            cells, where = [], {}
            for index, (key, _label) in enumerate(table.columns, 1):
                letter = get_column_letter(index)
                value = None
                if index == 1:
                    value = total.label
                elif key in SUMMED and total.adds:
                    parts = [placed[label][key] for label in total.adds if key in placed.get(label, {})]
                    value = "=" + "+".join(parts) if parts else None
                elif key in SUMMED:
                    value = f"=SUM({letter}{first}:{letter}{last})" if last >= first else 0
                if key in SUMMED and value is not None:
                    where[key] = _reference(table.title, f"{letter}{row_number}")
                cell = styled(sheet, value, bold=True)
                if key in SUMMED:
                    cell.number_format = "#,##0"
                cells.append(cell)
            placed[total.label] = where
            sheet.append(cells)


# An Excel cell holds at most 32,767 characters: longer id lists go on continuation lines.
IDS_PER_CELL = 30_000


def record_id_table(units: Iterable[dict]) -> Table:
    """The ids of the records behind each unit's row (activities, then models), one line per unit and
    kind with the ids comma-separated, so every figure of the annex can be traced to its records - a
    province's half a million activities make a few hundred lines, not half a million. The lines are
    made as the sheet is written, unit by unit."""
    columns = [
        ("unit", "Đơn vị"),
        ("source", "Nguồn số liệu"),
        ("kind", "Loại hồ sơ"),
        ("count", "Số hồ sơ"),
        ("ids", "Mã hồ sơ"),
    ]
    return Table("Mã hồ sơ theo đơn vị", columns, _id_lines(units))


def _id_lines(units: Iterable[dict]) -> Iterator[dict]:
    for unit in units:
        for kind, label in (("activities", "Hoạt động"), ("models", "Mô hình tự quản")):
            for chunk in _chunks(unit[kind]):
                yield {
                    "unit": unit["unit"],
                    "source": unit["source"],
                    "kind": label,
                    "count": len(chunk),
                    "ids": ", ".join(chunk),
                }


def _chunks(ids: Iterable[int]) -> Iterator[list[str]]:
    """The ids as text, cut so that no cell holds more than IDS_PER_CELL characters (one empty chunk for
    no ids: the line still shows the unit)."""
    chunk: list[str] = []
    size = 0
    for pk in ids:
        text = str(pk)
        if size + len(text) + 2 > IDS_PER_CELL and chunk:
            yield chunk
            chunk, size = [], 0
        chunk.append(text)
        size += len(text) + 2
    yield chunk


def compiled_workbook(report, data: dict) -> bytes:
    book = Workbook(write_only=True)
    write_tables(book, [*annex_tables(data), record_id_table(record_ids_by_unit(report.period))])
    book.properties.title = f"Phụ lục báo cáo tổng hợp {report.period.code} v{report.version}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
