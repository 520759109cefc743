"""Benchmark (not a test): render each role's home page and the ward page 50 times on bench data.

    .venv/bin/python -m bench.bench_dashboards [province|national|tamky] [requests]

Prints the median and p95 time per page, and the number of queries of one request, against the target
of the scale (issue 19: p95 <= 150 ms at province scale, <= 300 ms at national scale).
"""

from __future__ import annotations

import gc
import statistics
import sys
import time

from bench.data import build, setup

TARGET_MS = {"tamky": 150, "province": 150, "national": 300}


def _user(username: str, **fields):
    from wards.models import User

    user, _ = User.objects.update_or_create(username=f"bench.{username}", defaults=fields)
    return user


def pages() -> list[tuple[str, object, str]]:
    from core.scope import Role
    from wards.models import MemberOrganisation, Ward

    # The ward with the most activities is the heaviest ward page and ward home.
    ward = Ward.objects.order_by("pk").first()
    organisation = MemberOrganisation.objects.order_by("pk").first()
    city = _user("city", role=Role.CITY_STAFF)
    return [
        ("city staff home", city, "/"),
        ("leadership home", _user("leadership", role=Role.LEADERSHIP), "/"),
        ("leadership, sorted", _user("leadership", role=Role.LEADERSHIP), "/?sort=-on_time"),
        # A sort by a figure computes every ward's figures, not only the page's.
        ("leadership, by activities", _user("leadership", role=Role.LEADERSHIP), "/?sort=-activities"),
        ("leadership, by models/area", _user("leadership", role=Role.LEADERSHIP), "/?sort=-models_per_area"),
        ("ward officer home", _user("ward", role=Role.WARD_OFFICER, ward=ward), "/"),
        ("org officer home", _user("org", role=Role.ORG_OFFICER, organisation=organisation), "/"),
        ("ward page (city staff)", city, f"/wards/{ward.pk}/overview/"),
    ]


def measure(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection

    client.get(url)  # warm-up: sessions, templates, caches
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times, len(queries)


def main(scale: str = "province", runs: int = 50) -> int:
    setup(scale)
    stats = build(scale)
    from dashboards.models import ActivityPeriodSummary
    from dashboards.summaries import refresh_all

    if not ActivityPeriodSummary.objects.exists():
        # bench.data bulk-inserts (no signals): build the summary once, as the Celery task would.
        started = time.perf_counter()
        refresh_all()
        print(f"dashboard summary built in {time.perf_counter() - started:.1f} s")
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    gc.freeze()  # as a gunicorn worker's process is once the portal is loaded (tamky_kdc/wsgi.py)
    print(f"Scale {scale}: {stats}; {runs} requests per page")
    print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    target = TARGET_MS[scale]
    slow, worst = 0, 0.0
    for name, user, url in pages():
        client = Client()
        client.force_login(user)
        times, queries = measure(client, url, runs)
        p95 = statistics.quantiles(times, n=20)[-1]
        slow += p95 > target
        worst = max(worst, p95)
        print(f"{name:<26}{statistics.median(times):>10.1f}{p95:>10.1f}{queries:>9}")
    print(f"target p95 <= {target} ms: {'met' if not slow else f'{slow} page(s) over'}")
    print(f"scale={scale} worst_p95_ms={worst:.0f} target_ms={target} pages_over={slow}")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(main(arguments[0] if arguments else "province", int(arguments[1]) if len(arguments) > 1 else 50))
