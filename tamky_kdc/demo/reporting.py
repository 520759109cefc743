"""Demo reporting data: the programme's periods, and three units' reports for 2025-6T (idempotent)."""

import datetime

from django.db import transaction

from programs.models import Programme
from reports import compile as compiler
from reports import services
from reports.models import VIETNAM, Period, PeriodUnit, ReportStatus, UnitReport
from wards.models import User

DEMO_TEXT = {
    "situation": "Trên địa bàn có các khu dân cư ổn định; Nhân dân đồng thuận với chủ trương của địa phương.",
    "results": "Tổ chức các hoạt động theo ba nội dung của Kế hoạch; vận động Nhân dân tham gia tích cực.",
    "strengths": "Công tác phối hợp giữa Ban Công tác Mặt trận và các chi hội được duy trì thường xuyên.",
    "weaknesses": "Một số khu dân cư chưa cập nhật kịp thời số liệu hoạt động.",
    "causes": "Cán bộ kiêm nhiệm nhiều việc.",
    "lessons": "Phát huy vai trò người có uy tín trong cộng đồng.",
    "directions": "Tiếp tục nhân rộng mô hình tự quản; chuẩn bị Ngày hội Đại đoàn kết toàn dân tộc.",
    "proposals": "",
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VIETNAM)


def _draft(unit: PeriodUnit, first_submitted: datetime.datetime | None = None):
    report = services.report_open(period_unit=unit)
    if report.status != ReportStatus.DRAFT:
        return None  # already seeded
    for name, text in DEMO_TEXT.items():
        setattr(report, name, text)
    # The demo replays a submission made before the deadline, so the first submission is backdated.
    report.first_submitted_at = first_submitted
    report.save()
    return report


@transaction.atomic
def seed(stdout=None) -> None:
    programme = Programme.objects.filter(plan_number="48/KH-MTTQ-BTT").first()
    if programme is None:
        return
    created = services.create_periods(programme=programme)
    if stdout and created:
        stdout.write(f"Created {len(created)} reporting periods.")
    city = User.objects.filter(username="canbo.tp").first()
    units = PeriodUnit.objects.filter(period__code="2025-6T").select_related("period")
    an_xuan = units.filter(ward__code="20347").first()
    tam_thang = units.filter(ward__code="20362").first()
    hlhpn = units.filter(organisation__short_name="HLHPN").first()
    due = datetime.date(2025, 6, 2)
    officer = User.objects.filter(username="phuong.anxuan").first()
    if an_xuan and officer and city and (report := _draft(an_xuan, _at(due - datetime.timedelta(days=3), 9))):
        services.report_submit(report=report, by=officer)
        UnitReport.objects.filter(pk=report.pk).update(submitted_at=report.first_submitted_at)
        services.report_accept(report=report, by=city)
    officer = User.objects.filter(username="xa.tamthang").first()
    if tam_thang and officer and city and (report := _draft(tam_thang, _at(due, 16))):
        services.report_submit(report=report, by=officer)
        UnitReport.objects.filter(pk=report.pk).update(submitted_at=report.first_submitted_at)
        services.report_return(
            report=report, by=city, reason="Đề nghị bổ sung số liệu quỹ vận động và số nhà Đại đoàn kết."
        )
    if hlhpn:
        report = services.report_open(period_unit=hlhpn)
        if report.status == ReportStatus.DRAFT and not report.situation:
            report.situation = DEMO_TEXT["situation"]
            report.save(update_fields=["situation"])


# Compiled versions for leadership to download: (period code, document date), compiled in the demo.
DEMO_COMPILES = [("2025-6T", datetime.date(2025, 6, 5)), ("2025-N", datetime.date(2025, 12, 5))]


def seed_compiled(stdout=None) -> None:
    """Compile and publish the 2025 reports once (synchronously, through the real service)."""
    by = User.objects.filter(username="canbo.tp").first()
    for code, day in DEMO_COMPILES:
        period = Period.objects.filter(code=code).first()
        if period is None:
            continue
        with transaction.atomic():
            report, created = compiler.compiled_report_request(
                period=period, token=f"demo-{code}", by=by, document_date=day, queue=False
            )
        if created or report.status != "done":
            report = compiler.compile_period(report.pk)
        if report is not None and report.status == "done" and not report.is_published:
            compiler.compiled_report_publish(report=report)
        if stdout is not None and created:
            stdout.write(f"Compiled {code} (demo)")
