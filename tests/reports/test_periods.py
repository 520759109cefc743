"""Reporting periods: default dates, creation for the programme term, expected units, editing."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from reports import services
from reports.models import Period, PeriodKind, PeriodUnit, period_defaults
from tests import factories as f
from tests.reports.factories import PeriodFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_six_month_and_annual_defaults_follow_the_calendar():
    six = period_defaults(PeriodKind.SIX_MONTH, 2025)
    annual = period_defaults(PeriodKind.ANNUAL, 2025)
    assert six["code"] == "2025-6T" and annual["code"] == "2025-N"
    assert six["window_start"] == annual["window_start"] == datetime.date(2024, 12, 15)
    assert six["window_end"] == datetime.date(2025, 6, 14)
    assert annual["window_end"] == datetime.date(2025, 12, 14)
    assert six["due_date"] == datetime.date(2025, 6, 2)
    assert annual["due_date"] == datetime.date(2025, 12, 2)
    assert six["compile_date"] > six["due_date"]


def test_create_periods_covers_the_term_and_is_idempotent():
    programme = ProgrammeFactory()
    created = services.create_periods(programme=programme)
    assert len(created) == 12
    assert services.create_periods(programme=programme) == []
    assert Period.objects.count() == 12
    assert set(Period.objects.values_list("code", flat=True)) >= {"2024-6T", "2029-N"}


def test_create_periods_command_names_the_programme(capsys):
    ProgrammeFactory()
    call_command("create_periods", "--programme", "48/KH-MTTQ-BTT")
    call_command("create_periods")
    assert Period.objects.count() == 12


def test_a_yearly_beat_entry_runs_the_period_task():
    entry = settings.CELERY_BEAT_SCHEDULE["reports-create-periods"]
    assert entry["task"] == "reports.tasks.create_periods"
    from reports.tasks import create_periods

    ProgrammeFactory()
    assert len(create_periods()) == 12


def test_expected_units_are_wards_valid_in_the_window_and_active_organisations():
    period = PeriodFactory()  # window 15/12/2024 – 14/06/2025
    ended_the_day_before = f.WardFactory(valid_to=datetime.date(2024, 12, 14))
    ended_on_first_day = f.WardFactory(valid_to=datetime.date(2024, 12, 15))
    started_on_last_day = f.WardFactory(valid_from=datetime.date(2025, 6, 14))
    started_the_day_after = f.WardFactory(valid_from=datetime.date(2025, 6, 15))
    active_org = f.MemberOrganisationFactory()
    inactive_org = f.MemberOrganisationFactory(is_active=False)
    services.period_populate_units(period=period)
    wards = set(PeriodUnit.objects.filter(period=period).values_list("ward_id", flat=True))
    orgs = set(PeriodUnit.objects.filter(period=period).values_list("organisation_id", flat=True))
    assert ended_on_first_day.pk in wards and started_on_last_day.pk in wards
    assert ended_the_day_before.pk not in wards and started_the_day_after.pk not in wards
    assert active_org.pk in orgs and inactive_org.pk not in orgs


def test_a_period_unit_is_a_ward_or_an_organisation_but_not_both():
    from django.db import IntegrityError

    period = PeriodFactory()
    with pytest.raises(IntegrityError):
        PeriodUnit.objects.create(
            period=period, ward=f.WardFactory(), organisation=f.MemberOrganisationFactory()
        )


def test_period_dates_are_validated():
    period = PeriodFactory.build(window_end=datetime.date(2024, 1, 1), due_date=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        period.full_clean()
    assert {"window_end", "due_date"} <= set(error.value.message_dict)


def test_city_staff_edit_the_dates_of_a_period(login):
    period = PeriodFactory()
    response = login(f.city_staff()).post(
        f"/periods/{period.code}/edit/",
        {
            "window_start": "2024-12-15",
            "window_end": "2025-06-14",
            "due_date": "2025-06-05",
            "compile_date": "2025-06-10",
            "lock_date": "",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.due_date == datetime.date(2025, 6, 5)


def test_a_ward_officer_cannot_edit_a_period(login):
    period = PeriodFactory()
    assert login(f.ward_officer()).get(f"/periods/{period.code}/edit/").status_code == 403


def test_city_staff_choose_which_organisations_take_part(login):
    period = PeriodFactory()
    organisation = f.MemberOrganisationFactory()
    client = login(f.city_staff())
    client.post(f"/periods/{period.code}/units/", {"organisation": organisation.pk, "takes_part": "1"})
    assert PeriodUnit.objects.filter(period=period, organisation=organisation).exists()
    client.post(f"/periods/{period.code}/units/", {"organisation": organisation.pk, "takes_part": "0"})
    assert not PeriodUnit.objects.filter(period=period, organisation=organisation).exists()
    assert client.get(f"/periods/{period.code}/units/").status_code == 200


def test_editing_a_period_with_unordered_dates_explains_in_vietnamese(login):
    period = PeriodFactory()
    response = login(f.city_staff()).post(
        f"/periods/{period.code}/edit/",
        {
            "window_start": "2024-12-15",
            "window_end": "2024-12-01",
            "due_date": "2025-06-02",
            "compile_date": "2025-06-01",
            "lock_date": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Ngày kết thúc kỳ số liệu" in str(errors["window_end"])
    assert "Ngày thành phố tổng hợp" in str(errors["compile_date"])
