"""Demo users for every role and sample logbook content: what `make run` prints and README lists."""

import datetime

from django.db import transaction

from core.scope import Role
from programs.models import ContentArea
from reorganisation.services import REFORM_2025, REFORM_2025_DATE, load_reorganisation_2025
from wards import reference
from wards.models import (
    Activity,
    ActivityType,
    AreaTransfer,
    Covenant,
    MemberOrganisation,
    ModelType,
    Organisation,
    ResidentialArea,
    SelfManagementModel,
    User,
    Ward,
)

DEMO_PASSWORD = "kdc-demo-2025"

# username, full name, role, ward code or organisation short name
DEMO_USERS = [
    ("admin", "Quản trị hệ thống", Role.ADMINISTRATOR, None),
    ("canbo.tp", "Trần Thị Thu (cán bộ BTT thành phố)", Role.CITY_STAFF, None),
    ("lanhdao", "Nguyễn Văn Lãnh (Thường trực)", Role.LEADERSHIP, None),
    ("phuong.anxuan", "Lê Minh An (MTTQ phường An Xuân)", Role.WARD_OFFICER, "20347"),
    ("xa.tamthang", "Phạm Thị Hoa (MTTQ xã Tam Thăng)", Role.WARD_OFFICER, "20362"),
    ("hoi.phunu", "Võ Thị Mai (Hội LHPN thành phố)", Role.ORG_OFFICER, "HLHPN"),
]


@transaction.atomic
def seed(stdout=None) -> None:
    for username, full_name, role, unit in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        first, _, last = full_name.partition(" (")[0].rpartition(" ")
        user = User(username=username, first_name=last, last_name=first, role=role)
        if role == Role.WARD_OFFICER:
            user.ward = Ward.objects.get(code=unit)
        elif role == Role.ORG_OFFICER:
            user.organisation = MemberOrganisation.objects.get(short_name=unit)
        if role == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    # A little sample content: contact details of a few Front work committee heads.
    for area in ResidentialArea.objects.filter(ward__code="20347", front_head_name="")[:2]:
        area.front_head_name = "Trưởng ban CTMT (demo)"
        area.front_head_phone = "0905000000"
        area.save(update_fields=["front_head_name", "front_head_phone"])
    _seed_logbook()


# (ward code or None, organisation short name or None, area name or None, date, title, content area number,
#  activity type code, participants, households, cash, in kind, houses)
DEMO_ACTIVITIES = [
    (
        "20347",
        None,
        "Khối phố 4",
        "2025-01-12",
        "Ra quân vệ sinh môi trường đầu năm",
        2,
        "environment",
        120,
        0,
        0,
        0,
        0,
    ),
    (
        "20347",
        None,
        None,
        "2025-02-20",
        "Hội nghị triển khai Kế hoạch 48/KH-MTTQ-BTT",
        1,
        "conference",
        65,
        0,
        0,
        0,
        0,
    ),
    (
        "20347",
        None,
        "Khối phố 5",
        "2025-03-08",
        "Tuyên truyền hương ước khối phố",
        2,
        "propaganda",
        90,
        0,
        0,
        0,
        0,
    ),
    (
        "20347",
        None,
        "Khối phố 4",
        "2025-04-15",
        "Xây nhà Đại đoàn kết cho hộ nghèo",
        1,
        "house",
        40,
        1,
        60_000_000,
        15_000_000,
        1,
    ),
    ("20347", None, None, "2025-05-19", "Tập huấn tổ hòa giải cơ sở", 2, "training", 35, 0, 0, 0, 0),
    (
        "20347",
        None,
        "Khối phố 5",
        "2025-06-01",
        "Văn nghệ, thể thao thiếu nhi",
        1,
        "culture_sports",
        150,
        0,
        5_000_000,
        0,
        0,
    ),
    (
        "20347",
        None,
        "Khối phố 4",
        "2025-08-10",
        "Vận động quỹ Vì người nghèo",
        3,
        "fundraising",
        80,
        12,
        25_000_000,
        8_000_000,
        0,
    ),
    (
        "20347",
        None,
        "Khối phố 4",
        "2025-11-12",
        "Ngày hội Đại đoàn kết khối phố 4",
        2,
        "unity_day",
        320,
        0,
        12_000_000,
        3_000_000,
        0,
    ),
    (
        "20347",
        None,
        "Khối phố 5",
        "2025-11-14",
        "Ngày hội Đại đoàn kết khối phố 5",
        2,
        "unity_day",
        280,
        0,
        10_000_000,
        2_500_000,
        0,
    ),
    (
        "20362",
        None,
        "Thạch Tân",
        "2025-01-25",
        "Vệ sinh tuyến đường tự quản thôn Thạch Tân",
        2,
        "environment",
        110,
        0,
        0,
        0,
        0,
    ),
    (
        "20362",
        None,
        None,
        "2025-03-05",
        "Hội nghị trao đổi kinh nghiệm mô hình tự quản",
        3,
        "conference",
        55,
        0,
        0,
        0,
        0,
    ),
    (
        "20362",
        None,
        "Vĩnh Bình",
        "2025-04-20",
        "Sửa chữa nhà cho hộ cận nghèo thôn Vĩnh Bình",
        1,
        "house",
        30,
        1,
        30_000_000,
        10_000_000,
        1,
    ),
    (
        "20362",
        None,
        "Vĩnh Bình",
        "2025-06-10",
        "Tuyên truyền an toàn giao thông",
        2,
        "propaganda",
        75,
        0,
        0,
        0,
        0,
    ),
    (
        "20362",
        None,
        None,
        "2025-07-27",
        "Thăm, tặng quà gia đình chính sách",
        3,
        "fundraising",
        40,
        25,
        20_000_000,
        5_000_000,
        0,
    ),
    (
        "20362",
        None,
        "Thạch Tân",
        "2025-11-09",
        "Ngày hội Đại đoàn kết thôn Thạch Tân",
        2,
        "unity_day",
        260,
        0,
        9_000_000,
        2_000_000,
        0,
    ),
    (
        "20362",
        None,
        "Vĩnh Bình",
        "2025-11-16",
        "Ngày hội Đại đoàn kết thôn Vĩnh Bình",
        2,
        "unity_day",
        240,
        0,
        8_000_000,
        1_500_000,
        0,
    ),
    (
        None,
        "HLHPN",
        None,
        "2025-03-08",
        "Tọa đàm phụ nữ tham gia xây dựng KDC tự quản",
        3,
        "conference",
        120,
        0,
        0,
        0,
        0,
    ),
    (
        "20347",
        "HLHPN",
        "Khối phố 5",
        "2025-05-10",
        "Phụ nữ ra quân phân loại rác tại nguồn",
        2,
        "environment",
        60,
        0,
        2_000_000,
        0,
        0,
    ),
    (
        "20362",
        "HLHPN",
        "Thạch Tân",
        "2025-06-28",
        "Tập huấn kỹ năng hòa giải cho chi hội phụ nữ",
        2,
        "training",
        45,
        0,
        0,
        0,
        0,
    ),
    (
        None,
        "HLHPN",
        None,
        "2025-10-20",
        "Vận động hỗ trợ phụ nữ nghèo nhân ngày 20/10",
        3,
        "fundraising",
        90,
        18,
        36_000_000,
        12_000_000,
        0,
    ),
]


def _areas_by_original_name() -> dict:
    """Areas by (ward code, name) as in the reference data, also after a reorganisation moved them."""
    areas = {(area.ward.code, area.name): area for area in ResidentialArea.objects.select_related("ward")}
    first = AreaTransfer.objects.filter(reorganisation__undone_at__isnull=True).order_by(
        "-effective_date", "-pk"
    )
    for transfer in first.select_related("area", "from_ward"):
        areas[(transfer.from_ward.code, transfer.from_name)] = transfer.area
    return areas


def _unit_on(ward: Ward, day: datetime.date) -> Ward | None:
    """The unit a record dated `day` belongs to: the ward, or its successor once it was merged.

    None for a record dated after the 2025 reform while the reform is not applied yet.
    """

    while ward.valid_to is not None and day > ward.valid_to and ward.successor_id:
        ward = ward.successor
    merged_later = any(ward.code in codes for _code, _name, codes in REFORM_2025)
    if day >= REFORM_2025_DATE and ward.valid_to is None and merged_later:
        return None
    return ward


@transaction.atomic
def seed_reorganisation(stdout=None) -> None:
    """Apply the 01/07/2025 reform after the 2025-6T demo reports exist, then the later sample records."""
    config = dict(reference.ORGANISATION_2025)
    config["signer_name"] = "Nguyễn Ba"  # demo: the signer the office would enter on the Configuration page
    Organisation.objects.get_or_create(valid_from=config.pop("valid_from"), defaults=config)
    staff = User.objects.filter(username="canbo.tp").first()
    applied = load_reorganisation_2025(by=staff)
    _seed_logbook()
    # The new phường keep working: one model each, started after the reform.
    content = ContentArea.objects.filter(number=2).first()
    kind = ModelType.objects.filter(is_active=True).order_by("order").first()
    for code, name in (
        ("TK25-01", "Tuyến đường tự quản khối phố Tam Kỳ"),
        ("TK25-04", "Tổ tự quản an ninh Bàn Thạch"),
    ):
        ward = Ward.objects.filter(code=code).first()
        if ward is None or content is None or kind is None:
            continue
        SelfManagementModel.objects.get_or_create(
            name=name,
            ward=ward,
            defaults={
                "model_type": kind,
                "content_area": content,
                "start_date": datetime.date(2025, 9, 1),
                "households": 80,
                "created_by": staff,
            },
        )
    if stdout is not None and applied:
        stdout.write(
            f"Reorganisation of 01/07/2025: {applied} new phường; demo logins moved with their units."
        )


def _seed_logbook() -> None:
    """Sample models, activities and a covenant for An Xuân, Tam Thăng and the Women's Union."""
    content = {area.number: area for area in ContentArea.objects.all()}
    wards = {ward.code: ward for ward in Ward.objects.filter(code__in=["20347", "20362", "20356"])}
    if len(content) < 3 or len(wards) < 3 or not ActivityType.objects.exists():
        return
    areas = _areas_by_original_name()
    women = MemberOrganisation.objects.filter(short_name="HLHPN").first()
    staff = User.objects.filter(username="canbo.tp").first()
    types = {kind.code: kind for kind in ActivityType.objects.all()}
    model_types = list(ModelType.objects.order_by("order"))

    def model(name, code, area_names, **extra):
        row, created = SelfManagementModel.objects.get_or_create(
            name=name,
            ward=wards[code],
            defaults={
                "model_type": extra.pop("model_type", model_types[0]),
                "content_area": content[2],
                "start_date": extra.pop("start_date", datetime.date(2025, 2, 1)),
                "households": extra.pop("households", 120),
                "created_by": staff,
                **extra,
            },
        )
        if created:
            row.areas.set([areas[(code, name)] for name in area_names])
        return row

    origin = model(
        "Khối phố tự quản bảo vệ môi trường",
        "20347",
        ["Khối phố 4"],
        is_exemplary=True,
        description="Phân loại rác tại nguồn, ngày Chủ nhật xanh hằng tháng.",
    )
    model(
        "Thôn tự quản bảo vệ môi trường Thạch Tân",
        "20362",
        ["Thạch Tân"],
        replicated_from=origin,
        start_date=datetime.date(2025, 5, 1),
        households=95,
    )
    model(
        "Khối phố tự quản bảo vệ môi trường Ngọc Nam",
        "20356",
        ["Ngọc Nam"],
        replicated_from=origin,
        start_date=datetime.date(2025, 6, 1),
        households=140,
    )
    model("Tổ hòa giải khối phố 5", "20347", ["Khối phố 5"], model_type=model_types[6], households=60)
    if women:
        SelfManagementModel.objects.get_or_create(
            name="Câu lạc bộ phụ nữ liên thế hệ tự giúp nhau",
            organisation=women,
            defaults={
                "model_type": model_types[7],
                "content_area": content[2],
                "ward": wards["20362"],
                "lead_organisation": women,
                "start_date": datetime.date(2025, 3, 1),
                "households": 45,
                "created_by": staff,
            },
        )
    for (
        code,
        org,
        area,
        day,
        title,
        number,
        kind,
        people,
        households,
        cash,
        in_kind,
        houses,
    ) in DEMO_ACTIVITIES:
        organisation = women if org == "HLHPN" else None
        if org and organisation is None:
            continue
        ward = _unit_on(wards[code], datetime.date.fromisoformat(day)) if code else None
        if code and ward is None:
            continue  # dated after the 2025 reform: seeded for the new phường once the reform is applied
        Activity.objects.get_or_create(
            title=title,
            date=datetime.date.fromisoformat(day),
            defaults={
                "ward": ward,
                "area": areas.get((code, area)) if area else None,
                "organisation": organisation,
                "organiser": organisation,
                "content_area": content[number],
                "activity_type": types[kind],
                "participants": people,
                "beneficiary_households": households,
                "funds_cash": cash,
                "funds_in_kind": in_kind,
                "houses": houses,
                "created_by": staff,
            },
        )
    area = areas[("20347", "Khối phố 4")]
    Covenant.objects.get_or_create(
        area=area,
        title="Hương ước khối phố 4, phường An Xuân",
        defaults={
            "kind": "huong_uoc",
            "version": 2,
            "meeting_date": datetime.date(2025, 3, 3),
            "method": "meeting",
            "households_in_favour": int(area.households * 0.8),
            "households_total": area.households,
            "sent_on": datetime.date(2025, 3, 7),
            "file_complete_on": datetime.date(2025, 3, 7),
            "recognition_number": "45/QĐ-UBND",
            "recognition_date": datetime.date(2025, 3, 13),
            "status": "recognised",
            "review_date": datetime.date(2025, 11, 12),
            "review_result": "Giữ nguyên; bổ sung quy định phân loại rác.",
            "created_by": staff,
        },
    )
