"""Hand-built data for the home pages: two periods, two wards, one organisation, known figures."""

import datetime
from dataclasses import dataclass

from reports.models import VIETNAM, PeriodKind, PeriodUnit, ReportStatus, ReportTransition, UnitReport
from tests import factories as f
from tests.programs.factories import PilotFactory
from tests.reports.factories import PeriodFactory
from tests.wards.factories import (
    ActivityFactory,
    ContentAreaFactory,
    CovenantFactory,
    SelfManagementModelFactory,
)

# The day the tests look at the portal: 13 days before the 2025 six-month due date (2 June).
TODAY = datetime.datetime(2025, 5, 20, 3, 0, tzinfo=datetime.UTC)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, 9, 0, tzinfo=VIETNAM)


@dataclass
class Scenario:
    period: object
    previous: object
    ward_a: object
    ward_b: object
    organisation: object
    area_a1: object
    area_a2: object
    area_b1: object
    report_o: object


def scenario(extra_wards: int = 0) -> Scenario:
    """Ward A: on time, a pilot, 3 activities now (1,000,000 đ each), 1 before, 2 models, a covenant due.
    Ward B: has not submitted, no pilot, 2 activities now (5,000,000 đ each), 1 model.
    Organisation O: its report was returned ("Thiếu số liệu"), 1 activity now.
    `extra_wards` more wards like A make the data bigger without changing A's or B's figures."""
    city = f.city_staff()
    content = ContentAreaFactory(number=1, title="Nội dung 1", short_title="Đoàn kết")
    ContentAreaFactory(programme=content.programme, number=2, title="Nội dung 2", short_title="Kinh tế")
    previous = PeriodFactory(kind=PeriodKind.ANNUAL, year=2024)
    period = PeriodFactory(kind=PeriodKind.SIX_MONTH, year=2025)
    ward_a = f.WardFactory(name="Phường Alpha")
    ward_b = f.WardFactory(name="Phường Beta")
    organisation = f.MemberOrganisationFactory(name="Hội Omega")
    area_a1 = f.ResidentialAreaFactory(ward=ward_a, name="Khối Alpha Một")
    area_a2 = f.ResidentialAreaFactory(ward=ward_a, name="Khối Alpha Hai")
    area_b1 = f.ResidentialAreaFactory(ward=ward_b, name="Khối Beta Một")
    for unit in (ward_a, ward_b):
        PeriodUnit.objects.create(period=previous, ward=unit)
        PeriodUnit.objects.create(period=period, ward=unit)
    PeriodUnit.objects.create(period=period, organisation=organisation)
    UnitReport.objects.create(
        period=period, ward=ward_a, status=ReportStatus.SUBMITTED, first_submitted_at=at(2025, 5, 10)
    )
    report_o = UnitReport.objects.create(
        period=period,
        organisation=organisation,
        status=ReportStatus.RETURNED,
        first_submitted_at=at(2025, 5, 12),
    )
    ReportTransition.objects.create(
        report=report_o,
        by=city,
        at=at(2025, 5, 14),
        from_status="submitted",
        to_status="returned",
        reason="Thiếu số liệu",
    )
    UnitReport.objects.create(
        period=previous, ward=ward_a, status=ReportStatus.ACCEPTED, first_submitted_at=at(2024, 11, 30)
    )
    UnitReport.objects.create(
        period=previous, ward=ward_b, status=ReportStatus.ACCEPTED, first_submitted_at=at(2024, 12, 5)
    )
    PilotFactory(programme=content.programme, area=area_a1)
    for day in (1, 2, 3):
        ActivityFactory(
            ward=ward_a,
            area=area_a1,
            content_area=content,
            date=datetime.date(2025, 4, day),
            title=f"Alpha {day}",
            funds_cash=1_000_000,
        )
    ActivityFactory(
        ward=ward_a, area=area_a1, content_area=content, date=datetime.date(2024, 6, 1), title="Alpha cũ"
    )
    for day in (1, 2):
        ActivityFactory(
            ward=ward_b,
            area=area_b1,
            content_area=content,
            date=datetime.date(2025, 4, day),
            title=f"Beta {day}",
            funds_cash=5_000_000,
            participants=77,
        )
    ActivityFactory(
        ward=None,
        organisation=organisation,
        content_area=content,
        date=datetime.date(2025, 4, 5),
        title="Omega 1",
    )
    SelfManagementModelFactory(
        ward=ward_a, content_area=content, name="Mô hình Alpha 1", start_date=datetime.date(2024, 1, 1)
    )
    SelfManagementModelFactory(
        ward=ward_a, content_area=content, name="Mô hình Alpha 2", start_date=datetime.date(2025, 1, 1)
    )
    SelfManagementModelFactory(ward=ward_b, content_area=content, name="Mô hình Beta", households=100)
    CovenantFactory(
        area=area_a2,
        title="Quy ước Alpha Hai",
        status="recognised",
        meeting_date=datetime.date(2024, 3, 1),
        recognition_number="01/QĐ",
        recognition_date=datetime.date(2024, 4, 1),
    )
    CovenantFactory(
        area=area_a1,
        title="Hương ước Alpha Một",
        meeting_date=datetime.date(2024, 3, 1),
        review_date=datetime.date(2025, 3, 1),
    )
    for i in range(extra_wards):
        more(content, period, previous, i)
    return Scenario(period, previous, ward_a, ward_b, organisation, area_a1, area_a2, area_b1, report_o)


def more(content, period, previous, i: int) -> None:
    ward = f.WardFactory(name=f"Phường Thêm {i}")
    area = f.ResidentialAreaFactory(ward=ward)
    f.ResidentialAreaFactory(ward=ward)
    for p in (period, previous):
        PeriodUnit.objects.create(period=p, ward=ward)
        UnitReport.objects.create(
            period=p, ward=ward, status=ReportStatus.SUBMITTED, first_submitted_at=at(2024, 11, 1)
        )
    PilotFactory(programme=content.programme, area=area)
    for day in (1, 2, 3):
        ActivityFactory(ward=ward, area=area, content_area=content, date=datetime.date(2025, 4, day))
    SelfManagementModelFactory(ward=ward, content_area=content).areas.add(area)
    CovenantFactory(area=area, meeting_date=datetime.date(2024, 1, 1), status="adopted")
