"""Demo pilots, an evaluation and a year of An Xuân's self-assessments (idempotent)."""

import datetime

from django.db import transaction
from django.utils import timezone

from programs import selectors, services
from programs.models import (
    Evaluation,
    Pilot,
    PilotLevel,
    PilotStatus,
    PilotTransition,
    Programme,
    SelfAssessment,
)
from wards.models import ResidentialArea, User, Ward

# ward code, area name, status reached, selected on
WARD_PILOTS = [
    ("20347", "Khối phố 5", PilotStatus.IMPLEMENTING, datetime.date(2025, 3, 20)),
    ("20350", "Khối phố 6", PilotStatus.IMPLEMENTING, datetime.date(2025, 3, 25)),
    ("20341", "Mỹ An", PilotStatus.SELECTED, datetime.date(2025, 4, 2)),
    ("20335", "Mỹ Thạch Trung", PilotStatus.IMPLEMENTING, datetime.date(2025, 3, 28)),
    ("20375", "Thuận Trà", PilotStatus.SELECTED, datetime.date(2025, 4, 10)),
    ("20356", "Phú Thạnh", PilotStatus.IMPLEMENTING, datetime.date(2025, 3, 15)),
    ("20362", "Thạch Tân", PilotStatus.EVALUATED, datetime.date(2025, 3, 10)),
    ("20389", "Thọ Tân", PilotStatus.SELECTED, datetime.date(2025, 4, 15)),
]
CITY_PILOT = ("20347", "Khối phố 4", PilotStatus.IMPLEMENTING, datetime.date(2025, 3, 5))
PATH = [PilotStatus.SELECTED, PilotStatus.IMPLEMENTING, PilotStatus.EVALUATED]
ASSESSMENT_YEAR = 2025


def _add_pilot(programme, level, code, area_name, status, selected_on, by) -> Pilot | None:
    area = ResidentialArea.objects.filter(ward__code=code, name=area_name).select_related("ward").first()
    if area is None:
        return None
    pilot = Pilot.objects.create(
        programme=programme,
        level=level,
        ward=area.ward if level == PilotLevel.WARD else None,
        area=area,
        decision_number=f"{len(area_name) + 10:02d}/QĐ-MTTQ (demo)",
        decision_date=selected_on,
        selected_on=selected_on,
        responsible_officer="Cán bộ phụ trách (demo)",
        goals="Xây dựng khu dân cư tự quản, đoàn kết, ấm no, hạnh phúc; làm điểm để nhân rộng.",
    )
    PilotTransition.objects.create(pilot=pilot, to_status=PilotStatus.SELECTED, by=by, note="Đăng ký điểm")
    for step in PATH[1 : PATH.index(status) + 1]:
        services.pilot_move(pilot=pilot, to_status=step, by=by)
    # Date the demo history like a real one: registration on the selection day, then every few months.
    for number, move in enumerate(pilot.transitions.order_by("pk")):
        day = selected_on + datetime.timedelta(days=75 * number)
        move.at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        move.save(update_fields=["at"])
    return pilot


@transaction.atomic
def seed(stdout=None) -> None:
    programme = Programme.objects.filter(plan_number="48/KH-MTTQ-BTT").first()
    if programme is None:
        return
    by = User.objects.filter(username="canbo.tp").first()
    current = Pilot.objects.current().filter(programme=programme)
    if not current.filter(level=PilotLevel.CITY).exists():
        _add_pilot(programme, PilotLevel.CITY, *CITY_PILOT, by)
    for code, area_name, status, selected_on in WARD_PILOTS:
        if not current.filter(level=PilotLevel.WARD, ward__code=code).exists():
            _add_pilot(programme, PilotLevel.WARD, code, area_name, status, selected_on, by)
    evaluated = current.filter(ward__code="20362").first()
    if evaluated is not None and not Evaluation.objects.filter(pilot=evaluated).exists():
        Evaluation.objects.create(
            pilot=evaluated,
            evaluated_on=datetime.date(2025, 11, 20),
            rating="good",
            results="Duy trì tổ tự quản an ninh trật tự và tuyến đường tự quản; 100% hộ ký cam kết (demo).",
            lessons="Phát huy vai trò người có uy tín và Ban công tác Mặt trận (demo).",
            recommend_replication=True,
            by=by,
        )
    criteria_set = selectors.criteria_set_for(programme, ASSESSMENT_YEAR)
    officer = User.objects.filter(username="phuong.anxuan").first()
    ward = Ward.objects.filter(code="20347").first()
    if criteria_set is None or ward is None:
        return
    criteria = list(criteria_set.criteria.order_by("order"))
    for index, area in enumerate(ResidentialArea.objects.filter(ward=ward, is_active=True).order_by("name")):
        if SelfAssessment.objects.filter(area=area, criteria_set=criteria_set, year=ASSESSMENT_YEAR).exists():
            continue
        # Every third area misses one criterion; the last area is still waiting for confirmation.
        answers = [
            {"criterion": c, "met": not (index % 3 == 2 and n == index % len(criteria)), "evidence": "Demo"}
            for n, c in enumerate(criteria)
        ]
        assessment = services.assessment_save(
            area=area, criteria_set=criteria_set, year=ASSESSMENT_YEAR, answers=answers, by=officer
        )
        if index < 8 and by is not None:
            services.assessment_confirm(assessment=assessment, by=by)
    if stdout is not None:
        stdout.write("Programme: demo pilots, an evaluation and An Xuân's 2025 self-assessments.")


# After the 01/07/2025 reform each new phường carries on the pilot of one of its predecessors:
# (new phường code, predecessor code).
SUCCESSOR_PILOTS = [("TK25-01", "20347"), ("TK25-02", "20356"), ("TK25-03", "20350"), ("TK25-04", "20362")]


def seed_successor_pilots(stdout=None) -> None:
    """Pilots of the new phường, registered after the reform in the area their predecessor had chosen."""
    programme = Programme.objects.filter(plan_number="48/KH-MTTQ-BTT").first()
    by = User.objects.filter(username="canbo.tp").first()
    if programme is None:
        return
    current = Pilot.objects.current().filter(programme=programme, level=PilotLevel.WARD)
    for code, former_code in SUCCESSOR_PILOTS:
        ward = Ward.objects.filter(code=code).first()
        former = current.filter(ward__code=former_code).select_related("area", "ward").first()
        if ward is None or former is None or former.area.ward_id != ward.pk:
            continue
        if current.filter(ward=ward).exists():
            continue
        pilot = _add_pilot(
            programme,
            PilotLevel.WARD,
            code,
            former.area.name,
            PilotStatus.IMPLEMENTING,
            datetime.date(2025, 7, 15),
            by,
        )
        if pilot is not None:
            pilot.goals = (
                f"Tiếp tục khu dân cư điểm của {former.ward.display_name} trước khi hợp nhất (demo)."
            )
            pilot.save(update_fields=["goals"])
