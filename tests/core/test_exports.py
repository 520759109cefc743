"""Downloads open right: a name browsers honour, ISO dates in CSV, formatted XLSX whose totals recalculate."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from tests import factories as f
from tests.office import recalculated
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_with_activities():
    ward = f.WardFactory()
    rows = [
        ActivityFactory(ward=ward, date=datetime.date(2025, 3, 4), participants=12, funds_cash=1_500_000),
        ActivityFactory(ward=ward, date=datetime.date(2025, 11, 10), participants=30, funds_cash=250_000),
        ActivityFactory(ward=ward, date=datetime.date(2025, 1, 2), participants=7, funds_cash=0),
    ]
    return ward, rows


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_logbook_exports_carry_a_file_name_browsers_honour(login, ward_with_activities, fmt):
    ward, _rows = ward_with_activities
    response = login(f.ward_officer(ward=ward)).get(f"/activities/export/{fmt}/")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "hoat-dong-" in disposition and disposition.endswith(f'.{fmt}"')


def test_a_vietnamese_file_name_is_sent_as_rfc_6266_utf8(login):
    from core.exports import attachment

    response = attachment(b"x", filename="báo-cáo.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''b%C3%A1o-c%C3%A1o.pdf"


def test_csv_dates_are_iso_and_the_file_starts_with_a_bom(login, ward_with_activities):
    ward, _rows = ward_with_activities
    body = login(f.ward_officer(ward=ward)).get("/activities/export/csv/?sort=date").content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["2025-01-02", "2025-03-04", "2025-11-10"]


def test_the_activity_xlsx_has_widths_a_bold_frozen_header_formats_and_a_formula_total(
    login, ward_with_activities
):
    ward, rows = ward_with_activities
    content = login(f.ward_officer(ward=ward)).get("/activities/export/xlsx/").content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 40
    assert sheet["A2"].is_date and sheet["A2"].number_format == "dd/mm/yyyy"
    cash = header.index("Tiền mặt (đồng)") + 1
    assert sheet.cell(row=2, column=cash).number_format == "#,##0"
    total = sheet.max_row
    assert total == len(rows) + 2 and sheet.cell(row=total, column=1).value == "Tổng cộng"
    letter = sheet.cell(row=1, column=cash).column_letter
    assert sheet.cell(row=total, column=cash).value == f"=SUM({letter}2:{letter}{total - 1})"
    assert sheet.cell(row=total, column=cash).font.bold


def test_libreoffice_recalculates_the_logbook_totals_to_the_sums_of_the_rows(login, ward_with_activities):
    ward, rows = ward_with_activities
    SelfManagementModelFactory(ward=ward, households=40)
    SelfManagementModelFactory(ward=ward, households=2)
    client = login(f.ward_officer(ward=ward))
    (activities,) = recalculated(client.get("/activities/export/xlsx/").content).values()
    header, total = activities[0], activities[-1]
    assert total[header.index("Số người tham gia")] == sum(a.participants for a in rows)
    assert total[header.index("Tiền mặt (đồng)")] == sum(a.funds_cash for a in rows)
    (models,) = recalculated(client.get("/models/export/xlsx/").content).values()
    assert models[-1][models[0].index("Số hộ")] == 42


def test_covenant_export_totals_the_households(login):
    ward = f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward)
    CovenantFactory(area=area, households_in_favour=80, households_total=100)
    sheet = load_workbook(
        io.BytesIO(login(f.ward_officer(ward=ward)).get("/covenants/export/xlsx/").content)
    ).active
    assert sheet.cell(row=sheet.max_row, column=8).value == "=SUM(H2:H2)"
