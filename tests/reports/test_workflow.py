"""The review workflow: each move, who may make it, what it records, and the notifications it sends."""

import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from reports import notifications, services
from reports.models import Notification, PeriodUnit, ReportStatus, ReportTransition, UnitReport
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.wards import filedata

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return UnitReportFactory()


@pytest.fixture
def officer(report):
    return f.ward_officer(ward=report.ward, email="officer@example.org")


@pytest.fixture
def city():
    return f.city_staff()


@pytest.fixture(autouse=True)
def eager_emails():
    """Run the email task in-process instead of publishing it to the broker."""
    from reports.tasks import send_notification_emails

    with mock.patch.object(send_notification_emails, "delay", side_effect=send_notification_emails):
        yield


def test_submit_refuses_empty_required_sections_and_names_each(report, officer):
    report.situation = ""
    report.directions = "   "
    report.save()
    with pytest.raises(services.WorkflowError) as error:
        services.report_submit(report=report, by=officer)
    text = " ".join(error.value.messages)
    assert "I." in text and "IV." in text
    assert "II." not in text
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.results == "Kết quả tốt."


def test_the_full_workflow_records_every_move(report, officer, city, django_capture_on_commit_callbacks):
    report = services.report_submit(report=report, by=officer)
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=city, reason="Thiếu số liệu.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.get(user=officer).text.endswith("Thiếu số liệu.")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@example.org"]
    report = services.report_submit(report=report, by=officer)
    assert report.status == ReportStatus.RESUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report=report, by=city)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_at
    assert len(mail.outbox) == 2
    services.report_reopen(report=report, by=city, reason="Sửa số liệu quỹ.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    moves = list(
        ReportTransition.objects.filter(report=report).values_list("from_status", "to_status", "reason")
    )
    assert moves == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Thiếu số liệu."),
        ("returned", "resubmitted", ""),
        ("resubmitted", "accepted", ""),
        ("accepted", "returned", "Sửa số liệu quỹ."),
    ]
    assert report.versions.count() == 2


def test_return_and_reopen_require_a_reason(report, officer, city):
    services.report_submit(report=report, by=officer)
    with pytest.raises(services.WorkflowError):
        services.report_return(report=report, by=city, reason="  ")
    services.report_accept(report=report, by=city)
    with pytest.raises(services.WorkflowError):
        services.report_reopen(report=report, by=city, reason="")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_a_draft_cannot_be_accepted_or_returned(report, city):
    with pytest.raises(services.WorkflowError):
        services.report_accept(report=report, by=city)
    with pytest.raises(services.WorkflowError):
        services.report_return(report=report, by=city, reason="x")


def test_when_the_broker_is_down_the_move_is_saved_and_the_email_deferred(
    report, officer, city, django_capture_on_commit_callbacks
):
    services.report_submit(report=report, by=officer)
    with (
        mock.patch(
            "reports.tasks.send_notification_emails.delay", side_effect=ConnectionError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notice = services.report_accept(report=report, by=city)
    assert notice.email_deferred is True
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    later = timezone.now() + datetime.timedelta(minutes=15)
    assert notifications.send_pending_notification_emails() == 0  # just created: left to the queue
    assert notifications.send_pending_notification_emails(now=later) == 1
    assert len(mail.outbox) == 1
    assert notifications.send_pending_notification_emails(now=later) == 0


def test_the_navbar_shows_the_unread_count(report, officer, city, login):
    services.report_submit(report=report, by=officer)
    services.report_return(report=report, by=city, reason="Bổ sung.")
    client = login(officer)
    response = client.get("/notifications/")
    assert 'badge rounded-pill text-bg-warning">1<' in response.text
    client.post("/notifications/")
    assert not Notification.objects.filter(user=officer).unread().exists()


# Through the pages ---------------------------------------------------------------------------------


def test_ward_officer_drafts_and_submits_through_the_page(login):
    period = PeriodFactory()
    ward = f.WardFactory()
    PeriodUnit.objects.create(period=period, ward=ward)
    client = login(f.ward_officer(ward=ward))
    assert client.get(f"/reports/start/{period.code}/").status_code == 405  # a GET creates nothing
    assert not UnitReport.objects.filter(period=period, ward=ward).exists()
    response = client.post(f"/reports/start/{period.code}/")
    report = UnitReport.objects.get(period=period, ward=ward)
    assert response.url == f"/reports/{report.pk}/edit/"
    data = {
        "version": 1,
        "situation": "Ổn định.",
        "results": "Tốt.",
        "strengths": "Đoàn kết.",
        "weaknesses": "Chậm.",
        "causes": "",
        "lessons": "",
        "directions": "Tiếp tục.",
        "proposals": "",
        "late_reason": "Nộp muộn vì họp.",
    }
    assert client.post(f"/reports/{report.pk}/edit/", data).status_code == 302
    data["version"] = 2
    response = client.post(f"/reports/{report.pk}/edit/", {**data, "submit": "1"})
    assert response.url == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_submitting_an_incomplete_report_keeps_the_text(login, report, officer):
    client = login(officer)
    data = {"version": report.version, "situation": "", "results": "Mới viết.", "late_reason": "x"}
    response = client.post(f"/reports/{report.pk}/edit/", {**data, "submit": "1"}, follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.results == "Mới viết."
    assert "I." in response.text


def test_another_units_report_is_404(login, report):
    other = f.ward_officer()
    client = login(other)
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.get(f"/reports/{report.pk}/edit/").status_code == 404
    assert client.post(f"/reports/{report.pk}/edit/", {"version": 1, "situation": "x"}).status_code == 404
    assert login(f.org_officer()).get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_a_unit_officer_cannot_return_or_accept(login, report, officer):
    services.report_submit(report=report, by=officer)
    client = login(officer)
    assert client.post(f"/reports/{report.pk}/accept/").status_code == 403
    assert client.post(f"/reports/{report.pk}/return/", {"reason": "x"}).status_code == 403
    assert client.post(f"/reports/{report.pk}/reopen/", {"reason": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_city_staff_return_and_accept_through_the_pages(login, report, officer, city):
    services.report_submit(report=report, by=officer)
    client = login(city)
    response = client.post(f"/reports/{report.pk}/return/", {"reason": ""})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(f"/reports/{report.pk}/return/", {"reason": "Thiếu phần II."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_submit(report=report, by=officer)
    client.post(f"/reports/{report.pk}/accept/")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_editing_an_accepted_report_by_a_crafted_post_is_refused(login, report, officer, city):
    services.report_submit(report=report, by=officer)
    services.report_accept(report=report, by=city)
    report.refresh_from_db()
    response = login(officer).post(
        f"/reports/{report.pk}/edit/", {"version": report.version, "situation": "Đổi sau khi duyệt."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.situation == "Tình hình ổn định."


def test_figures_or_status_cannot_be_posted(login, report, officer):
    response = login(officer).post(
        f"/reports/{report.pk}/edit/",
        {
            "version": report.version,
            "situation": "Mới.",
            "figures": '{"kdc_count": 999}',
            "status": "accepted",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.figures == {} and report.status == ReportStatus.DRAFT and report.situation == "Mới."


def test_a_signed_scan_is_attached_after_acceptance(login, report, officer, city):
    services.report_submit(report=report, by=officer)
    client = login(officer)
    client.post(f"/reports/{report.pk}/scan/", {"scan": filedata.pdf("scan.pdf")})
    report.refresh_from_db()
    assert not report.signed_scan
    services.report_accept(report=report, by=city)
    client.post(f"/reports/{report.pk}/scan/", {"scan": filedata.pdf("scan.pdf")})
    report.refresh_from_db()
    assert report.signed_scan
    assert client.get(f"/reports/{report.pk}/scan/download/").status_code == 200


def test_a_scan_is_served_with_its_detected_type_and_a_replaced_scan_leaves_no_file(
    login, report, officer, city, django_capture_on_commit_callbacks
):
    services.report_submit(report=report, by=officer)
    services.report_accept(report=report, by=city)
    client = login(officer)
    client.post(f"/reports/{report.pk}/scan/", {"scan": filedata.pdf("4.pdf")})
    report.refresh_from_db()
    first = Path(report.signed_scan.path)
    assert first.suffix == ".pdf" and first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.pk}/scan/", {"scan": filedata.jpeg("ban-ky.jpeg")})
    report.refresh_from_db()
    second = Path(report.signed_scan.path)
    assert second.suffix == ".jpg" and second.exists()
    assert not first.exists()
    response = client.get(f"/reports/{report.pk}/scan/download/")
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_locked_period_refuses_submissions(report, officer):
    report.period.lock_date = datetime.date(2025, 6, 30)
    report.period.save()
    with pytest.raises(services.WorkflowError):
        services.report_submit(report=report, by=officer)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_an_annual_report_keeps_its_nominations_in_the_submitted_version(login):
    from reports.models import Nomination

    report = UnitReportFactory(period=PeriodFactory(kind="annual"))
    client = login(f.ward_officer(ward=report.ward))
    assert "nominations-TOTAL_FORMS" in client.get(f"/reports/{report.pk}/edit/").text
    data = {
        "version": report.version,
        **{
            name: getattr(report, name)
            for name in ("situation", "results", "strengths", "weaknesses", "directions")
        },
        "late_reason": "Họp muộn.",
        "nominations-TOTAL_FORMS": "1",
        "nominations-INITIAL_FORMS": "0",
        "nominations-0-kind": "collective",
        "nominations-0-name": "Khu dân cư Tân Thạnh",
        "nominations-0-achievement": "Tiêu biểu trong xây dựng mô hình tự quản.",
        "submit": "1",
    }
    response = client.post(f"/reports/{report.pk}/edit/", data)
    assert response.status_code == 302
    assert Nomination.objects.get(report=report).name == "Khu dân cư Tân Thạnh"
    version = report.versions.get()
    assert version.nominations[0]["name"] == "Khu dân cư Tân Thạnh"


@pytest.mark.django_db(transaction=True)
def test_city_staff_are_told_the_email_will_follow_when_the_broker_is_down(login):
    # A real commit is needed: the email is published from transaction.on_commit.
    report = UnitReportFactory()
    officer = f.ward_officer(ward=report.ward, email="officer@example.org")
    services.report_submit(report=report, by=officer)
    with mock.patch("reports.tasks.send_notification_emails.delay", side_effect=ConnectionError("down")):
        response = login(f.city_staff()).post(f"/reports/{report.pk}/accept/", follow=True)
    assert "email sẽ được gửi sau" in response.text
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert Notification.objects.filter(user=officer, emailed_at__isnull=True).count() == 1


def test_the_unit_sees_why_its_report_was_returned(login, report, officer, city):
    services.report_submit(report=report, by=officer)
    services.report_return(report=report, by=city, reason="Thiếu số liệu nhà Đại đoàn kết.")
    response = login(officer).get(f"/reports/{report.pk}/edit/")
    assert response.context["return_reason"] == "Thiếu số liệu nhà Đại đoàn kết."
    assert "Thành phố trả lại với lý do" in response.text


def test_the_services_refuse_the_wrong_role_too(report, officer, city):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=f.ward_officer())
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=city)
    services.report_submit(report=report, by=officer)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, by=officer)
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, by=f.leadership(), reason="x")


def test_a_notification_is_emailed_at_most_once(report, officer, city):
    services.report_submit(report=report, by=officer)
    notice = services.report_accept(report=report, by=city)
    (pk,) = notice.notification_ids
    assert notifications.send_notification_email(notification_id=pk) is True
    assert notifications.send_notification_email(notification_id=pk) is False
    assert len(mail.outbox) == 1
