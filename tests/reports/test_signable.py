"""A compiled report a leader can sign: merger arithmetic, completeness, totals that reconcile, the
document's sections, the configuration it is issued under, and the document date."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from reports import compile as compiler
from reports import services
from reports.models import PeriodKind
from reports.selectors import CORRECTING, ON_TIME, period_dashboard
from reports.services import WorkflowError, period_populate_units
from tests import factories as f
from tests.reports.factories import PeriodFactory, ProgrammeFactory, UnitReportFactory
from tests.reports.test_compiled import _text, build_city, compile_now
from tests.wards.factories import ActivityFactory, activity_type
from wards.forms import OrganisationForm
from wards.models import Organisation

pytestmark = pytest.mark.django_db


def _pdf_text(report) -> str:
    return " ".join(_text((compiler.compiled_dir().parent / report.pdf).read_bytes()).split())


def test_an_area_holding_unity_day_under_its_old_and_its_new_ward_counts_once_for_the_successor():
    ProgrammeFactory()
    successor = f.WardFactory(name="Hợp Nhất", valid_from=datetime.date(2025, 7, 1))
    merged = f.WardFactory(name="Cũ", valid_to=datetime.date(2025, 6, 30), successor=successor)
    area = f.ResidentialAreaFactory(ward=successor)
    other = f.ResidentialAreaFactory(ward=successor)
    period = PeriodFactory(kind=PeriodKind.ANNUAL, year=2025)
    period_populate_units(period=period)
    unity = activity_type("unity_day")
    ActivityFactory(ward=merged, area=area, activity_type=unity, date=datetime.date(2025, 3, 1))
    ActivityFactory(ward=successor, area=area, activity_type=unity, date=datetime.date(2025, 11, 18))
    ActivityFactory(ward=successor, area=other, activity_type=unity, date=datetime.date(2025, 11, 18))
    data = compiler.gather(period)
    row = data["wards"][0]
    assert row["unity_day"] == 2
    assert data["totals"]["unity_day"] == 2
    assert row["includes"] == ["Phường Cũ"]


def test_the_document_says_which_units_a_successors_figures_include():
    ProgrammeFactory()
    Organisation.objects.get_or_create(
        valid_from=datetime.date(2024, 1, 1), defaults={"signer_name": "Trần Văn Ký"}
    )
    successor = f.WardFactory(name="Hợp Nhất", valid_from=datetime.date(2025, 7, 1))
    f.WardFactory(name="Cũ Một", valid_to=datetime.date(2025, 6, 30), successor=successor)
    period = PeriodFactory(kind=PeriodKind.ANNUAL, year=2025)
    period_populate_units(period=period)
    text = _pdf_text(compile_now(period))
    assert "gồm số liệu của Phường Cũ Một" in text


def test_a_returned_report_not_resubmitted_is_being_corrected_and_counts_neither_received_nor_on_time():
    period = PeriodFactory(due_date=datetime.date(2030, 1, 1), compile_date=datetime.date(2030, 1, 5))
    ward = f.WardFactory()
    report = UnitReportFactory(period=period, ward=ward)
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    assert period_dashboard(period=period).submitted == 1
    assert period_dashboard(period=period).rows[0].timeliness == ON_TIME
    services.report_return(report=report, by=f.city_staff(), reason="Thiếu số liệu")
    dashboard = period_dashboard(period=period)
    assert (dashboard.submitted, dashboard.on_time) == (0, 0)
    assert dashboard.rows[0].timeliness == CORRECTING
    assert dashboard.rows[0].timeliness_label == "Đang chỉnh sửa"
    report.refresh_from_db()
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    dashboard = period_dashboard(period=period)
    assert (dashboard.submitted, dashboard.on_time) == (1, 1)


def test_the_grand_total_is_the_wards_subtotal_plus_the_organisations_subtotal_in_the_pdf():
    period, counted = build_city()
    report = compile_now(period)
    data = report.data
    for key in ("activities", "participants", "funds_cash", "houses", "models_active"):
        assert data["totals"][key] == data["ward_totals"][key] + data["organisation_totals"][key]
    assert data["totals"]["activities"] == len(counted)
    text = _pdf_text(report)
    assert "Cộng các xã, phường" in text
    assert "Cộng các tổ chức thành viên" in text
    assert "Tổng cộng (xã, phường và tổ chức thành viên)" in text


def test_every_section_has_content_and_directions_come_from_the_accepted_reports():
    period, _ = build_city(wards=1)
    ward = f.WardFactory(name="Có Phương Hướng")
    report = UnitReportFactory(period=period, ward=ward, directions="Nhân rộng mô hình camera an ninh.")
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    services.report_accept(report=report, by=f.city_staff())
    text = _pdf_text(compile_now(period))
    assert "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI" in text
    assert "Nhân rộng mô hình camera an ninh." in text
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ Không có." in text
    assert "VI. ĐỀ NGHỊ KHEN THƯỞNG Không có." in text
    assert "—" not in text


def test_each_annex_says_which_report_it_accompanies():
    period, _ = build_city(wards=1)
    report = compile_now(period, document_date=datetime.date(2025, 7, 10), document_number=7)
    text = _pdf_text(report)
    assert text.count("Kèm theo Báo cáo số 07/BC-MTTQ-BTT ngày 10/07/2025") == 2


def test_the_signature_block_stays_with_the_last_section_on_one_page():
    from pypdf import PdfReader

    period, _ = build_city(wards=1)
    report = compile_now(period)
    pages = [page.extract_text() for page in PdfReader(compiler.compiled_dir().parent / report.pdf).pages]
    signer_page = next(i for i, page in enumerate(pages) if "Trần Văn Ký" in page)
    assert "ĐỀ NGHỊ KHEN THƯỞNG" in pages[signer_page]


def test_the_command_sets_the_document_date_and_the_header_in_force_on_it(tmp_path):
    period, _ = build_city(wards=1)
    Organisation.objects.create(
        valid_from=datetime.date(2025, 7, 1), signer_name="Người Ký Mới", header_name="THÀNH PHỐ ĐÀ NẴNG"
    )
    out = tmp_path / "bc.pdf"
    call_command(
        "compile_report",
        period.code,
        "--sync",
        "--output",
        str(out),
        "--date",
        "05/08/2025",
        stdout=io.StringIO(),
    )
    text = " ".join(_text(out.read_bytes()).split())
    assert "ngày 05 tháng 8 năm 2025" in text
    assert "THÀNH PHỐ ĐÀ NẴNG" in text and "Người Ký Mới" in text
    with pytest.raises(CommandError):
        call_command("compile_report", period.code, "--sync", "--date", "01/01/2020", stdout=io.StringIO())


def test_the_compile_form_refuses_a_date_without_a_configuration_in_force(login):
    period, _ = build_city(wards=1)
    response = login(f.city_staff()).post(
        f"/periods/{period.code}/compile/", {"token": "x" * 20, "document_date": "2020-01-01"}
    )
    assert not period.compiled_reports.exists()
    assert response.status_code in (200, 302)


def test_a_placeholder_signer_or_the_issuing_body_among_its_recipients_is_refused():
    config = Organisation(
        valid_from=datetime.date(2025, 7, 1),
        header_name="THÀNH PHỐ ĐÀ NẴNG",
        signer_name="(cập nhật họ tên người ký)",
        recipients="BTT UBMTTQVN thành phố Đà Nẵng (b/c);\nLưu: VT.",
    )
    with translation.override("vi"):
        problems = " ".join(config.problems())
    assert "nội dung tạm" in problems
    assert "chính là cơ quan ban hành" in problems
    form = OrganisationForm(
        data={
            "valid_from": "2025-07-01",
            "header_parent": "ỦY BAN MTTQ VIỆT NAM",
            "header_name": "THÀNH PHỐ ĐÀ NẴNG",
            "header_unit": "BAN THƯỜNG TRỰC",
            "right_header_line_1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "right_header_line_2": "Độc lập - Tự do - Hạnh phúc",
            "place_name": "Đà Nẵng",
            "document_suffix": "MTTQ-BTT",
            "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "(cập nhật họ tên người ký)",
            "recipients": "BTT UBMTTQVN thành phố Đà Nẵng (b/c);\nLưu: VT.",
        }
    )
    assert not form.is_valid()
    good = dict(form.data, signer_name="Nguyễn Ba", recipients="Thường trực Thành ủy (b/c);\nLưu: VT.")
    good_form = OrganisationForm(data=good)
    assert good_form.is_valid(), good_form.errors


def test_publishing_is_refused_while_the_configuration_in_force_is_incomplete():
    period, _ = build_city(wards=1)
    Organisation.objects.create(valid_from=datetime.date(2025, 7, 1), signer_name="")
    report = compile_now(period, document_date=datetime.date(2025, 8, 1))
    with pytest.raises(WorkflowError):
        compiler.compiled_report_publish(report=report)
    report.refresh_from_db()
    assert not report.is_published
    Organisation.objects.filter(valid_from=datetime.date(2025, 7, 1)).update(signer_name="Nguyễn Ba")
    compiler.compiled_report_publish(report=report)
    assert report.is_published


def test_one_ward_and_period_show_one_set_of_figures_in_the_compile_the_xlsx_and_the_ward_page():
    from openpyxl import load_workbook

    from dashboards.selectors import ward_page
    from reports.selectors import unit_figures

    period, _ = build_city(wards=1)
    ward = f.WardFactory(name="Đã Tiếp Nhận")
    ActivityFactory(ward=ward, date=datetime.date(2025, 3, 1), participants=40, funds_cash=500_000)
    period_populate_units(period=period)
    report = UnitReportFactory(period=period, ward=ward)
    services.report_submit(report=report, by=f.ward_officer(ward=ward))
    services.report_accept(report=report, by=f.city_staff())
    # After acceptance a record is added (city staff, with a reason): the accepted figures stay.
    ActivityFactory(ward=ward, date=datetime.date(2025, 3, 2), participants=1000, funds_cash=700_000)

    source = unit_figures(period, ward_id=ward.pk)
    assert source.is_frozen and source.figures["activities"]["participants"] == 40
    compiled = compile_now(period)
    row = next(r for r in compiled.data["wards"] if r["name"].endswith("Đã Tiếp Nhận"))
    assert (row["activities"], row["participants"], row["funds_cash"]) == (1, 40, 500_000)
    assert row["frozen"] is True
    book = load_workbook(compiler.compiled_dir().parent / compiled.xlsx)
    sheet = book["Theo xã, phường"]
    header = [cell.value for cell in sheet[1]]
    xlsx_row = next(
        r for r in sheet.iter_rows(values_only=True) if r[0] and str(r[0]).endswith("Đã Tiếp Nhận")
    )
    assert xlsx_row[header.index("Lượt người tham gia")] == 40
    page = ward_page(f.city_staff(), ward, today=datetime.date(2025, 7, 5))
    assert page["period"] == period
    with translation.override("en"):
        shown = {str(label): value for label, value, _kind, _url in page["period_figure_rows"]}
    assert (shown["Participants"], shown["Activities"], shown["Funds mobilised in cash"]) == (40, 1, 500_000)
    # A ward without an accepted report is live and marked as such.
    other = next(r for r in compiled.data["wards"] if not r["name"].endswith("Đã Tiếp Nhận"))
    assert other["frozen"] is False
    assert "(*): số liệu cập nhật, chưa có báo cáo được tiếp nhận" in _pdf_text(compiled)


def test_the_xlsx_lists_the_record_ids_behind_each_unit_row_and_they_add_up_to_the_row():
    from openpyxl import load_workbook

    period, counted = build_city(wards=2)
    report = compile_now(period)
    book = load_workbook(compiler.compiled_dir().parent / report.xlsx)
    sheet = book["Mã hồ sơ theo đơn vị"]
    lines = list(sheet.iter_rows(min_row=2, values_only=True))

    def ids(line) -> list[int]:
        return [int(text) for text in str(line[4] or "").split(", ") if text]

    activity_ids = {pk for line in lines if line[2] == "Hoạt động" for pk in ids(line)}
    assert activity_ids == {a.pk for a in counted}
    for row in report.data["wards"]:
        listed = [
            pk for line in lines if line[0] == row["name"] and line[2] == "Hoạt động" for pk in ids(line)
        ]
        assert len(listed) == row["activities"]
        assert sum(line[3] for line in lines if line[0] == row["name"] and line[2] == "Hoạt động") == len(
            listed
        )


def test_a_wards_activity_figure_in_the_preview_links_to_the_list_of_exactly_those_records(login):
    import re

    programme = ProgrammeFactory()
    Organisation.objects.get_or_create(
        valid_from=datetime.date(2024, 1, 1), defaults={"signer_name": "Trần Văn Ký"}
    )
    successor = f.WardFactory(name="Hợp Nhất", valid_from=datetime.date(2025, 7, 1))
    merged = f.WardFactory(name="Cũ", valid_to=datetime.date(2025, 6, 30), successor=successor)
    period = PeriodFactory(programme=programme, kind=PeriodKind.ANNUAL, year=2025)
    period_populate_units(period=period)
    ActivityFactory(ward=merged, date=datetime.date(2025, 3, 1))
    ActivityFactory(ward=successor, date=datetime.date(2025, 9, 1))
    ActivityFactory(ward=successor, date=datetime.date(2026, 2, 1))  # outside the window
    organisation = f.MemberOrganisationFactory()
    ActivityFactory(ward=successor, organisation=organisation, date=datetime.date(2025, 9, 2))
    report = compile_now(period)
    client = login(f.city_staff())
    page = client.get(f"/compiled/{report.pk}/").content.decode()
    links = re.findall(r'class="figure-link" href="([^"]+)">([^<]+)<', page)
    assert links
    for href, shown in links:
        context = client.get(href.replace("&amp;", "&")).context
        listed = [context["page"].paginator.count]
        if not href.startswith("/areas/"):
            listed += [value for _label, value, _kind in context["totals"]]
        assert int(shown.replace(".", "")) in listed, href
    assert ("2" in [shown for _h, shown in links]) and ("1" in [shown for _h, shown in links])


def test_the_ward_page_figures_say_their_source_and_link_to_the_records_behind_them(login):
    import re

    period = PeriodFactory()
    ward = f.WardFactory()
    ActivityFactory(ward=ward, date=datetime.date(2025, 2, 1))
    ActivityFactory(ward=ward, date=datetime.date(2025, 4, 1))
    ActivityFactory(ward=ward, date=datetime.date(2025, 8, 1))  # outside the window
    period_populate_units(period=period)
    client = login(f.city_staff())
    page = client.get(f"/wards/{ward.pk}/overview/").content.decode()
    assert "Số liệu cập nhật, chưa có báo cáo được tiếp nhận" in page
    href = re.search(r'id="period-figures-records" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert client.get(href).context["page"].paginator.count == 2


def test_a_units_long_id_list_continues_on_more_lines_within_excels_cell_limit():
    from reports.xlsx import record_id_table

    ids = list(range(100_000, 110_000))
    table = record_id_table([{"unit": "Phường Lớn", "source": "x", "activities": ids, "models": []}])
    lines = [row for row in table.rows if row["kind"] == "Hoạt động"]
    assert len(lines) > 1
    assert all(len(row["ids"]) <= 32_767 for row in lines)
    assert [int(text) for row in lines for text in row["ids"].split(", ")] == ids
    assert sum(row["count"] for row in lines) == len(ids)
