""" "Chờ tiếp nhận": city staff see every report waiting for review, the longest waiting first, are
notified on each submission and resubmission, and a unit past due shows "Quá hạn (N ngày)"."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reports import reminders, selectors, services
from reports.models import Notification, PeriodUnit
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_emails():
    from reports.tasks import send_notification_emails

    with mock.patch.object(send_notification_emails, "delay", side_effect=send_notification_emails):
        yield


def _submitted(period, name, at):
    ward = f.WardFactory(name=name)
    report = UnitReportFactory(period=period, ward=ward, late_reason="Mưa bão.")
    with mock.patch("django.utils.timezone.now", return_value=at):
        services.report_submit(report=report, by=f.ward_officer(ward=ward))
    return report


def test_the_queue_lists_waiting_reports_oldest_first_with_days_waiting(client):
    period = PeriodFactory()
    now = timezone.now()
    _submitted(period, "Mới", now - datetime.timedelta(days=1))
    _submitted(period, "Cũ", now - datetime.timedelta(days=5))
    accepted = _submitted(period, "Xong", now - datetime.timedelta(days=9))
    staff = f.city_staff()
    services.report_accept(report=accepted, by=staff)
    rows = selectors.review_queue(user=staff, today=timezone.localdate())
    assert [(r.report.ward.name, r.days_waiting) for r in rows] == [("Cũ", 5), ("Mới", 1)]
    client.force_login(staff)
    page = client.get(reverse("reports:review_queue")).content.decode()
    assert page.index("Cũ") < page.index("Mới") and "Xong" not in page
    home = client.get(reverse("home")).content.decode()
    assert "Chờ tiếp nhận" in home and "Cũ" in home


def test_the_queue_costs_one_query_at_any_size(django_assert_num_queries):
    period, staff = PeriodFactory(), f.city_staff()
    now = timezone.now()
    _submitted(period, "A", now)
    with django_assert_num_queries(1):
        assert len(selectors.review_queue(user=staff)) == 1
    for n in range(4):
        _submitted(period, f"B{n}", now)
    with django_assert_num_queries(1):
        assert len(selectors.review_queue(user=staff)) == 5


def test_city_staff_are_notified_and_emailed_on_submission_and_resubmission(
    django_capture_on_commit_callbacks,
):
    staff = f.city_staff(email="btt@example.vn")
    f.leadership(email="lanhdao@example.vn")
    report = UnitReportFactory()
    officer = f.ward_officer(ward=report.ward)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=staff, reason="Bổ sung số liệu.")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=officer)
    texts = list(Notification.objects.filter(user=staff).order_by("pk").values_list("text", "url"))
    url = reverse("reports:report_detail", args=[report.pk])
    assert [t for t, _u in texts] == [
        f"{report.ward.display_name} đã nộp báo cáo kỳ {report.period.code}.",
        f"{report.ward.display_name} đã nộp lại báo cáo kỳ {report.period.code}.",
    ]
    assert {u for _t, u in texts} == {url}
    assert sum(m.to == ["btt@example.vn"] for m in mail.outbox) == 2
    assert not any(m.to == ["lanhdao@example.vn"] for m in mail.outbox)


def test_a_unit_past_due_shows_overdue_with_the_days(client):
    period = PeriodFactory()  # due 02/06/2025
    unit = PeriodUnit.objects.create(period=period, ward=f.WardFactory(name="Chậm"))
    today = period.due_date + datetime.timedelta(days=4)
    row = selectors.period_dashboard(period=period, today=today).rows[0]
    assert (row.unit, row.overdue_days, row.timeliness_label) == (unit, 4, "Quá hạn (4 ngày)")
    before = selectors.period_dashboard(period=period, today=period.due_date).rows[0]
    assert before.overdue_days == 0 and before.timeliness_label != row.timeliness_label


def test_the_daily_digest_includes_the_queue(django_capture_on_commit_callbacks):
    period, staff = PeriodFactory(), f.city_staff()
    _submitted(period, "Chờ", timezone.now() - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=False):
        assert reminders.send_missing_digest(today=timezone.localdate()) == 1
    digest = Notification.objects.filter(user=staff, text__startswith="Tổng hợp").get()
    assert "1 báo cáo chờ tiếp nhận (lâu nhất 3 ngày)" in digest.text
    assert digest.url == reverse("reports:review_queue")


def test_unit_officers_cannot_open_the_queue(client):
    client.force_login(f.ward_officer())
    assert client.get(reverse("reports:review_queue")).status_code == 403
