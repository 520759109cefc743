"""Journey: city staff create a ward officer, who sets a password from the invitation e-mail, submits a
report that city staff then find in "Chờ tiếp nhận", and later resets a forgotten password."""

import email
import re

import pytest

from reports.models import Notification
from tamky_kdc.demo.units import DEMO_PASSWORD
from tests.browser.test_journey_reports import fill_sections
from tests.browser.test_journey_reports import open_period as open_period  # the period's fixture
from wards.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "Hoa-sen-no-2025"
SECOND_PASSWORD = "Song-Tam-Ky-xanh-2026"


@pytest.fixture
def mailbox(settings, tmp_path):
    """The live server writes its e-mails to files, as a test office without SMTP would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def _messages(folder) -> list:
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.log"))]


def _link_in_last_mail(folder, to: str) -> str:
    for message in reversed(_messages(folder)):
        if message["To"] == to:
            body = message.get_payload(decode=True).decode()
            return re.search(r"https?://\S+", body).group(0)
    raise AssertionError(f"no e-mail to {to} in {folder}")


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.mark.usefixtures("open_period")
def test_a_new_ward_officer_is_invited_reports_and_resets_a_forgotten_password(journey, mailbox):
    ward = User.objects.get(username="phuong.anxuan").ward

    with journey.step("city staff create the officer's account with an e-mail"):
        journey.login("canbo.tp", DEMO_PASSWORD)
        journey.open("/users/new/")
        journey.fill(
            username="phuong.moi", last_name="Trần Thị", first_name="Mai", email="mai.tran@example.vn"
        )
        journey.choose("role", value="ward_officer")
        journey.choose("ward", value=ward.pk)
        journey.submit()
        assert "đã gửi đến mai.tran@example.vn" in journey.text()
        journey.screenshot("account-created")
        journey.check_phone_width("account-created")

    with journey.step("the officer opens the invitation link and chooses a password"):
        journey.driver.delete_all_cookies()
        journey.open(_path(_link_in_last_mail(mailbox, "mai.tran@example.vn")))
        journey.fill(new_password1=FIRST_PASSWORD, new_password2=FIRST_PASSWORD)
        journey.submit()
        assert "Đã lưu mật khẩu" in journey.text()

    with journey.step("the officer logs in and submits the period's report"):
        journey.login("phuong.moi", FIRST_PASSWORD)
        assert "Trần Thị Mai" in journey.text()
        journey.open("/reports/mine/")
        journey.click_and_wait(journey.button("Bắt đầu báo cáo"))
        fill_sections(journey)
        journey.click_confirmed(journey.button("Lưu và gửi"))
        assert "Đã gửi báo cáo lên Ban Thường trực thành phố." in journey.text()

    with journey.step("city staff see the report in Chờ tiếp nhận and got a notification"):
        staff = User.objects.get(username="canbo.tp")
        assert Notification.objects.filter(user=staff, text__contains="đã nộp báo cáo kỳ").exists()
        journey.login("canbo.tp", DEMO_PASSWORD)
        assert "Chờ tiếp nhận" in journey.text() and ward.display_name in journey.text()
        journey.open("/reports/waiting/")
        assert ward.display_name in journey.text()
        journey.screenshot("review-queue")
        journey.check_phone_width("review-queue")

    with journey.step("the officer resets a forgotten password through Quên mật khẩu"):
        journey.driver.delete_all_cookies()
        journey.open("/accounts/login/")
        journey.click_and_wait(journey.button("Quên mật khẩu"))
        journey.fill(email="mai.tran@example.vn")
        journey.submit()
        assert "Kiểm tra thư điện tử" in journey.text()
        journey.open(_path(_link_in_last_mail(mailbox, "mai.tran@example.vn")))
        journey.fill(new_password1=SECOND_PASSWORD, new_password2=SECOND_PASSWORD)
        journey.submit()
        journey.login("phuong.moi", SECOND_PASSWORD)
        assert "Trần Thị Mai" in journey.text()
