"""The XLSX annex of a compiled report: the document's tables, one sheet each, frozen header rows."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import record_ids_by_unit

NUMBER_FORMAT = "#,##0"

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


def ward_columns(data: dict) -> list[tuple[str, str]]:
    annual = data["period"]["kind"] == "annual"
    return WARD_COLUMNS + ([CRITERIA_COLUMN] if annual else [])


def _sheet(book: Workbook, title: str, columns, rows, total: dict | None = None) -> None:
    sheet = book.create_sheet(title)
    sheet.append([label for _key, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(key) for key, _label in columns])
    if total is not None:
        sheet.append(["Tổng cộng"] + [total.get(key) for key, _label in columns[1:]])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, int):
                cell.number_format = NUMBER_FORMAT
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 32
    for letter in "BCDEFGHIJKLM":
        sheet.column_dimensions[letter].width = 16


def _record_id_sheet(book, period) -> None:
    """One line per record behind each unit's row (activities, then models), so every figure of the
    annex can be traced to its records and filtered by unit."""
    rows = [
        {"unit": unit["unit"], "source": unit["source"], "kind": label, "id": pk}
        for unit in record_ids_by_unit(period)
        for kind, label in (("activities", "Hoạt động"), ("models", "Mô hình tự quản"))
        for pk in unit[kind]
    ]
    columns = [("unit", "Đơn vị"), ("source", "Nguồn số liệu"), ("kind", "Loại hồ sơ"), ("id", "Mã hồ sơ")]
    _sheet(book, "Mã hồ sơ theo đơn vị", columns, rows)


def compiled_workbook(report, data: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Theo nội dung", AREA_COLUMNS, data["content_areas"])
    _sheet(book, "Theo xã, phường", ward_columns(data), data["wards"], total=data["ward_totals"])
    _sheet(book, "Tổ chức thành viên", ORG_COLUMNS, data["organisations"])
    _sheet(book, "Thí điểm", PILOT_COLUMNS, data["pilots"])
    completeness = data["completeness"]
    _sheet(
        book,
        "Tiến độ báo cáo",
        [("unit", "Đơn vị"), ("state", "Tình trạng")],
        [{"unit": name, "state": "Nộp muộn"} for name in completeness["late"]]
        + [{"unit": name, "state": "Chưa nộp"} for name in completeness["missing"]],
    )
    _record_id_sheet(book, report.period)
    book.properties.title = f"Phụ lục báo cáo tổng hợp {report.period.code} v{report.version}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
