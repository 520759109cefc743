"""The demo's present: activities up to today, this and the last periods' reports, recent covenants.

Everything is dated relative to `today` (the local date when seed_demo runs), so the current and the
previous periods always carry data. Records dated before the 01/07/2025 reform belong to the 12 old
units, later ones to the 4 new phường. Idempotent: the generated activities follow a fixed calendar
(a unit works on every SPACING-th day), so a second run on the same day, or a later run, only adds the
days that were still in the future.
"""

import datetime
import zlib

from django.db import transaction
from django.utils import timezone

from core.scope import Role
from dashboards import summaries
from dashboards.selectors import pick_current, recent_periods
from programs.models import ContentArea
from reports import services
from reports.models import (
    VIETNAM,
    Period,
    PeriodUnit,
    ReportTransition,
    ReportVersion,
    UnitReport,
)
from wards.history import areas_on
from wards.models import Activity, ActivityType, Covenant, MemberOrganisation, User, Ward

# The first day of generated activity: the start of the plan's first data window.
FIRST_DAY = datetime.date(2024, 12, 15)
WARD_SPACING = 8  # a ward logs an activity every 8th day
ORGANISATION_SPACING = 15

# activity type code, content area number, title; the title takes the area or unit name.
WORK = [
    ("environment", 2, "Ra quân vệ sinh môi trường {place}"),
    ("propaganda", 2, "Tuyên truyền hương ước, quy ước {place}"),
    ("conference", 1, "Hội nghị Ban công tác Mặt trận {place}"),
    ("fundraising", 3, "Vận động quỹ Vì người nghèo {place}"),
    ("culture_sports", 1, "Văn nghệ, thể thao {place}"),
    ("training", 2, "Tập huấn tổ hòa giải {place}"),
    ("house", 1, "Xây nhà Đại đoàn kết {place}"),
    ("propaganda", 2, "Tuyên truyền an toàn giao thông {place}"),
]
UNITY_DAY = ("unity_day", 2, "Ngày hội Đại đoàn kết toàn dân tộc {place}")


def _number(*parts) -> int:
    """A stable pseudo-random number for the same inputs (the demo must not change between runs)."""
    return zlib.crc32("|".join(str(p) for p in parts).encode())


def _work_on(day: datetime.date, key: str) -> tuple:
    if day.month == 11 and day.day <= 18:
        return UNITY_DAY
    return WORK[_number(key, day) % len(WORK)]


def _figures(kind: str, key: str, day: datetime.date) -> dict:
    n = _number("figures", key, day)
    people = 30 + n % 220 if kind != "unity_day" else 250 + n % 200
    cash = 0
    if kind in ("fundraising", "house", "unity_day", "culture_sports"):
        cash = (2 + n % 40) * 1_000_000 if kind != "house" else 50_000_000 + (n % 3) * 10_000_000
    return {
        "participants": people,
        "beneficiary_households": (n % 15) if kind in ("fundraising", "house") else 0,
        "funds_cash": cash,
        "funds_in_kind": cash // 4,
        "houses": 1 if kind == "house" else 0,
    }


def _ward_days(ward: Ward, index: int, today: datetime.date):
    start = max(FIRST_DAY, ward.valid_from or FIRST_DAY)
    end = min(today, ward.valid_to or today)
    day = start
    while day <= end:
        if (day.toordinal() + index) % WARD_SPACING == 0:
            yield day
        day += datetime.timedelta(days=1)


def _planned_activities(today: datetime.date, staff: User | None) -> list[Activity]:
    content = {area.number: area for area in ContentArea.objects.all()}
    types = {kind.code: kind for kind in ActivityType.objects.all()}
    rows = []
    wards = list(Ward.objects.filter(valid_to__isnull=True) | Ward.objects.filter(valid_to__gte=FIRST_DAY))
    for index, ward in enumerate(sorted(wards, key=lambda w: w.code)):
        last_day = min(today, ward.valid_to or today)
        areas = list(areas_on([ward.pk], last_day).order_by("name"))
        for day in _ward_days(ward, index, today):
            kind, number, title = _work_on(day, ward.code)
            area = areas[_number(ward.code, day, "area") % len(areas)] if areas else None
            place = area.name if area else ward.display_name
            rows.append(
                Activity(
                    ward=ward,
                    area=area,
                    date=day,
                    title=title.format(place=place),
                    content_area=content[number],
                    activity_type=types[kind],
                    created_by=staff,
                    **_figures(kind, ward.code, day),
                )
            )
    current_wards = [w for w in wards if w.valid_to is None]
    for index, organisation in enumerate(MemberOrganisation.objects.active().order_by("pk")):
        day = FIRST_DAY
        while day <= today:
            if (day.toordinal() + index) % ORGANISATION_SPACING == 0:
                kind, number, title = _work_on(day, organisation.short_name)
                on_day = [w for w in current_wards if (w.valid_from or FIRST_DAY) <= day]
                rows.append(
                    Activity(
                        organisation=organisation,
                        organiser=organisation,
                        ward=on_day[index % len(on_day)] if on_day else None,
                        date=day,
                        title=title.format(place=organisation.short_name),
                        content_area=content[number],
                        activity_type=types[kind],
                        created_by=staff,
                        **_figures(kind, organisation.short_name, day),
                    )
                )
            day += datetime.timedelta(days=1)
    return rows


@transaction.atomic
def seed_activities(today: datetime.date, stdout=None) -> int:
    """Some hundreds of activities of every unit from the first data window up to today."""
    if ContentArea.objects.count() < 3 or not ActivityType.objects.exists():
        return 0
    staff = User.objects.filter(username="canbo.tp").first()
    have = set(Activity.objects.values_list("title", "date", "ward_id", "organisation_id"))
    new = [
        row
        for row in _planned_activities(today, staff)
        if (row.title, row.date, row.ward_id, row.organisation_id) not in have
    ]
    Activity.objects.bulk_create(new, batch_size=500)
    if new:
        summaries.refresh_all()  # bulk_create sends no signals
    if stdout is not None and new:
        stdout.write(f"Demo activities up to {today.isoformat()}: {len(new)} added.")
    return len(new)


# Recent covenants of the new phường: (ward code, months before today, status)
COVENANTS = [
    ("TK25-01", 10, "recognised"),
    ("TK25-02", 7, "adopted"),
    ("TK25-03", 4, "recognised"),
    ("TK25-04", 2, "draft"),
]


@transaction.atomic
def seed_covenants(today: datetime.date) -> None:
    staff = User.objects.filter(username="canbo.tp").first()
    for code, months, status in COVENANTS:
        ward = Ward.objects.filter(code=code).first()
        area = ward and ward.areas.filter(is_active=True).order_by("name").first()
        if area is None or Covenant.objects.filter(area=area, kind="quy_uoc").exists():
            continue
        meeting = today - datetime.timedelta(days=30 * months)
        done = status != "draft"
        Covenant.objects.create(
            area=area,
            kind="quy_uoc",
            title=f"Quy ước {area.name}, {ward.display_name}",
            version=1,
            meeting_date=meeting if done else None,
            method="meeting",
            households_in_favour=int(area.households * 0.85) if done else 0,
            households_total=area.households if done else 0,
            sent_on=meeting + datetime.timedelta(days=3) if done else None,
            file_complete_on=meeting + datetime.timedelta(days=3) if status == "recognised" else None,
            recognition_number=f"{10 + months}/QĐ-UBND (demo)" if status == "recognised" else "",
            recognition_date=meeting + datetime.timedelta(days=7) if status == "recognised" else None,
            status=status,
            created_by=staff,
        )


# Reports --------------------------------------------------------------------------------------------

TEXT = {
    "situation": "Tình hình khu dân cư ổn định; Nhân dân đồng thuận với chủ trương của địa phương (demo).",
    "results": "Tổ chức các hoạt động theo ba nội dung của Kế hoạch; vận động Nhân dân tham gia tích cực.",
    "strengths": "Phối hợp chặt chẽ giữa Ban Công tác Mặt trận và các chi hội.",
    "weaknesses": "Một số khu dân cư chưa cập nhật kịp thời số liệu hoạt động.",
    "causes": "Cán bộ kiêm nhiệm nhiều việc.",
    "lessons": "Phát huy vai trò người có uy tín trong cộng đồng.",
    "directions": "Tiếp tục nhân rộng mô hình tự quản.",
    "proposals": "",
}
RETURN_REASON = "Đề nghị bổ sung số liệu quỹ vận động và số hộ được hỗ trợ (demo)."
LATE_REASON = "Cán bộ phụ trách đi tập huấn, nộp chậm (demo)."

# What each unit did in a period, by its place in the list (wards by code, then organisations):
# a period already due shows the usual end state, the current one work in progress.
PAST_PLAN = ["accepted", "accepted", "late", "accepted", "accepted", "late", "missing", "accepted"]
CURRENT_PLAN = ["returned", "accepted", "submitted", "draft", "accepted", "submitted", "draft", "resubmitted"]
# The demo logins' own units take a fixed part in the current period: a return to act on for the ward
# officer, a draft for the organisation officer.
DEMO_UNITS = {"TK25-01": "returned", "TK25-04": "submitted", "HLHPN": "draft"}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VIETNAM)


def _officer(unit: PeriodUnit) -> User:
    """The unit's own officer (a demo login, or a demo officer without a usable password)."""
    officers = (
        User.objects.filter(ward=unit.ward)
        if unit.ward_id
        else User.objects.filter(organisation=unit.organisation)
    )
    officer = officers.filter(is_active=True).order_by("pk").first()
    if officer is not None:
        return officer
    key = unit.ward.code if unit.ward_id else unit.organisation.short_name
    officer = User(username=f"demo.{key}".lower(), first_name="(demo)", last_name="Cán bộ", is_active=True)
    if unit.ward_id:
        officer.role, officer.ward = Role.WARD_OFFICER, unit.ward
    else:
        officer.role, officer.organisation = Role.ORG_OFFICER, unit.organisation
    officer.set_unusable_password()
    officer.save()
    return officer


def _date_last_move(report: UnitReport, at: datetime.datetime, **fields) -> None:
    """Give the service's last move the demo's day (the services stamp the real now)."""
    last = ReportTransition.objects.filter(report=report).order_by("-pk").first()
    ReportTransition.objects.filter(pk=last.pk).update(at=at)
    if fields:
        UnitReport.objects.filter(pk=report.pk).update(**fields)


def submit_on(
    report: UnitReport, officer: User, at: datetime.datetime, *, late_reason: str = ""
) -> UnitReport:
    """Submit `report` as if on `at`: the on-time rule reads the backdated first submission."""
    if report.first_submitted_at is None:
        report.first_submitted_at = at
    report.late_reason = late_reason
    report.save(update_fields=["first_submitted_at", "late_reason"])
    report = services.report_submit(report=report, by=officer)
    _date_last_move(report, at, submitted_at=at)
    version = ReportVersion.objects.filter(report=report).order_by("-number").first()
    ReportVersion.objects.filter(pk=version.pk).update(submitted_at=at)
    return report


def return_on(report: UnitReport, by: User, at: datetime.datetime, reason: str) -> None:
    services.report_return(report=report, by=by, reason=reason)
    _date_last_move(report, at)


def accept_on(report: UnitReport, by: User, at: datetime.datetime) -> None:
    services.report_accept(report=report, by=by)
    _date_last_move(report, at, accepted_at=at)


def _play(unit: PeriodUnit, plan: str, city: User, today: datetime.date) -> None:
    period = unit.period
    if (
        plan == "missing"
        or UnitReport.objects.filter(period=period, ward=unit.ward, organisation=unit.organisation).exists()
    ):
        return
    report = services.report_open(period_unit=unit)
    for name, text in TEXT.items():
        setattr(report, name, text)
    report.save()
    if plan == "draft":
        return
    # Units submit a few days before the due date (or before today, while the period is running).
    last = min(period.due_date, today - datetime.timedelta(days=2))
    sent = last - datetime.timedelta(days=_number(unit.pk) % 6)
    if plan == "late":
        sent = period.due_date + datetime.timedelta(days=4 + _number(unit.pk) % 5)
    if sent <= period.window_start or sent > today:
        return  # too early in the window for a report: it stays a draft
    officer = _officer(unit)
    report = submit_on(report, officer, _at(sent, 9), late_reason=LATE_REASON if plan == "late" else "")
    review = min(sent + datetime.timedelta(days=1), today)
    if plan in ("accepted", "late"):
        accept_on(report, city, _at(review, 15))
    elif plan in ("returned", "resubmitted"):
        return_on(report, city, _at(review, 15), RETURN_REASON)
        if plan == "resubmitted":
            report.refresh_from_db()
            submit_on(report, officer, _at(min(review + datetime.timedelta(days=1), today), 10))


def recent_reporting_periods(today: datetime.date) -> tuple[Period | None, list[Period]]:
    """The current period and the earlier ones held after the reform (2025-6T keeps its own story)."""
    periods = [p for p in recent_periods(today) if p.window_end >= datetime.date(2025, 7, 1)]
    return pick_current(periods, today), periods


@transaction.atomic
def seed_reports(today: datetime.date, stdout=None) -> None:
    city = User.objects.filter(username="canbo.tp").first()
    current, periods = recent_reporting_periods(today)
    if city is None or current is None:
        return
    for period in periods:
        units = sorted(
            PeriodUnit.objects.filter(period=period).select_related("period", "ward", "organisation"),
            key=lambda u: (u.organisation_id is not None, u.ward.code if u.ward_id else u.organisation.pk),
        )
        plan = CURRENT_PLAN if period == current else PAST_PLAN
        for index, unit in enumerate(units):
            key = unit.ward.code if unit.ward_id else unit.organisation.short_name
            step = (
                DEMO_UNITS.get(key, plan[index % len(plan)]) if period == current else plan[index % len(plan)]
            )
            _play(unit, step, city, today)
    if stdout is not None:
        stdout.write(f"Demo reports for {', '.join(p.code for p in periods)} (current: {current.code}).")


def seed(stdout=None, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    seed_activities(today, stdout)
    seed_covenants(today)
    seed_reports(today, stdout)
