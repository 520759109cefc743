"""Reference data for Tam Kỳ as of plan 48/KH-MTTQ-BTT (18/02/2025), from domain.md §3.

Residential-area names that public sources give are real; the rest are numbered blocks or villages
flagged as demo names (is_demo=True) so nobody mistakes them for the official list.
"""

import datetime

PLAN_DATE = datetime.date(2025, 2, 18)
UNITS_VALID_FROM = datetime.date(2020, 1, 1)

# (code, kind, name, former names, real area names, total areas)
WARDS = [
    ("20335", "phuong", "Tân Thạnh", "", ["Mỹ Thạch Trung"], 8),
    ("20341", "phuong", "An Mỹ", "", ["Mỹ An"], 7),
    ("20344", "phuong", "Hòa Hương", "", ["Hương Trung"], 7),
    ("20347", "phuong", "An Xuân", "Phước Hòa", ["Khối phố 4", "Khối phố 5"], 10),
    ("20350", "phuong", "An Sơn", "", ["Khối phố 6"], 8),
    ("20353", "phuong", "Trường Xuân", "", ["Xuân Bắc"], 8),
    ("20356", "phuong", "An Phú", "", ["Ngọc Nam", "An Hà Nam", "Phú Thạnh"], 9),
    ("20375", "phuong", "Hòa Thuận", "", ["Thuận Trà"], 6),
    ("20359", "xa", "Tam Thanh", "", ["Hòa Trung"], 5),
    ("20362", "xa", "Tam Thăng", "", ["Thạch Tân", "Vĩnh Bình"], 7),
    ("20371", "xa", "Tam Phú", "", [], 6),
    ("20389", "xa", "Tam Ngọc", "", ["Thọ Tân", "Ngọc Bích"], 5),
]

MEMBER_ORGANISATIONS = [
    ("Liên đoàn Lao động thành phố", "LĐLĐ", "socio_political"),
    ("Hội Nông dân thành phố", "HND", "socio_political"),
    ("Hội Liên hiệp Phụ nữ thành phố", "HLHPN", "socio_political"),
    ("Đoàn TNCS Hồ Chí Minh thành phố", "ĐTN", "socio_political"),
    ("Hội Cựu chiến binh thành phố", "HCCB", "socio_political"),
    ("Hội Chữ thập đỏ thành phố", "HCTĐ", "association"),
    ("Hội Người cao tuổi thành phố", "HNCT", "association"),
    ("Hội Khuyến học thành phố", "HKH", "association"),
]

ORGANISATION = {
    "valid_from": datetime.date(2024, 1, 1),
    "header_parent": "ỦY BAN MTTQ VIỆT NAM",
    "header_name": "THÀNH PHỐ TAM KỲ",
    "header_unit": "BAN THƯỜNG TRỰC",
    "place_name": "Tam Kỳ",
    "document_suffix": "MTTQ-BTT",
    "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Nguyễn Ba",
    "recipients": "BTT UBMTTQVN tỉnh (b/c);\nBan Phong trào tỉnh (b/c);\nThường trực Thành ủy (b/c);\n"
    "UBND thành phố (p/h);\nCác tổ chức thành viên;\nUBMTTQVN các xã, phường;\nLưu: VT.",
}


def area_names(kind: str, real: list[str], total: int) -> list[tuple[str, bool]]:
    """The area names of one ward: the real ones first, then numbered demo names up to `total`."""
    names = [(name, False) for name in real]
    prefix = "Khối phố" if kind == "phuong" else "Thôn"
    number = 1
    while len(names) < total:
        candidate = f"{prefix} {number}"
        if candidate not in real:
            names.append((candidate, True))
        number += 1
    return names


def area_size(code: str, index: int) -> tuple[int, int, int]:
    """Deterministic demo sizes in the ranges of domain.md §3: 150–600 households per area."""
    households = 150 + (int(code) * 7 + index * 53) % 451
    population = households * 4 - (index * 17) % 90
    groups = max(3, households // 40)
    return households, population, groups


# Self-management model types (domain.md §4), in the order of the pick-list.
MODEL_TYPES = [
    "KDC tự quản bảo vệ môi trường",
    "KDC sáng – xanh – sạch – đẹp",
    "Tổ tự quản an ninh trật tự",
    "Tuyến đường tự quản",
    "Camera an ninh",
    "Dòng họ tự quản",
    "Tổ hòa giải",
    "Câu lạc bộ liên thế hệ tự giúp nhau",
    "KDC an toàn phòng cháy chữa cháy",
    "Khu dân cư hiếu học / gia đình hiếu học",
]

# (code, name, counts houses)
ACTIVITY_TYPES = [
    ("propaganda", "Tuyên truyền, vận động", False),
    ("conference", "Hội nghị, trao đổi kinh nghiệm", False),
    ("unity_day", "Ngày hội Đại đoàn kết toàn dân tộc", False),
    ("environment", "Vệ sinh môi trường", False),
    ("fundraising", "Vận động quỹ, hỗ trợ", False),
    ("house", "Xây dựng, sửa chữa nhà Đại đoàn kết", True),
    ("culture_sports", "Văn hóa, văn nghệ, thể thao", False),
    ("training", "Tập huấn", False),
    ("other", "Khác", False),
]

# The deploying body after the 01/07/2025 reform: Tam Kỳ's units became phường of Đà Nẵng city.
# Loaded with `load_reference_data --reorganisation-2025`; edit it on the Configuration page.
ORGANISATION_2025 = {
    "valid_from": datetime.date(2025, 7, 1),
    "header_parent": "ỦY BAN MTTQ VIỆT NAM",
    "header_name": "THÀNH PHỐ ĐÀ NẴNG",
    "header_unit": "BAN THƯỜNG TRỰC",
    "place_name": "Đà Nẵng",
    "document_suffix": "MTTQ-BTT",
    "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    # The signer is entered on the Configuration page; publishing is refused until then.
    "signer_name": "",
    "recipients": "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam (b/c);\n"
    "Thường trực Thành ủy Đà Nẵng (b/c);\nCác tổ chức thành viên;\n"
    "UBMTTQVN các phường Tam Kỳ, Quảng Phú, Hương Trà, Bàn Thạch;\nLưu: VT.",
}
