"""On time = first submission by 23:59:59 of the due date, Vietnam time, whatever the server clock."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from reports import services
from reports.models import VIETNAM
from tests import factories as f
from tests.reports.factories import UnitReportFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _submit_at(moment: datetime.datetime, late_reason: str = ""):
    report = UnitReportFactory(late_reason=late_reason)
    with time_machine.travel(moment, tick=False):
        return services.report_submit(report=report, by=f.ward_officer(ward=report.ward))


def test_submitting_at_23_59_59_of_the_due_date_vietnam_time_is_on_time():
    report = _submit_at(datetime.datetime(2025, 6, 2, 23, 59, 59, tzinfo=VIETNAM))
    assert report.on_time is True


def test_submitting_at_midnight_after_the_due_date_is_late():
    report = _submit_at(datetime.datetime(2025, 6, 3, 0, 0, 0, tzinfo=VIETNAM), late_reason="Mất điện.")
    assert report.on_time is False


def test_a_late_submission_without_a_reason_is_refused():
    report = UnitReportFactory(late_reason="")
    officer = f.ward_officer(ward=report.ward)
    with (
        time_machine.travel(datetime.datetime(2025, 6, 3, 0, 0, tzinfo=VIETNAM), tick=False),
        pytest.raises(services.WorkflowError) as error,
    ):
        services.report_submit(report=report, by=officer)
    assert "lý do nộp muộn" in " ".join(error.value.messages)
    report.refresh_from_db()
    assert report.first_submitted_at is None


@override_settings(TIME_ZONE="UTC")
def test_a_utc_server_clock_does_not_change_the_answer():
    # 16:59:59 UTC is 23:59:59 in Vietnam; 17:00 UTC is already the next day there.
    assert _submit_at(datetime.datetime(2025, 6, 2, 16, 59, 59, tzinfo=UTC)).on_time is True
    assert (
        _submit_at(datetime.datetime(2025, 6, 2, 17, 0, 0, tzinfo=UTC), late_reason="Trễ.").on_time is False
    )


def test_a_resubmission_after_the_due_date_keeps_the_first_submission_on_time():
    report = _submit_at(datetime.datetime(2025, 6, 1, 10, 0, tzinfo=VIETNAM))
    city = f.city_staff()
    services.report_return(report=report, by=city, reason="Bổ sung số liệu.")
    with time_machine.travel(datetime.datetime(2025, 6, 20, 10, 0, tzinfo=VIETNAM), tick=False):
        report = services.report_submit(report=report, by=f.ward_officer(ward=report.ward))
    assert report.status == "resubmitted"
    assert report.on_time is True


def test_the_on_time_rule_in_sql_draws_the_line_where_the_python_rule_does():
    from reports.models import UnitReport

    on_time = UnitReportFactory(first_submitted_at=datetime.datetime(2025, 6, 2, 23, 59, 59, tzinfo=VIETNAM))
    late = UnitReportFactory(
        period=on_time.period, first_submitted_at=datetime.datetime(2025, 6, 3, 0, 0, tzinfo=VIETNAM)
    )
    period = on_time.period
    assert period.due_date == datetime.date(2025, 6, 2)
    assert [period.is_on_time(r.first_submitted_at) for r in (on_time, late)] == [True, False]
    assert list(UnitReport.objects.filter(period.on_time_q([period]))) == [on_time]
    assert not UnitReport.objects.filter(period.on_time_q([])).exists()
