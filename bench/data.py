"""Benchmark data: Tam Kỳ, province and national scale, built fast into a bench database of its own.

    from bench.data import setup, build
    setup("province")         # points Django at kdc_bench_province (PostgreSQL) and migrates
    stats = build("province") # idempotent: a database already built at this scale is reused

Scales (issues 6, 7 and 19): Tam Kỳ — the 12 real units, ~110 residential areas, 20,000 activities;
province — 250 units, 2,500 residential areas, 500,000 activities; national slice — 2,500 units,
25,000 areas, 5,000,000 activities. Units, areas, models and covenants go in with bulk_create; the
activities with one set-based `INSERT ... SELECT ... generate_series` per million rows on PostgreSQL
(minutes, not hours, at national scale). Activities spread over 2024–2025, so the 2025 annual period
and the periods before it all have data. Deterministic (seeded). ANALYZE runs at the end, as a real
database's autovacuum would, so the planner has statistics.
"""

from __future__ import annotations

import datetime
import os
import random
import sys
import time
from pathlib import Path

SCALES = {
    "tamky": {"wards": 12, "areas": 110, "activities": 20_000, "models_per_ward": 6},
    "province": {"wards": 250, "areas": 2_500, "activities": 500_000, "models_per_ward": 6},
    "national": {"wards": 2_500, "areas": 25_000, "activities": 5_000_000, "models_per_ward": 6},
}
BATCH = 5_000
SQL_CHUNK = 1_000_000
# First syllables of generated unit names, so the names spread over the alphabet as real ones do.
NAME_STEMS = (
    "An",
    "Bình",
    "Cẩm",
    "Duy",
    "Đại",
    "Điện",
    "Giang",
    "Hòa",
    "Hương",
    "Khánh",
    "Kỳ",
    "Long",
    "Minh",
    "Nam",
    "Ngọc",
    "Phú",
    "Phước",
    "Quế",
    "Sơn",
    "Tam",
    "Tân",
    "Thăng",
    "Tiên",
    "Trà",
    "Uyên",
    "Vĩnh",
    "Xuân",
    "Yên",
)


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
    # Generated files (compiled PDFs and their part cache) apart per scale, like the database.
    os.environ.setdefault(
        "MEDIA_ROOT", str(Path(__file__).resolve().parent.parent / "var" / f"bench-{scale}" / "media")
    )
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
        Covenant,
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
    model_types = list(ModelType.objects.order_by("pk"))

    with transaction.atomic():
        # Units: the 12 reference wards, plus generated ones up to the scale.
        missing = size["wards"] - Ward.objects.count()
        Ward.objects.bulk_create(
            Ward(
                kind="phuong" if i % 3 else "xa",
                code=f"B{i:05d}",
                name=f"{NAME_STEMS[i % len(NAME_STEMS)]} {i // len(NAME_STEMS) + 1}",
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

    _insert_activities(size["activities"] - Activity.objects.count())

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
    analyse()
    _log(f"built {scale} in {time.perf_counter() - started:.1f} s")
    return stats()


# One activity: a random area (so its ward), type, content area; one in ten also for an organisation.
# setseed() makes random() repeat from run to run; the sums use the same ranges as a hand-made log.
INSERT_ACTIVITIES = """
WITH areas AS (SELECT array_agg(id ORDER BY id) AS ids FROM wards_residentialarea),
     types AS (SELECT array_agg(id ORDER BY id) AS ids FROM wards_activitytype),
     topics AS (SELECT array_agg(id ORDER BY id) AS ids FROM programs_contentarea),
     orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM wards_memberorganisation),
     drawn AS (
       SELECT areas.ids[1 + floor(random() * cardinality(areas.ids))::int] AS area_id,
              types.ids[1 + floor(random() * cardinality(types.ids))::int] AS type_id,
              topics.ids[1 + floor(random() * cardinality(topics.ids))::int] AS topic_id,
              CASE WHEN random() < 0.1 THEN orgs.ids[1 + floor(random() * cardinality(orgs.ids))::int] END
                AS organisation_id,
              random() AS r
         FROM generate_series(1, %(rows)s), areas, types, topics, orgs
     )
INSERT INTO wards_activity (
  is_deleted, created_at, updated_at, date, code, title, description, participants, beneficiary_households,
  funds_cash, funds_in_kind, houses, area_id, ward_id, content_area_id, activity_type_id, organisation_id
)
SELECT false, now(), now(), DATE '2024-01-01' + floor(random() * 700)::int, '', 'Hoạt động bench', '',
       10 + floor(random() * 291)::int, floor(random() * 41)::int,
       floor(random() * 51)::bigint * 100000, floor(random() * 21)::bigint * 100000,
       CASE WHEN t.counts_houses AND drawn.r < 0.5 THEN 1 ELSE 0 END,
       drawn.area_id, a.ward_id, drawn.topic_id, drawn.type_id, drawn.organisation_id
  FROM drawn
  JOIN wards_residentialarea a ON a.id = drawn.area_id
  JOIN wards_activitytype t ON t.id = drawn.type_id
"""


def _insert_activities(missing: int) -> None:
    """`missing` activities by set-based INSERT ... SELECT (PostgreSQL), one transaction per chunk."""
    from django.db import connection, transaction

    done, seed = 0, 0.42
    while done < missing:
        rows = min(SQL_CHUNK, missing - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [seed])
            cursor.execute(INSERT_ACTIVITIES, {"rows": rows})
        done, seed = done + rows, seed / 2
        _log(f"{done} activities")


def analyse() -> None:
    """Planner statistics for every table, as autovacuum would gather them on a real database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


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
