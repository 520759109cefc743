"""Journey in a real browser: a ward officer imports activities from the portal's Excel template."""

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tamky_kdc.demo.units import DEMO_PASSWORD
from wards.models import Activity, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(template, target, day: datetime.date, *, bad_date: bool) -> None:
    """Three activities typed into the template, with openpyxl, from the template's own lists."""
    book = load_workbook(template)
    lists = book["Danh mục"]
    ward, content, kind = (lists.cell(row=2, column=column).value for column in (1, 2, 3))
    sheet = book["Hoạt động"]
    for number in range(1, 4):
        when = "31/02/2025" if bad_date and number == 2 else day.strftime("%d/%m/%Y")
        values = [
            f"NK-{number}",
            when,
            f"Nhập Excel {number}",
            ward,
            "",
            content,
            kind,
            "",
            10 * number,
            2,
            "1,5 triệu",
        ]
        for column, value in enumerate(values, 1):
            sheet.cell(row=number + 1, column=column, value=value)
    book.save(target)


def test_a_ward_officer_imports_three_activities_from_the_template_and_a_second_import_changes_nothing(
    journey, reference_data
):
    from selenium.webdriver.common.by import By

    officer = User.objects.get(username="phuong.anxuan")
    day = timezone.localdate() - datetime.timedelta(days=3)
    before = Activity.objects.count()

    with journey.step("the ward officer opens the import page from the activity list"):
        journey.login("phuong.anxuan", DEMO_PASSWORD)
        journey.open("/activities/")
        journey.click_and_wait(journey.driver.find_element(By.ID, "activity-import"))
        assert "Nhập hoạt động từ Excel" in journey.text()
        journey.screenshot("import-page")
        journey.check_phone_width("import-page")

    with journey.step("download the template"):
        folder = journey.downloads()
        journey.driver.find_element(By.ID, "import-template").click()
        template = journey.wait_for_download(folder, ".xlsx")
        assert template.name.startswith("mau-nhap-hoat-dong-")

    with journey.step(
        "upload three rows, one with an impossible date: the preview shows the error beside it"
    ):
        filled = folder / "hoat-dong-da-dien.xlsx"
        _fill(template, filled, day, bad_date=True)
        journey.driver.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(filled))
        journey.submit()
        assert "3 dòng: 2 mới, 0 cập nhật, 0 không đổi, 1 lỗi." in journey.text()
        error_row = journey.driver.find_element(By.CSS_SELECTOR, "tr[data-status=error]")
        assert "Nhập ngày theo dạng dd/mm/yyyy" in error_row.text and "31/02/2025" in error_row.text
        assert not journey.driver.find_elements(By.ID, "import-confirm")
        journey.screenshot("preview-with-error")
        assert Activity.objects.count() == before

    with journey.step("fix the file, upload it again, and confirm"):
        _fill(template, filled, day, bad_date=False)
        journey.click_and_wait(journey.button("Tải lên tệp đã sửa"))
        journey.driver.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(filled))
        journey.submit()
        assert "3 dòng: 3 mới, 0 cập nhật, 0 không đổi, 0 lỗi." in journey.text()
        journey.screenshot("preview-clean")
        journey.click_and_wait(journey.driver.find_element(By.ID, "import-confirm"))
        assert "Đã nhập: 3 mới, 0 cập nhật, 0 không đổi." in journey.text()

    with journey.step("the three activities are in the list"):
        journey.open("/activities/?q=Nhập Excel")
        for number in range(1, 4):
            assert f"Nhập Excel {number}" in journey.text()
        journey.screenshot("activity-list")
        assert Activity.objects.filter(ward=officer.ward, code__startswith="NK-").count() == 3

    with journey.step("importing the same file again changes nothing"):
        journey.open("/activities/import/")
        journey.driver.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(filled))
        journey.submit()
        assert "3 dòng: 0 mới, 0 cập nhật, 3 không đổi, 0 lỗi." in journey.text()
        journey.click_and_wait(journey.driver.find_element(By.ID, "import-confirm"))
        assert Activity.objects.count() == before + 3
