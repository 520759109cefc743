"""Workbooks for the import tests: the portal's own template filled in with openpyxl, as a clerk would."""

import io

from openpyxl import load_workbook


def filled(template: bytes, rows: list[list]) -> bytes:
    """The template with `rows` written from row 2 of its first sheet."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for number, values in enumerate(rows, 2):
        for column, value in enumerate(values, 1):
            sheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def activity_row(code, ward, *, title=None, date="20/06/2025", area="", content="1", kind=None, **numbers):
    """One row in the template's column order."""
    return [
        code,
        date,
        title or f"Hoạt động {code}",
        ward,
        area,
        content,
        kind or "Ngày hội Đại đoàn kết toàn dân tộc",
        "",
        numbers.get("participants", 50),
        numbers.get("households", 10),
        numbers.get("cash", "1.500.000"),
        numbers.get("in_kind", 0),
        numbers.get("houses", 0),
        "",
    ]
