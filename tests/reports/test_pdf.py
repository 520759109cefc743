"""The unit report as an official document: its text, and a fetcher that serves only static files."""

import io

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from reports import services
from reports.pdf import BASE_URL, StaticOnlyFetcher, render_pdf
from reports.views import unit_report_document
from tests import factories as f
from tests.reports.factories import UnitReportFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def submitted():
    ward = f.WardFactory(name="An Xuân")
    f.ResidentialAreaFactory.create_batch(7, ward=ward)
    report = UnitReportFactory(ward=ward)
    return services.report_submit(report=report, by=f.ward_officer(ward=ward))


def test_the_ward_can_download_its_report_as_pdf_with_header_title_and_figures(login, submitted):
    response = login(f.ward_officer(ward=submitted.ward)).get(f"/reports/{submitted.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "ỦY BAN MTTQ VIỆT NAM" in text
    assert "PHƯỜNG AN XUÂN" in text
    assert "BAN THƯỜNG TRỰC" in text
    assert "BÁO CÁO" in text
    assert "Sơ kết 6 tháng" in text
    assert "Nơi nhận" in text
    assert "Tình hình ổn định." in text
    kdc_line = next(line for line in text.splitlines() if "(KDC)" in line)
    assert kdc_line.rstrip().endswith("7")


def test_a_draft_has_no_pdf(login):
    report = UnitReportFactory()
    assert login(f.ward_officer(ward=report.ward)).get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_user_text_with_urls_causes_no_fetch(submitted):
    submitted.situation = '<img src="http://169.254.169.254/latest/meta-data/"> file:///etc/passwd'
    submitted.results = '<link rel="stylesheet" href="file:///etc/passwd"><img src="file:///etc/passwd">'
    submitted.save()
    fetcher = StaticOnlyFetcher()
    fetched = []
    original = fetcher.fetch

    def spy(url, headers=None):
        fetched.append(url)
        return original(url, headers)

    fetcher.fetch = spy
    pdf = render_pdf("reports/pdf/unit_report.html", unit_report_document(submitted), fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetched, "the stylesheet and fonts are fetched through the fetcher"
    assert all(url.startswith(BASE_URL + "static/") for url in fetched)
    assert not fetcher.refused


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/x.css",
        "file:///etc/passwd",
        BASE_URL + "static/../../etc/passwd",
        BASE_URL + "media/secret.pdf",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_document_stylesheet_and_fonts():
    fetcher = StaticOnlyFetcher()
    assert b'@import url("pages.css")' in fetcher.fetch(BASE_URL + "static/css/document.css").read()
    assert b"@page" in fetcher.fetch(BASE_URL + "static/css/pages.css").read()
    assert (
        fetcher.fetch(BASE_URL + "static/vendor/fonts/tinos-400-normal.ttf").read()[:4] == b"\x00\x01\x00\x00"
    )


@pytest.mark.parametrize("face", ["400-normal", "400-italic", "700-normal", "700-italic"])
def test_each_face_of_the_document_font_is_one_file_with_the_latin_and_the_vietnamese_letters(face):
    font = TTFont(
        io.BytesIO(StaticOnlyFetcher().fetch(f"{BASE_URL}static/vendor/fonts/tinos-{face}.ttf").read())
    )
    assert set("Aaz0–“₫ĐđƯưƠơĂăỮữỆệẤấ") <= {chr(code) for code in font.getBestCmap()}


def test_a_line_of_vietnamese_is_drawn_in_one_font_a_face(login, submitted):
    """Before the subsets were joined, every accented letter switched to a "Tinos Vietnamese" font."""
    response = login(f.ward_officer(ward=submitted.ward)).get(f"/reports/{submitted.pk}/pdf/")
    fonts = {
        str(font.BaseFont).split("+", 1)[1]
        for page in pikepdf.open(io.BytesIO(response.content)).pages
        for font in page.Resources.get("/Font", {}).values()
    }
    assert fonts <= {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"} and "Tinos" in fonts


def test_page_numbers_start_on_page_two(submitted):
    submitted.results = "\n".join(f"Đoạn {i}: kết quả thực hiện của khu dân cư." * 3 for i in range(60))
    submitted.save()
    pdf = render_pdf("reports/pdf/unit_report.html", unit_report_document(submitted))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    # The margin box is drawn after the page content, so its number ends the page's text.
    assert not pages[0].extract_text().rstrip().endswith("\n1")
    assert pages[1].extract_text().rstrip().endswith("\n2")
