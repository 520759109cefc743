"""Benchmark data: Tam Kỳ scale and province scale, built fast with bulk inserts into a bench database.

    from bench.data import setup, build
    setup("province")         # points Django at kdc_bench_province (PostgreSQL) and migrates
    stats = build("province") # idempotent: a database already built at this scale is reused

Scales (issue 6 and 7): Tam Kỳ — the 12 real units, ~110 residential areas, 20,000 activities;
province — 250 units, 2,500 residential areas, 500,000 activities. Activities spread over 2024–2025,
so the 2025 annual period and the periods before it all have data. Deterministic (seeded).
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time

SCALES = {
    "tamky": {"wards": 12, "areas": 110, "activities": 20_000, "models_per_ward": 6},
    "province": {"wards": 250, "areas": 2_500, "activities": 500_000, "models_per_ward": 6},
}
BATCH = 5_000


def setup(scale: str) -> str:
    """Use the bench database of `scale` (created if missing) and migrate it; returns its URL."""
    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/kdc_bench_{scale}")
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        server = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(server, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tamky_kdc.settings.local")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(scale: str) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from programs.models import Pilot, Programme
    from reports.models import Period, UnitReport
    from reports.services import create_periods
    from wards.models import (
        Activity,
        ActivityType,
        Covenant,
        MemberOrganisation,
        ModelType,
        ResidentialArea,
        SelfManagementModel,
        Ward,
    )

    size = SCALES[scale]
    if Activity.objects.count() >= size["activities"]:
        return stats()
    started = time.perf_counter()
    rng = random.Random(42)
    call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    programme = Programme.objects.get(plan_number="48/KH-MTTQ-BTT")
    content_areas = list(programme.content_areas.order_by("number"))
    activity_types = list(ActivityType.objects.order_by("pk"))
    model_types = list(ModelType.objects.order_by("pk"))
    organisations = list(MemberOrganisation.objects.order_by("pk"))

    with transaction.atomic():
        # Units: the 12 reference wards, plus generated ones up to the scale.
        missing = size["wards"] - Ward.objects.count()
        Ward.objects.bulk_create(
            Ward(
                kind="phuong" if i % 3 else "xa",
                code=f"B{i:05d}",
                name=f"Bench {i:03d}",
                valid_from=datetime.date(2020, 1, 1),
            )
            for i in range(max(missing, 0))
        )
        wards = list(Ward.objects.order_by("pk"))
        # Areas: spread evenly, on top of the reference ones.
        missing = size["areas"] - ResidentialArea.objects.count()
        ResidentialArea.objects.bulk_create(
            ResidentialArea(
                ward=wards[i % len(wards)],
                kind="khoi_pho",
                name=f"Khu bench {i:05d}",
                households=rng.randint(150, 600),
                population=rng.randint(2400, 2600),
                is_demo=True,
            )
            for i in range(max(missing, 0))
        )
        areas_by_ward: dict[int, list[int]] = {}
        for area_id, ward_id in ResidentialArea.objects.values_list("pk", "ward_id"):
            areas_by_ward.setdefault(ward_id, []).append(area_id)
        _log(f"{len(wards)} wards, {sum(map(len, areas_by_ward.values()))} areas")

        # Pilots: one per ward, in the first area, various statuses.
        statuses = ["selected", "implementing", "evaluated", "replicating"]
        Pilot.objects.bulk_create(
            Pilot(
                programme=programme,
                level="ward",
                ward=ward,
                area_id=areas_by_ward[ward.pk][0],
                selected_on=datetime.date(2025, 3, 1),
                status=statuses[i % 4],
            )
            for i, ward in enumerate(wards)
            if ward.pk in areas_by_ward
        )

        # Self-management models and covenants.
        models = []
        for ward in wards:
            for j in range(size["models_per_ward"]):
                models.append(
                    SelfManagementModel(
                        name=f"Mô hình {j + 1} – {ward.name}",
                        model_type=model_types[j % len(model_types)],
                        content_area=content_areas[j % len(content_areas)],
                        ward=ward,
                        start_date=datetime.date(2024 + j % 2, 1 + j, 10),
                        status="active",
                        households=rng.randint(20, 300),
                        is_exemplary=(j == 0 and rng.random() < 0.1),
                    )
                )
        SelfManagementModel.objects.bulk_create(models, batch_size=BATCH)
        Covenant.objects.bulk_create(
            (
                Covenant(
                    area_id=area_id,
                    kind="quy_uoc",
                    title="Quy ước khu dân cư",
                    meeting_date=datetime.date(2025, 3, 15),
                    method="meeting",
                    households_in_favour=200,
                    households_total=300,
                    status="recognised",
                    review_date=datetime.date(2025, 11, 10),
                )
                for ids in areas_by_ward.values()
                for area_id in ids
            ),
            batch_size=BATCH,
        )

    # Activities: in batches, each in its own transaction to keep memory flat.
    total, first_day = size["activities"], datetime.date(2024, 1, 1)
    ward_ids = [w.pk for w in wards]
    done = Activity.objects.count()
    while done < total:
        batch = []
        for _ in range(min(BATCH, total - done)):
            ward_id = rng.choice(ward_ids)
            activity_type = rng.choice(activity_types)
            organisation = rng.choice(organisations) if rng.random() < 0.1 else None
            batch.append(
                Activity(
                    date=first_day + datetime.timedelta(days=rng.randrange(0, 700)),
                    title="Hoạt động bench",
                    content_area=rng.choice(content_areas),
                    activity_type=activity_type,
                    ward_id=ward_id,
                    area_id=rng.choice(areas_by_ward[ward_id]) if ward_id in areas_by_ward else None,
                    organisation=organisation,
                    participants=rng.randint(10, 300),
                    beneficiary_households=rng.randint(0, 40),
                    funds_cash=rng.randint(0, 50) * 100_000,
                    funds_in_kind=rng.randint(0, 20) * 100_000,
                    houses=rng.randint(0, 1) if activity_type.counts_houses else 0,
                )
            )
        with transaction.atomic():
            Activity.objects.bulk_create(batch, batch_size=BATCH)
        done += len(batch)
        if done % 50_000 < BATCH:
            _log(f"{done} activities")

    # Periods and accepted unit reports for the 2025 periods, so compiling has its inputs.
    create_periods(programme=programme)
    for period in Period.objects.filter(year=2025):
        UnitReport.objects.bulk_create(
            (
                UnitReport(
                    period=period,
                    ward_id=unit.ward_id,
                    organisation_id=unit.organisation_id,
                    status="accepted",
                    situation="Tình hình chung ổn định.",
                    results="Triển khai đầy đủ các nội dung.",
                    weaknesses="Kinh phí còn hạn chế.",
                    causes="Nguồn lực ít.",
                    proposals="Đề nghị hỗ trợ kinh phí.",
                    first_submitted_at=datetime.datetime(2025, period.due_date.month, 1, tzinfo=datetime.UTC),
                    submitted_at=datetime.datetime(2025, period.due_date.month, 1, tzinfo=datetime.UTC),
                    accepted_at=datetime.datetime(2025, period.due_date.month, 2, tzinfo=datetime.UTC),
                )
                for unit in period.units.all()
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    _log(f"built {scale} in {time.perf_counter() - started:.1f} s")
    return stats()


def stats() -> dict:
    from wards.models import Activity, ResidentialArea, Ward

    return {
        "wards": Ward.objects.count(),
        "areas": ResidentialArea.objects.count(),
        "activities": Activity.objects.count(),
    }


if __name__ == "__main__":
    chosen = sys.argv[1] if len(sys.argv) > 1 else "tamky"
    setup(chosen)
    print(build(chosen))
