"""The compiled annex opened in LibreOffice: its recalculated totals are the figures the PDF prints."""

import pytest

from core.formatting import money, number
from reports import compile as compiler
from tests.office import pdf_text, recalculated
from tests.reports.test_compiled import build_city, compile_now

pytestmark = pytest.mark.django_db


def _row(rows: list[list], label: str) -> dict:
    header = rows[0]
    (found,) = [row for row in rows if row[0] == label]
    return dict(zip(header, found, strict=True))


def test_libreoffice_recalculates_the_annex_totals_to_the_pdf_figures():
    period, counted = build_city(wards=3)
    report = compile_now(period)
    folder = compiler.compiled_dir().parent
    text = pdf_text((folder / report.pdf).read_bytes())
    sheets = recalculated((folder / report.xlsx).read_bytes())

    wards = _row(sheets["Theo xã, phường"], "Cộng các xã, phường")
    organisations = _row(sheets["Tổ chức thành viên"], "Cộng các tổ chức thành viên")
    grand = _row(sheets["Tổ chức thành viên"], "Tổng cộng (xã, phường và tổ chức thành viên)")
    ward_acts = [a for a in counted if a.organisation_id is None]
    # The subtotals are the sums of the records; the grand total their sum.
    assert wards["Hoạt động"] == len(ward_acts)
    assert organisations["Hoạt động"] == len(counted) - len(ward_acts)
    assert grand["Hoạt động"] == wards["Hoạt động"] + organisations["Hoạt động"]
    # The PDF says the same: the body's city-wide totals and the annex's ward total row.
    assert f"Tổng số hoạt động: {number(grand['Hoạt động'])};" in text
    assert f"lượt người tham gia: {number(grand['Lượt người tham gia'])};" in text
    assert f"tiền mặt: {money(grand['Tiền mặt (đồng)'])};" in text
    assert f"hiện vật quy đổi: {money(grand['Hiện vật quy đổi (đồng)'])};" in text
    ward_total_line = " ".join(
        number(wards[key])
        for key in ("Hoạt động", "Lượt người tham gia", "Tiền mặt (đồng)", "Hiện vật quy đổi (đồng)")
    )
    assert ward_total_line in text
    assert wards["Số KDC"] == 9 and f"{number(wards['Số KDC'])} khu dân cư" in text
