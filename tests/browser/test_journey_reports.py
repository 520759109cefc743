"""Journeys 2 and 3 in a real browser: a ward logs its work and reports; the city office reviews it."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from programs.models import ContentArea, Programme
from reports import compile as compiler
from reports import services as report_services
from reports.figures import compute_figures
from reports.models import CompiledReport, Period, PeriodKind, PeriodUnit, UnitReport
from tamky_kdc.demo.units import DEMO_PASSWORD
from tests.celery_worker import _send
from wards.models import Activity, ActivityType, Organisation, ResidentialArea, User, Ward

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARD_CODE = "20347"  # Phường An Xuân, reported by the demo user phuong.anxuan
SECTIONS = {
    "situation": "Phường có 8 khối phố; Nhân dân đồng thuận hưởng ứng cuộc vận động.",
    "results": "Tổ chức hai hoạt động ra quân và ra mắt mô hình tự quản mới.",
    "strengths": "Các khối phố chủ động, Nhân dân tích cực tham gia.",
    "weaknesses": "Kinh phí vận động còn hạn chế.",
    "directions": "Tiếp tục nhân rộng mô hình tự quản trong 6 tháng tới.",
}


@pytest.fixture
def open_period(reference_data) -> Period:
    """A six-month period whose data window contains today and whose due date is still ahead.

    The live server runs in this process's threads, so the clock cannot be frozen for it: the period is
    built around the real date instead of relying on the calendar of the demo periods.
    """
    today = timezone.localdate()
    programme = Programme.objects.get(plan_number="48/KH-MTTQ-BTT")
    period, _created = Period.objects.update_or_create(
        kind=PeriodKind.SIX_MONTH,
        year=today.year,
        defaults={
            "code": f"{today.year}-6T",
            "programme": programme,
            "window_start": today - datetime.timedelta(days=120),
            "window_end": today + datetime.timedelta(days=30),
            "due_date": today + datetime.timedelta(days=5),
            "compile_date": today + datetime.timedelta(days=10),
            "lock_date": None,
        },
    )
    report_services.period_populate_units(period=period)
    return period


def figures_on_page(journey) -> dict[str, str]:
    """The figures table of a report page as {label: value}."""
    return {
        row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
        for row in journey.driver.find_elements(By.CSS_SELECTOR, "main table tr")
        if row.find_elements(By.TAG_NAME, "th") and row.find_elements(By.TAG_NAME, "td")
    }


def number(value: int) -> str:
    """Vietnamese thousands separator, as the `number` filter prints it."""
    return f"{value:,}".replace(",", ".")


def fill_sections(journey, **overrides) -> None:
    journey.fill(**{**SECTIONS, **overrides})
    if journey.driver.find_elements(By.NAME, "late_reason"):  # the clock says the report is late
        journey.fill(late_reason="Phường chờ số liệu của các khối phố.")


def test_a_ward_officer_logs_a_model_and_two_activities_and_submits_the_six_month_report(
    journey, open_period, tmp_path
):
    unit = PeriodUnit.objects.get(period=open_period, ward__code=WARD_CODE)
    before = compute_figures(unit)
    ward = Ward.objects.get(code=WARD_CODE)
    area = ResidentialArea.objects.filter(ward=ward, is_active=True).order_by("name").first()
    content_area = ContentArea.objects.get(programme=open_period.programme, number=2)
    today = timezone.localdate()
    photo = tmp_path / "ra-quan-ve-sinh.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo, "JPEG")

    with journey.step("the ward officer logs in"):
        journey.open("/accounts/login/")
        journey.screenshot("login")
        journey.login("phuong.anxuan", DEMO_PASSWORD)
        assert "Phường An Xuân" in journey.text()
        journey.screenshot("home")
        journey.check_phone_width("home")

    with journey.step("add a self-management model"):
        journey.open("/models/new/")
        journey.fill(name="Khối phố xanh – sạch – đẹp", households="35")
        journey.choose("model_type", index=1)
        journey.choose("content_area", value=content_area.pk)
        journey.choose("areas", value=area.pk)
        journey.set_date("start_date", today - datetime.timedelta(days=7))
        journey.submit()
        assert "Đã lưu Khối phố xanh – sạch – đẹp" in journey.text()
        journey.screenshot("model-saved")
        journey.check_phone_width("model-detail")

    with journey.step("an activity with houses for a type that builds none shows the error in place"):
        journey.open("/activities/new/")
        journey.fill(title="Ra quân vệ sinh môi trường", participants="120", houses="2")
        journey.choose("content_area", value=content_area.pk)
        journey.choose("activity_type", value=ActivityType.objects.get(code="environment").pk)
        journey.choose("area", value=area.pk)
        journey.set_date("date", today - datetime.timedelta(days=1))
        journey.field("files").send_keys(str(photo))
        journey.submit()
        assert "Số nhà chỉ được ghi cho loại hoạt động xây dựng, sửa chữa nhà." in journey.text()
        assert journey.value("title") == "Ra quân vệ sinh môi trường"
        journey.screenshot("activity-form-error")
        journey.check_phone_width("activity-form-error")

    with journey.step("log the first activity, with a photo"):
        journey.fill(houses="0")
        journey.set_date("date", today - datetime.timedelta(days=1))
        # A browser never sends a file again after an error, and the page says so.
        assert "Các tệp đã chọn chưa được lưu" in journey.text()
        journey.field("files").send_keys(str(photo))
        journey.submit()
        assert "Đã lưu Ra quân vệ sinh môi trường" in journey.text()
        assert "ra-quan-ve-sinh.jpg" in journey.text()
        journey.driver.find_element(By.CSS_SELECTOR, "main img[alt='ra-quan-ve-sinh.jpg']")
        journey.screenshot("activity-with-photo")
        journey.check_phone_width("activity-detail")

    with journey.step("log the second activity"):
        journey.open("/activities/new/")
        journey.fill(title="Tuyên truyền Ngày hội Đại đoàn kết", participants="80", funds_cash="1.500.000")
        journey.choose("content_area", value=content_area.pk)
        journey.choose("activity_type", value=ActivityType.objects.get(code="propaganda").pk)
        journey.submit()
        assert "Đã lưu Tuyên truyền Ngày hội Đại đoàn kết" in journey.text()

    with journey.step("the activity list shows both"):
        journey.open("/activities/")
        assert "Ra quân vệ sinh môi trường" in journey.text()
        assert "Tuyên truyền Ngày hội Đại đoàn kết" in journey.text()
        journey.screenshot("activity-list")
        journey.check_phone_width("activity-list")

    with journey.step("open the six-month report from the list of my reports"):
        journey.open("/reports/mine/")
        journey.screenshot("my-reports")
        journey.check_phone_width("my-reports")
        journey.click_and_wait(journey.button("Bắt đầu báo cáo"))
        assert "/edit/" in journey.driver.current_url

    with journey.step("the draft's figures include the model and the two activities"):
        figures = figures_on_page(journey)
        a, m = before["activities"], before["models"]
        assert figures["Hoạt động"] == number(a["count"] + 2), figures
        assert figures["Số người tham gia"] == number(a["participants"] + 200), figures
        assert figures["Mô hình tự quản mới"] == number(m["new"] + 1), figures
        assert "1.500.000" in figures["Kinh phí vận động bằng tiền mặt"], figures
        journey.screenshot("report-draft")
        journey.check_phone_width("report-draft")

    with journey.step("submitting with empty sections keeps the draft and names the missing sections"):
        journey.fill(situation=SECTIONS["situation"])
        journey.click_confirmed(journey.button("Lưu và gửi"))
        assert "Bản nháp đã được lưu nhưng chưa gửi được" in journey.text()
        assert "Mục “II. Kết quả thực hiện” chưa có nội dung." in journey.text()
        assert journey.value("situation") == SECTIONS["situation"]
        journey.screenshot("report-form-error")
        journey.check_phone_width("report-form-error")

    with journey.step("fill the sections and submit"):
        fill_sections(journey)
        journey.click_confirmed(journey.button("Lưu và gửi"))
        assert "Đã gửi báo cáo lên Ban Thường trực thành phố." in journey.text()

    with journey.step("the report shows its status and the frozen figures"):
        badge = journey.driver.find_element(By.CSS_SELECTOR, "main h1 + .badge")
        assert badge.text == "Đã gửi"
        assert figures_on_page(journey)["Hoạt động"] == number(before["activities"]["count"] + 2)
        journey.screenshot("report-submitted")
        journey.check_phone_width("report-submitted")
        journey.open("/reports/mine/")
        assert "Đã gửi" in journey.text()
        journey.screenshot("my-reports-submitted")


@pytest.fixture
def submitted_report(open_period) -> UnitReport:
    """An Xuân's report for the open period, submitted with one activity of 347 participants."""
    ward = Ward.objects.get(code=WARD_CODE)
    Activity.objects.create(
        date=timezone.localdate(),
        title="Hội nghị sơ kết khu dân cư",
        content_area=ContentArea.objects.get(programme=open_period.programme, number=1),
        activity_type=ActivityType.objects.get(code="propaganda"),
        ward=ward,
        participants=347,
    )
    unit = PeriodUnit.objects.get(period=open_period, ward=ward)
    report = report_services.report_open(period_unit=unit)
    UnitReport.objects.filter(pk=report.pk).update(**SECTIONS)
    officer = User.objects.get(username="phuong.anxuan")
    return report_services.report_submit(report=report, by=officer)


def test_the_city_office_returns_the_report_the_ward_fixes_it_and_the_accepted_pdf_downloads(
    journey, submitted_report
):
    from pypdf import PdfReader

    report = submitted_report
    figures = compute_figures(report)
    detail = f"/reports/{report.pk}/"

    with journey.step("city staff open the period dashboard and the submitted report"):
        journey.login("canbo.tp", DEMO_PASSWORD)
        journey.open("/periods/")
        journey.screenshot("period-list")
        journey.check_phone_width("period-list")
        journey.open(f"/periods/{report.period.code}/")
        assert "Phường An Xuân" in journey.text()
        journey.screenshot("dashboard")
        journey.check_phone_width("dashboard")
        journey.open(detail)
        assert "Đã gửi" in journey.text()

    with journey.step("returning without a reason is refused in place"):
        journey.click_and_wait(journey.button("Trả lại đơn vị"))
        journey.submit()
        assert "Vui lòng ghi rõ lý do." in journey.text()
        journey.screenshot("return-form-error")
        journey.check_phone_width("return-form-error")

    with journey.step("city staff return the report with a reason"):
        journey.fill(reason="Đề nghị bổ sung số liệu Ngày hội Đại đoàn kết.")
        journey.submit()
        assert "Đã trả lại báo cáo." in journey.text()
        assert journey.driver.find_element(By.CSS_SELECTOR, "main h1 + .badge").text == "Trả lại"

    with journey.step("the ward officer sees the reason, fixes the text and resubmits"):
        journey.login("phuong.anxuan", DEMO_PASSWORD)
        journey.open(detail)
        assert "Thành phố trả lại với lý do:" in journey.text()
        assert "Đề nghị bổ sung số liệu Ngày hội Đại đoàn kết." in journey.text()
        journey.screenshot("returned-report")
        journey.check_phone_width("returned-report")
        journey.click_and_wait(journey.button("Soạn báo cáo"))
        fill_sections(journey, results=SECTIONS["results"] + " Đã tổ chức Ngày hội ở 8/8 khối phố.")
        journey.click_confirmed(journey.button("Lưu và gửi"))
        assert "Đã gửi báo cáo lên Ban Thường trực thành phố." in journey.text()
        assert journey.driver.find_element(By.CSS_SELECTOR, "main h1 + .badge").text == "Đã gửi lại"

    with journey.step("city staff accept the resubmitted report"):
        journey.login("canbo.tp", DEMO_PASSWORD)
        journey.open(detail)
        journey.click_confirmed(journey.button("Tiếp nhận"))
        assert "Đã tiếp nhận báo cáo." in journey.text()
        assert journey.driver.find_element(By.CSS_SELECTOR, "main h1 + .badge").text == "Đã tiếp nhận"
        journey.screenshot("accepted")

    with journey.step("the ward officer downloads the accepted report as a PDF"):
        journey.login("phuong.anxuan", DEMO_PASSWORD)
        journey.open(detail)
        folder = journey.downloads()
        journey.button("Tải PDF").click()
        pdf = journey.wait_for_download(folder, ".pdf")
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
        header = "ỦY BAN MTTQ VIỆT NAM PHƯỜNG AN XUÂN BAN THƯỜNG TRỰC"
        assert text.startswith(header), text[:300]
        assert f"BÁO CÁO Sơ kết 6 tháng đầu năm {report.period.year}" in text, text[:500]
        assert f"Hoạt động {number(figures['activities']['count'])} " in text, text
        assert f"Số người tham gia {number(figures['activities']['participants'])} " in text, text
        assert f"Số khu dân cư (KDC) {figures['kdc_count']} " in text, text
        assert "Đã tổ chức Ngày hội ở 8/8 khối phố." in text, text


def test_city_staff_compile_the_period_and_leadership_download_the_compiled_pdf(
    journey, submitted_report, worker, monkeypatch
):
    """Journey 3, second half: a real Celery worker on Redis compiles while the page polls its status."""
    monkeypatch.setattr(compiler, "dispatch", lambda pk: _send(worker.broker, worker.queue, pk))
    worker()
    period = submitted_report.period
    detail = f"/reports/{submitted_report.pk}/"

    with journey.step("city staff accept the report"):
        journey.login("canbo.tp", DEMO_PASSWORD)
        journey.open(detail)
        journey.click_confirmed(journey.button("Tiếp nhận"))
        assert "Đã tiếp nhận báo cáo." in journey.text()

    with journey.step("city staff press compile on the period dashboard"):
        journey.open(f"/periods/{period.code}/")
        journey.screenshot("period-dashboard")
        journey.check_phone_width("period-dashboard")
        journey.click_and_wait(journey.driver.find_element(By.ID, "compile-button"))
        assert "/compiled/" in journey.driver.current_url

    with journey.step("the status reaches done without reloading the page"):
        page = journey.driver.find_element(By.TAG_NAME, "html")
        WebDriverWait(journey.driver, 120, poll_frequency=0.5).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".compile-status [data-final]")
        )
        assert page.is_displayed()  # the same document: the status changed in place
        status = journey.driver.find_element(By.CSS_SELECTOR, ".compile-status [data-final]").text
        assert status == "Hoàn thành", f"compile ended as {status!r}: {worker.log.read_text()[-2000:]}"
        # The download buttons and the preview came with the status; nothing asks for a reload.
        WebDriverWait(journey.driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#compiled-live .compiled-preview")
        )
        downloads = journey.driver.find_elements(By.CSS_SELECTOR, ".compile-status a[href$='/pdf/']")
        assert downloads and downloads[0].is_displayed()
        assert "tải lại trang" not in journey.text()
        assert "Biểu đồ 1." in journey.text()
        journey.screenshot("compile-done")

    with journey.step("city staff publish the finished version to leadership"):
        journey.driver.refresh()
        journey.click_confirmed(
            journey.driver.find_element(By.CSS_SELECTOR, "form[action$='/publish/'] button[type=submit]")
        )
        assert "Đã công bố bản" in journey.text()

    with journey.step("leadership opens the compiled reports and downloads the PDF"):
        journey.login("lanhdao", DEMO_PASSWORD)
        journey.open("/compiled/")
        assert period.code in journey.text() or str(period) in journey.text()
        journey.screenshot("compiled-list")
        journey.check_phone_width("compiled-list")
        compiled = CompiledReport.objects.get(period=period)
        journey.open(f"/compiled/{compiled.pk}/")
        folder = journey.downloads()
        journey.driver.find_element(By.CSS_SELECTOR, "main a[href$='/pdf/']").click()
        pdf = journey.wait_for_download(folder, ".pdf")
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
        config = Organisation.objects.in_force_on(compiled.document_date)
        assert text.startswith(f"{config.header_parent} {config.header_name}"), text[:300]
        assert "BÁO CÁO" in text and "48/KH-MTTQ-BTT" in text, text[:600]
        assert "An Xuân" in text and number(347) in text, text
