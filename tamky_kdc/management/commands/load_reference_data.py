"""Load Tam Kỳ's units, residential areas, member organisations and the deploying body (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from programs.services import programme_load_reference
from reorganisation.services import load_reorganisation_2025
from wards import reference
from wards.logbook.services import logbook_load_reference
from wards.models import MemberOrganisation, Organisation, ResidentialArea, Ward


class Command(BaseCommand):
    help = "Load the reference data of domain.md §3. Existing rows are left as they are."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reorganisation-2025",
            action="store_true",
            help="Also apply the 01/07/2025 merger of Tam Kỳ's 12 units into 4 phường (Nghị quyết "
            "1659/NQ-UBTVQH15) and the post-reform deploying body. The new phường get provisional "
            "statistics codes TK25-01..04; correct them in the admin when the official codes are known.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        created = {"wards": 0, "areas": 0, "organisations": 0, "configuration": 0}
        for code, kind, name, former, real_areas, total in reference.WARDS:
            ward, new = Ward.objects.get_or_create(
                code=code,
                defaults={
                    "kind": kind,
                    "name": name,
                    "former_names": former,
                    "valid_from": reference.UNITS_VALID_FROM,
                },
            )
            created["wards"] += new
            if ward.successor_id:
                continue  # merged: its areas moved to the successor (wards/reorganisation.py)
            area_kind = "khoi_pho" if kind == "phuong" else "thon"
            for index, (area_name, is_demo) in enumerate(reference.area_names(kind, real_areas, total)):
                households, population, groups = reference.area_size(code, index)
                _, new = ResidentialArea.objects.get_or_create(
                    ward=ward,
                    name=area_name,
                    defaults={
                        "kind": area_kind,
                        "households": households,
                        "population": population,
                        "household_groups": groups,
                        "is_demo": is_demo,
                    },
                )
                created["areas"] += new
        for name, short_name, kind in reference.MEMBER_ORGANISATIONS:
            _, new = MemberOrganisation.objects.get_or_create(
                short_name=short_name, defaults={"name": name, "kind": kind}
            )
            created["organisations"] += new
        config = dict(reference.ORGANISATION)
        _, new = Organisation.objects.get_or_create(valid_from=config.pop("valid_from"), defaults=config)
        created["configuration"] += new
        created["logbook types"] = logbook_load_reference()
        _programme, new = programme_load_reference()
        created["programme"] = int(new)
        if options.get("reorganisation_2025"):
            config = dict(reference.ORGANISATION_2025)
            _, new = Organisation.objects.get_or_create(valid_from=config.pop("valid_from"), defaults=config)
            created["configuration"] += new
            created["reorganisations"] = load_reorganisation_2025()
        self.stdout.write(
            "Reference data: " + ", ".join(f"{count} new {what}" for what, count in created.items())
        )
