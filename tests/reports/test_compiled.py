"""The compiled city report: figures, the official PDF and XLSX, versions, pages, downloads, the command."""

import datetime
import io
import random

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.formatting import money, number
from reports import compile as compiler
from reports.models import CompiledReport, CompileStatus, Period, PeriodKind, ReportStatus
from reports.services import period_populate_units
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import PeriodFactory, ProgrammeFactory, UnitReportFactory
from tests.wards.factories import (
    ActivityFactory,
    ContentAreaFactory,
    CovenantFactory,
    SelfManagementModelFactory,
)
from wards.models import MemberOrganisation, Organisation, SelfManagementModel, Ward

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def build_city(wards: int = 2, seed: int = 1):
    """Wards with areas, activities inside and outside the window, models, covenants; returns the records."""
    rng = random.Random(seed)
    Organisation.objects.get_or_create(
        valid_from=datetime.date(2024, 1, 1), defaults={"signer_name": "Trần Văn Ký", "place_name": "Tam Kỳ"}
    )
    programme = ProgrammeFactory()
    period = PeriodFactory(programme=programme, kind=PeriodKind.SIX_MONTH, year=2025)
    areas = [ContentAreaFactory(programme=programme, number=n, short_title=f"Nội dung {n}") for n in (1, 2)]
    organisation = MemberOrganisation.objects.filter(name="Hội Liên hiệp Phụ nữ").first() or (
        f.MemberOrganisationFactory(name="Hội Liên hiệp Phụ nữ")
    )
    counted = []
    for index in range(wards):
        ward = f.WardFactory(name=f"Phường Thử {seed}-{index}")
        kdcs = f.ResidentialAreaFactory.create_batch(3, ward=ward)
        for _ in range(4):
            counted.append(
                ActivityFactory(
                    ward=ward,
                    area=rng.choice(kdcs),
                    content_area=rng.choice(areas),
                    date=datetime.date(2025, rng.randint(1, 5), rng.randint(1, 28)),
                    participants=rng.randint(10, 500),
                    funds_cash=rng.randint(1, 90) * 100_000,
                    funds_in_kind=rng.randint(0, 50) * 100_000,
                )
            )
        ActivityFactory(ward=ward, date=datetime.date(2025, 7, 1), participants=9999)  # outside the window
        ActivityFactory(ward=ward, date=datetime.date(2025, 3, 1), participants=7777, is_deleted=True)
        SelfManagementModelFactory(ward=ward, content_area=areas[0], status="active")
        CovenantFactory(area=kdcs[0], review_date=datetime.date(2025, 4, 1))
    counted.append(
        ActivityFactory(
            ward=None,
            organisation=organisation,
            content_area=areas[1],
            participants=123,
            funds_cash=1_000_000,
        )
    )
    # The wards exist before the period's expected units are fixed, as in the portal.
    period_populate_units(period=period)
    return period, counted


def add_pilots(period) -> int:
    """One pilot being implemented in each ward of build_city; returns how many."""
    wards = Ward.objects.filter(name__startswith="Phường Thử").prefetch_related("areas")
    for ward in wards:
        PilotFactory(
            programme=period.programme,
            area=ward.areas.all()[0],
            status="implementing",
            is_current=True,
            selected_on=datetime.date(2025, 1, 2),
        )
    return len(wards)


def compile_now(period, **kwargs):
    report, _created = compiler.compiled_report_request(
        period=period, token=f"t-{period.pk}-x", queue=False, **kwargs
    )
    return compiler.compile_period(report.pk)


def test_the_pdf_totals_equal_sums_computed_from_the_records():
    period, counted = build_city()
    report = compile_now(period)
    assert report.status == CompileStatus.DONE
    text = " ".join(_text((compiler.compiled_dir().parent / report.pdf).read_bytes()).split())
    assert f"Tổng số hoạt động: {number(len(counted))};" in text
    assert f"lượt người tham gia: {number(sum(a.participants for a in counted))};" in text
    assert f"tiền mặt: {money(sum(a.funds_cash for a in counted))};" in text
    assert f"hiện vật quy đổi: {money(sum(a.funds_in_kind for a in counted))};" in text
    assert "mô hình tự quản đang hoạt động: 2" in text
    assert "được rà soát: 2;" in text


def test_the_pdf_has_header_number_date_line_recipients_and_signature():
    period, _ = build_city(wards=1)
    report = compile_now(period, document_date=datetime.date(2025, 6, 9))
    text = _text((compiler.compiled_dir().parent / report.pdf).read_bytes())
    flat = " ".join(text.split())
    assert "ỦY BAN MTTQ VIỆT NAM" in text and "THÀNH PHỐ TAM KỲ" in text and "BAN THƯỜNG TRỰC" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/BC-MTTQ-BTT" in text
    assert "Tam Kỳ, ngày 09 tháng 6 năm 2025" in flat
    assert "Kế hoạch số 48/KH-MTTQ-BTT ngày 18/02/2025" in flat
    assert "Nơi nhận:" in text and "Lưu: VT." in text
    assert "TM. BAN THƯỜNG TRỰC" in text and "Trần Văn Ký" in text
    assert "PHỤ LỤC 1" in text
    assert report.page_count >= 2


def test_the_xlsx_annex_has_frozen_headers_formats_and_totals_as_formulas():
    period, _counted = build_city()
    report = compile_now(period)
    book = load_workbook(compiler.compiled_dir().parent / report.xlsx)
    sheet = book["Theo xã, phường"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    total = list(sheet[sheet.max_row])
    assert total[0].value == "Cộng các xã, phường" and total[0].font.bold
    column = header.index("Hoạt động")
    letter = total[column].column_letter
    assert total[column].value == f"=SUM({letter}2:{letter}{sheet.max_row - 1})"
    assert total[header.index("Tiền mặt (đồng)")].number_format == "#,##0"
    organisations = book["Tổ chức thành viên"]
    grand = [cell.value for cell in organisations[organisations.max_row]]
    assert grand[0] == "Tổng cộng (xã, phường và tổ chức thành viên)"  # as in the PDF; a province's too
    assert grand[3] == f"='Theo xã, phường'!{letter}{sheet.max_row}+'Tổ chức thành viên'!D3"
    assert {"Theo nội dung", "Tổ chức thành viên", "Thí điểm", "Tiến độ báo cáo"} <= set(book.sheetnames)


def test_gathering_costs_the_same_number_of_queries_for_one_ward_and_for_five():
    # Queries: listed in compiler.gather's docstring (one per table or GROUP BY, none per ward).
    counts = []
    for wards, seed in ((1, 1), (4, 2)):
        period, _ = build_city(wards=wards, seed=seed)
        period = Period.objects.select_related("programme").get(pk=period.pk)
        with CaptureQueriesContext(connection) as queries:
            compiler.gather(period)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_accepted_reports_feed_highlights_and_inputs_and_late_and_missing_units_are_listed():
    from reports import services

    period, _ = build_city(wards=1)
    ward = f.WardFactory(name="Có Báo Cáo")
    report = UnitReportFactory(
        period=period, ward=ward, weaknesses="Kinh phí hạn hẹp.", proposals="Xin hỗ trợ."
    )
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    services.report_accept(report=report, by=f.city_staff())
    missing = f.WardFactory(name="Chưa Nộp")
    UnitReportFactory(period=period, ward=missing)
    data = compiler.gather(period)
    assert data["inputs"] == {str(report.pk): 1}
    assert data["highlights"][0]["weaknesses"] == "Kinh phí hạn hẹp."
    assert any("Có Báo Cáo" in name for name in data["completeness"]["late"])
    assert any("Chưa Nộp" in name for name in data["completeness"]["missing"])
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED


def test_a_second_run_of_a_done_version_changes_nothing():
    period, _ = build_city(wards=1)
    report = compile_now(period)
    path = compiler.compiled_dir().parent / report.pdf
    before = path.stat().st_mtime_ns
    again = compiler.compile_period(report.pk)
    assert again.status == CompileStatus.DONE
    assert path.stat().st_mtime_ns == before
    assert CompiledReport.objects.count() == 1
    assert not list(path.parent.glob(".partial-*"))


def test_each_compile_is_a_new_version_and_the_older_stays_downloadable(login):
    period, _ = build_city(wards=1)
    first = compile_now(period)
    second_request, _ = compiler.compiled_report_request(
        period=period, token="another-token-123", queue=False
    )
    second = compiler.compile_period(second_request.pk)
    assert (first.version, second.version) == (1, 2)
    assert (first.document_number, second.document_number) == (1, 2)
    client = login(f.leadership())
    for report in (first, second):
        compiler.compiled_report_publish(report=report)  # leadership read published versions only
        assert client.get(f"/compiled/{report.pk}/download/pdf/").status_code == 200


def test_the_document_number_is_unique_per_year():
    period, _ = build_city(wards=1)
    compile_now(period)
    with pytest.raises(IntegrityError):
        CompiledReport.objects.create(
            period=period,
            version=9,
            document_year=timezone.localdate().year,
            document_number=1,
            document_date=timezone.localdate(),
            request_token="clash-token-0001",
        )


def test_a_failed_compile_keeps_its_error_for_city_staff(login, monkeypatch):
    from reports.tasks import compile_report

    period, _ = build_city(wards=1)
    report, _ = compiler.compiled_report_request(period=period, token="will-fail-000001", queue=False)
    monkeypatch.setattr(
        compiler, "gather", lambda period: (_ for _ in ()).throw(RuntimeError("hỏng dữ liệu"))
    )
    assert compile_report.apply(args=[report.pk]).get() == "failed"
    report.refresh_from_db()
    assert report.status == CompileStatus.FAILED and "hỏng dữ liệu" in report.error
    page = login(f.city_staff()).get(f"/compiled/{report.pk}/status/").content.decode()
    assert "hỏng dữ liệu" in page and "hx-trigger" not in page


def test_the_command_compiles_in_the_foreground_and_writes_the_output(tmp_path):
    from django.core.management import call_command

    period, _ = build_city(wards=1)
    out = io.StringIO()
    call_command("compile_report", period.code, "--sync", "--output", str(tmp_path / "bc.pdf"), stdout=out)
    assert (tmp_path / "bc.pdf").read_bytes().startswith(b"%PDF")
    assert "v1" in out.getvalue()


def test_the_command_without_sync_queues_the_compile(django_capture_on_commit_callbacks, monkeypatch):
    from django.core.management import call_command

    queued = []
    monkeypatch.setattr(compiler, "dispatch", queued.append)
    period, _ = build_city(wards=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("compile_report", period.code, stdout=io.StringIO())
    assert queued == [CompiledReport.objects.get().pk]


def test_urls_in_the_units_text_make_the_renderer_fetch_nothing(monkeypatch):
    from reports import services
    from reports.pdf import BASE_URL, StaticOnlyFetcher

    period, _ = build_city(wards=1)
    ward = f.WardFactory(name="Có Liên Kết")
    report = UnitReportFactory(
        period=period,
        ward=ward,
        weaknesses='<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://169.254.169.254/x.css">',
        proposals='<img src="http://example.org/track.png">',
    )
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    services.report_accept(report=report, by=f.city_staff())
    fetched = []
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    compiled = compile_now(period)
    text = _text((compiler.compiled_dir().parent / compiled.pdf).read_bytes())
    assert "file:///etc/passwd" in text  # shown as text, never fetched
    assert fetched and all(url.startswith(BASE_URL + "static/") for url in fetched)


def test_the_header_and_signer_come_from_the_configuration_in_force_on_the_document_date():
    period, _ = build_city(wards=1)
    Organisation.objects.create(
        valid_from=datetime.date(2026, 1, 1), signer_name="Người Ký Mới", header_name="THÀNH PHỐ MỚI"
    )
    old = compile_now(period, document_date=datetime.date(2025, 6, 9))
    text = _text((compiler.compiled_dir().parent / old.pdf).read_bytes())
    assert "Trần Văn Ký" in text and "Người Ký Mới" not in text and "THÀNH PHỐ MỚI" not in text


def test_a_unit_merged_during_the_window_counts_for_its_successor_exactly_once():
    programme = ProgrammeFactory()
    successor = f.WardFactory(kind="xa", name="Hợp Nhất", valid_from=datetime.date(2025, 7, 1))
    merged = f.WardFactory(name="Cũ", valid_to=datetime.date(2025, 6, 30), successor=successor)
    period = PeriodFactory(programme=programme, kind=PeriodKind.ANNUAL, year=2025)
    period_populate_units(period=period)
    ActivityFactory(ward=merged, date=datetime.date(2025, 3, 1), participants=10)
    ActivityFactory(ward=successor, date=datetime.date(2025, 9, 1), participants=5)
    rows = compiler.gather(period)["wards"]
    assert [(row["name"], row["activities"], row["participants"]) for row in rows] == [("Xã Hợp Nhất", 2, 15)]


def test_the_compiles_data_phase_and_its_render_run_with_the_collectors_thresholds_raised(monkeypatch):
    import gc

    from core.batch import BATCH_GC_THRESHOLDS
    from reports import pdf

    seen = {}

    def watched(name, original):
        def run(*args, **kwargs):
            seen[name] = gc.get_threshold()
            return original(*args, **kwargs)

        return run

    monkeypatch.setattr(compiler, "gather", watched("data", compiler.gather))
    monkeypatch.setattr(pdf, "_render_document", watched("pdf", pdf._render_document))
    before = gc.get_threshold()
    period, _counted = build_city()
    assert compile_now(period).status == CompileStatus.DONE
    assert seen == {"data": BATCH_GC_THRESHOLDS, "pdf": BATCH_GC_THRESHOLDS}
    assert gc.get_threshold() == before != BATCH_GC_THRESHOLDS


def test_every_exemplary_and_replicated_model_of_the_window_is_listed_however_many():
    """The lists once stopped at 200 models, and the body counted only those."""
    period, _counted = build_city(wards=1)
    ward = Ward.objects.get(name="Phường Thử 1-0")
    area = ContentAreaFactory(programme=period.programme, number=3)
    origin = SelfManagementModelFactory(ward=ward, content_area=area)
    kind = origin.model_type
    SelfManagementModel.objects.bulk_create(
        [
            SelfManagementModelFactory.build(
                ward=ward, content_area=area, model_type=kind, is_exemplary=True, name=f"Tiêu biểu {i}"
            )
            for i in range(190)
        ]
        + [
            SelfManagementModelFactory.build(
                ward=ward, content_area=area, model_type=kind, replicated_from=origin, name=f"Nhân rộng {i}"
            )
            for i in range(30)
        ]
    )
    data = compiler.compile_data(period)
    assert (len(data["exemplary"]), len(data["replicated"])) == (190, 30)
