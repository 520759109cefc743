"""Demo users for every role: what `make run` prints and README lists."""

from django.db import transaction

from .models import MemberOrganisation, ResidentialArea, User, Ward
from .scope import Role

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
