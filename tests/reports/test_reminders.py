"""Reminders to units that have not submitted, never twice per step; the city staff's digest."""

import datetime

import pytest
from django.core import mail

from reports import reminders, services
from reports.compile import compile_due_drafts
from reports.models import CompiledReport, Notification, PeriodUnit, ReminderLog
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    period = PeriodFactory()  # 2025-6T, due 02/06/2025
    late_ward, done_ward = f.WardFactory(name="Chậm"), f.WardFactory(name="Xong")
    PeriodUnit.objects.create(period=period, ward=late_ward)
    report = UnitReportFactory(period=period, ward=done_ward)
    services.report_submit(report=report, by=f.ward_officer(ward=done_ward))
    return period, f.ward_officer(ward=late_ward), f.ward_officer(ward=done_ward)


@pytest.mark.parametrize("days", [-7, -1, 1])
def test_a_unit_that_has_not_submitted_is_reminded_once_per_step(
    units, days, django_capture_on_commit_callbacks
):
    period, late_officer, done_officer = units
    today = period.due_date + datetime.timedelta(days=days)
    with django_capture_on_commit_callbacks(execute=False):
        assert reminders.send_due_reminders(today=today) == 1
        assert reminders.send_due_reminders(today=today) == 0
    assert Notification.objects.filter(user=late_officer).count() == 1
    assert not Notification.objects.filter(user=done_officer).exists()
    assert ReminderLog.objects.count() == 1


def test_no_reminder_on_other_days(units):
    period, *_ = units
    assert reminders.send_due_reminders(today=period.due_date - datetime.timedelta(days=3)) == 0


def test_the_reminder_is_also_emailed(units, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    period, late_officer, _ = units
    late_officer.email = "cham@example.org"
    late_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_due_reminders(today=period.due_date - datetime.timedelta(days=1))
    assert [m.to for m in mail.outbox] == [["cham@example.org"]]


def test_city_staff_get_a_digest_of_missing_units_in_the_last_week(units, django_capture_on_commit_callbacks):
    period, *_ = units
    staff = f.city_staff()
    with django_capture_on_commit_callbacks(execute=False):
        assert reminders.send_missing_digest(today=period.due_date - datetime.timedelta(days=2)) == 1
        # Outside the last week the digest has nothing to say once no report waits for review.
        services.report_accept(report=period.reports.get(), by=staff)
        assert reminders.send_missing_digest(today=period.due_date - datetime.timedelta(days=30)) == 0
    text = Notification.objects.filter(user=staff).exclude(text__startswith="Xong").earliest("pk").text
    assert "Chậm" in text and "Xong:" not in text


def test_on_the_compile_date_a_draft_is_compiled_automatically_once(
    units, django_capture_on_commit_callbacks, monkeypatch
):
    from reports import compile as compiler

    queued = []
    monkeypatch.setattr(compiler, "dispatch", queued.append)
    period, *_ = units
    with django_capture_on_commit_callbacks(execute=True):
        compile_due_drafts(today=period.compile_date)
        compile_due_drafts(today=period.compile_date)
    report = CompiledReport.objects.get()
    assert report.is_automatic and queued == [report.pk]
