"""Benchmark of the compiled annual report (not a test): `python -m bench.bench_compile tamky|province`.

Builds (or reuses) the bench database of the scale, compiles the 2025-N report through the same code as the
Celery task, and prints the time of each phase (data, HTML, PDF), the pages, the peak memory, and the time
of a hand-written SQL query computing the same per-ward totals.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
import uuid

from bench.data import build, setup

HAND_WRITTEN = """
SELECT a.ward_id,
       COUNT(*),
       COALESCE(SUM(a.participants), 0),
       COALESCE(SUM(a.funds_cash), 0),
       COALESCE(SUM(a.funds_in_kind), 0),
       COALESCE(SUM(CASE WHEN t.counts_houses THEN a.houses ELSE 0 END), 0),
       COUNT(DISTINCT CASE WHEN t.code = 'unity_day' THEN a.area_id END)
  FROM wards_activity a
  JOIN wards_activitytype t ON t.id = a.activity_type_id
 WHERE NOT a.is_deleted AND a.date BETWEEN %s AND %s
   AND a.organisation_id IS NULL AND a.ward_id IS NOT NULL
 GROUP BY a.ward_id
"""


def hand_written(period) -> tuple[float, dict]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN, [period.window_start, period.window_end])
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    return time.perf_counter() - started, rows


def _request(compiler, period):
    report, _created = compiler.compiled_report_request(
        period=period, token=f"bench-{uuid.uuid4().hex}", queue=False
    )
    return report


def run(scale: str) -> dict:
    setup(scale)
    stats = build(scale)
    import weasyprint  # noqa: F401 - a running worker has it loaded; importing it costs ~1.5 s once

    from reports import compile as compiler
    from reports.models import Period

    period = Period.objects.select_related("programme").get(code="2025-N")
    hand_written(period)  # warm the cache the same way for both
    sql_time, sql_rows = hand_written(period)
    timings: dict = {}
    started = time.perf_counter()
    report = compiler.compile_period(_request(compiler, period).pk, timings=timings)
    total = time.perf_counter() - started
    # The numbers agree with the hand-written query.
    assert sum(row[0] for row in sql_rows.values()) == sum(w["activities"] for w in report.data["wards"])
    # Peak memory of a second compile under tracemalloc (which slows Python, so it is not timed).
    tracemalloc.start()
    compiler.compile_period(_request(compiler, period).pk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    started = time.perf_counter()
    compiler.gather(period)
    data_plain = time.perf_counter() - started
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "scale": scale,
        **stats,
        "data_s": round(timings["data"], 3),
        "data_again_s": round(data_plain, 3),
        "html_s": round(timings["html"], 3),
        "pdf_s": round(timings["pdf"], 3),
        "end_to_end_s": round(total, 3),
        "pages": timings["pages"],
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "ru_maxrss_mb": round(maxrss_mb, 1),
        "hand_written_sql_s": round(sql_time, 3),
        # Both warm (the hand-written query ran twice first; the data phase's second run).
        "data_vs_sql_warm": round(data_plain / sql_time, 2) if sql_time else None,
        "data_vs_sql_first": round(timings["data"] / sql_time, 2) if sql_time else None,
    }
    for key, value in result.items():
        print(f"{key:22} {value}")
    return result


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "tamky")
