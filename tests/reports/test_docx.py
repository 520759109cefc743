"""The compiled and unit reports as Word documents: official layout, the figures, the signer."""

import datetime
import io

import docx
import pytest

from core.formatting import money, number
from reports import compile as compiler
from reports import document as layout
from reports import services
from tests import factories as f
from tests.reports.factories import UnitReportFactory
from tests.reports.test_compiled import add_pilots, build_city, compile_now

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    return docx.Document(io.BytesIO(content))


def _texts(document) -> list[str]:
    """Every paragraph, including those inside tables (header blocks, figures, signature)."""
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts


def _run_with(document, text: str):
    for table in document.tables:
        for cell in table.rows[0].cells:
            for paragraph in cell.paragraphs:
                if text in paragraph.text:
                    return paragraph.runs[0]
    raise AssertionError(text)


def test_the_compiled_report_downloads_as_word_with_header_figures_and_signer(login):
    period, counted = build_city()
    report = compile_now(period, document_date=datetime.date(2025, 6, 9))
    compiler.compiled_report_publish(report=report)  # leadership sees published versions only
    response = login(f.leadership()).get(f"/compiled/{report.pk}/download/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o")
    document = _open(response.content)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    texts = _texts(document)
    flat = " ".join(texts)
    assert {"ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ TAM KỲ", "BAN THƯỜNG TRỰC"} <= set(texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Số: 01/BC-MTTQ-BTT" in texts
    assert _run_with(document, "Tam Kỳ, ngày 09 tháng 6 năm 2025").italic
    assert _run_with(document, "BAN THƯỜNG TRỰC").bold
    assert f"Tổng số hoạt động: {number(len(counted))};" in flat
    assert f"tiền mặt: {money(sum(a.funds_cash for a in counted))};" in flat
    assert "II. KẾT QUẢ THỰC HIỆN" in texts and "PHỤ LỤC 1. KẾT QUẢ THEO XÃ, PHƯỜNG" in texts
    assert "Nơi nhận:" in texts and "TM. BAN THƯỜNG TRỰC" in texts and "Trần Văn Ký" in texts
    ward_total = next(row for row in document.tables[-2].rows if row.cells[1].text == "Cộng các xã, phường")
    ward_acts = [a for a in counted if a.organisation_id is None]
    assert ward_total.cells[6].text == number(len(ward_acts))


def test_the_word_annexes_end_with_the_pdfs_total_rows_in_bold(login):
    period, counted = build_city(wards=2)
    report = compile_now(period)
    document = _open(login(f.city_staff()).get(f"/compiled/{report.pk}/download/docx/").content)
    wards, organisations = document.tables[-2], document.tables[-1]
    ward_acts = [a for a in counted if a.organisation_id is None]
    labels = [(row.cells[1].text, row.cells[4].text) for row in organisations.rows[-2:]]
    assert wards.rows[-1].cells[1].text == "Cộng các xã, phường"
    assert labels == [
        ("Cộng các tổ chức thành viên", number(len(counted) - len(ward_acts))),
        ("Tổng cộng (xã, phường và tổ chức thành viên)", number(len(counted))),
    ]
    assert all(
        run.bold for row in organisations.rows[-2:] for cell in row.cells for run in cell.paragraphs[0].runs
    )


def test_a_queued_compile_has_no_word_file(login):
    from reports import compile as compiler

    period, _counted = build_city(wards=1)
    report, _created = compiler.compiled_report_request(period=period, token="docx-queued", queue=False)
    assert login(f.city_staff()).get(f"/compiled/{report.pk}/download/docx/").status_code == 404


@pytest.fixture
def submitted():
    ward = f.WardFactory(name="An Xuân")
    f.ResidentialAreaFactory.create_batch(7, ward=ward)
    report = UnitReportFactory(ward=ward)
    return services.report_submit(report=report, by=f.ward_officer(ward=ward))


def test_the_unit_report_downloads_as_word_with_header_figures_and_signature(login, submitted):
    response = login(f.ward_officer(ward=submitted.ward)).get(f"/reports/{submitted.pk}/docx/")
    assert response.status_code == 200
    document = _open(response.content)
    texts = _texts(document)
    assert "ỦY BAN MTTQ VIỆT NAM" in texts and "PHƯỜNG AN XUÂN" in texts
    assert any(text.startswith("Số: ……/BC-MTTQ") for text in texts)
    assert "BÁO CÁO" in texts and any("Sơ kết 6 tháng" in text for text in texts)
    assert "Tình hình ổn định." in texts
    figures = document.tables[1]
    kdc = next(row for row in figures.rows if "(KDC)" in row.cells[1].text)
    assert kdc.cells[2].text == "7"
    assert "Nơi nhận:" in texts and "TM. BAN THƯỜNG TRỰC" in texts and "CHỦ TỊCH" in texts


def test_a_draft_has_no_word_file(login):
    report = UnitReportFactory()
    assert login(f.ward_officer(ward=report.ward)).get(f"/reports/{report.pk}/docx/").status_code == 404


def test_the_word_document_of_a_report_on_many_units_lists_their_lines_in_annex_3_as_the_pdf_does(
    login, monkeypatch
):
    monkeypatch.setattr(layout, "UNITS_LISTED_IN_BODY", 2)
    period, _counted = build_city(wards=3)
    pilots = add_pilots(period)
    report = compile_now(period)
    texts = [
        p.text
        for p in _open(login(f.city_staff()).get(f"/compiled/{report.pk}/download/docx/").content).paragraphs
    ]
    annex = texts.index(layout.LIST_ANNEX_TITLE)
    body, annex_3 = texts[:annex], texts[annex:]
    assert (
        f"Có {pilots} khu dân cư thí điểm (đang triển khai: {pilots}); chi tiết tại Phụ lục 3, mục 1." in body
    )
    assert not any(text.startswith("- Cấp xã, phường") for text in body)
    assert len([text for text in annex_3 if text.startswith("- Cấp xã, phường")]) == pilots
    headings = ["III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    assert [text for text in body if text in headings] == headings and "VI. ĐỀ NGHỊ KHEN THƯỞNG" in body
    assert annex_3[1] == "1. Khu dân cư thí điểm" and "5. Đề xuất, kiến nghị" in annex_3
