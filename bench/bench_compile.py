"""Benchmark of the compiled annual report (not a test): `python -m bench.bench_compile SCALE`.

SCALE is tamky, province or national. Builds (or reuses) the bench database of the scale
(kdc_bench_<scale>), compiles the 2025-N report through the same code as the Celery task, in this fresh
process (so the first query pays any cold-start cost), and prints: the data phase and the same activity
totals by hand-written SQL (HAND_WRITTEN), best of three in turns; the PDF step as the compile runs it
(parts in parallel, tagged, nothing reused; best of the compile's own render and two more, one more at
national scale), the same untagged, and the whole document in one WeasyPrint call (once at national
scale); headless Chromium printing the same HTML, best of as many as the PDF step (Debian
/usr/bin/chromium; skipped with a message when absent); a recompile reusing the unchanged parts; the
XLSX step; pages; the compile's peak memory (PSS of the process and its render workers, sampled); the
ratios. The last line is machine-readable:

    scale=province weasyprint_over_chromium=0.93 data_over_sql=1.08 peak_mb=210
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.data import build, setup

CHROMIUM = "/usr/bin/chromium"

# The same activity totals the data phase reads, written by hand: every unit's sums by content area and
# type (a member organisation's by organisation, a ward's by ward), a ward's Unity Day by residential area
# (annex 1, annex 2 and, summed, §II), and the previous period's totals (the comparison line).
HAND_WRITTEN = """
SELECT CASE WHEN a.organisation_id IS NULL THEN a.ward_id END,
       a.organisation_id,
       a.content_area_id,
       a.activity_type_id,
       CASE WHEN a.organisation_id IS NULL AND t.code = 'unity_day' THEN a.area_id END,
       COUNT(*),
       SUM(a.participants),
       SUM(a.beneficiary_households),
       SUM(a.funds_cash),
       SUM(a.funds_in_kind),
       SUM(CASE WHEN t.counts_houses THEN a.houses ELSE 0 END)
  FROM wards_activity a
  JOIN wards_activitytype t ON t.id = a.activity_type_id
 WHERE NOT a.is_deleted AND a.date BETWEEN %s AND %s
 GROUP BY 1, 2, 3, 4, 5
"""
HAND_WRITTEN_PREVIOUS = """
SELECT COUNT(*), SUM(a.participants), SUM(a.funds_cash), SUM(a.funds_in_kind),
       SUM(CASE WHEN t.counts_houses THEN a.houses ELSE 0 END)
  FROM wards_activity a
  JOIN wards_activitytype t ON t.id = a.activity_type_id
 WHERE NOT a.is_deleted AND a.date BETWEEN %s AND %s
"""


def hand_written(period) -> tuple[float, int]:
    """Seconds, and the number of activities of the window, by the hand-written queries."""
    from django.db import connection

    from reports.models import Period

    before = Period.objects.filter(kind=period.kind, year__lt=period.year).order_by("-year").first()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")  # as the compile runs its queries
        cursor.execute(HAND_WRITTEN, [period.window_start, period.window_end])
        count = sum(row[5] for row in cursor.fetchall())
        if before is not None:
            cursor.execute(HAND_WRITTEN_PREVIOUS, [before.window_start, before.window_end])
            cursor.fetchall()
    return time.perf_counter() - started, count


def _request(compiler, period):
    report, _created = compiler.compiled_report_request(
        period=period, token=f"bench-{uuid.uuid4().hex}", queue=False
    )
    return report


def _mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class PeakMemory(threading.Thread):
    """The compile's real peak memory: the proportional set size (PSS) of this process and of its
    children (the render workers), summed, sampled every 100 ms. A forked worker shares most of its pages
    with this process, so adding up maximum RSS counts them twice; PSS shares them out."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._done = threading.Event()

    def __enter__(self) -> PeakMemory:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, _tree_pss_mb(os.getpid()))
            if self._done.wait(0.1):
                return


def _tree_pss_mb(pid: int) -> float:
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) / 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_pss_mb(int(child))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass  # a worker that just ended
    return total


def chromium_seconds(html: str, runs: int) -> float | None:
    """Best of `runs`: headless Chromium printing `html` (static files from the project's folders)."""
    if not Path(CHROMIUM).exists():
        print(f"chromium: {CHROMIUM} not found, Chromium comparison skipped")
        return None
    from django.conf import settings
    from django.contrib.staticfiles import finders

    static_root = Path(finders.find("css/document.css")).parent.parent
    html = html.replace(f'href="{settings.STATIC_URL}', f'href="{static_root.as_uri()}/')
    best = None
    with tempfile.TemporaryDirectory(prefix="kdc-bench-") as folder:
        source, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [
                    CHROMIUM,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-pdf-header-footer",
                    f"--user-data-dir={folder}/profile",
                    f"--print-to-pdf={out}",
                    source.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
    return best


def _render_parts(render_document, context: dict, data: dict, *, tagged: bool) -> float:
    """Seconds to render the document as the compile does (parts in parallel, joined), no part reused."""
    from reports.document import document_parts

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        render_document(
            "reports/pdf/city_report.html",
            context,
            parts=document_parts(data),
            target=Path(folder) / "x.pdf",
            tagged=tagged,
        )
    return time.perf_counter() - started


def run(scale: str) -> dict:
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise
    setup(scale)
    stats = build(scale)
    import weasyprint  # noqa: F401 - a running worker has it loaded; importing it costs ~1.5 s once
    from django.db import connection
    from django.template.loader import render_to_string

    from reports import compile as compiler
    from reports.document import whole_document
    from reports.models import Period
    from reports.pdf import render_document

    connection.close()  # the compile opens a fresh connection, as a worker's first job would
    period = Period.objects.select_related("programme").get(code="2025-N")
    shutil.rmtree(compiler.compiled_dir() / "parts" / period.code, ignore_errors=True)
    timings: dict = {}
    started = time.perf_counter()
    with PeakMemory() as memory:
        report = compiler.compile_period(_request(compiler, period).pk, timings=timings)
    end_to_end = time.perf_counter() - started
    parent_mb, child_mb = _mb(resource.RUSAGE_SELF), _mb(resource.RUSAGE_CHILDREN)
    print(
        f"compile: {timings} end to end {end_to_end:.1f} s, maxrss {parent_mb:.0f}/{child_mb:.0f} MB",
        flush=True,
    )

    hand_written(period)  # warm the cache the same way for both
    sql_times, data_times = [], []
    for _ in range(3):  # best of three, in turns
        sql_time, sql_count = hand_written(period)
        sql_times.append(sql_time)
        started = time.perf_counter()
        data = compiler.compile_data(period)
        data_times.append(time.perf_counter() - started)
    assert sql_count == sum(row["activities"] for row in data["content_areas"])
    sql_time, data_warm = min(sql_times), min(data_times)

    again: dict = {}
    compiler.compile_period(_request(compiler, period).pk, timings=again)  # unchanged parts reused
    print(f"recompile reusing unchanged parts: {again}", flush=True)

    runs = 2 if scale == "national" else 3
    context = compiler.document_context(report, data)
    parts_tagged, parts_untagged = [timings["pdf"]], []  # the compile's render, then again, best of
    for _ in range(runs - 1):
        parts_tagged.append(_render_parts(render_document, context, data, tagged=True))
    for _ in range(runs if scale != "national" else 0):  # the cost of tagging (one more long render)
        parts_untagged.append(_render_parts(render_document, context, data, tagged=False))
    whole = {**context, **whole_document(data)}
    html = render_to_string("reports/pdf/city_report.html", whole)
    unsplit = []
    for _ in range(1 if scale == "national" else runs):  # 50 s a call at national scale
        started = time.perf_counter()
        unsplit_pages = render_document("reports/pdf/city_report.html", whole).pages
        unsplit.append(time.perf_counter() - started)
    chromium = chromium_seconds(html, runs)

    pdf_s = min(parts_tagged)
    peak_mb = memory.peak_mb
    result = {
        "scale": scale,
        **stats,
        "data_first_s (fresh connection)": round(timings["data"], 3),
        "data_warm_s": round(data_warm, 3),
        "hand_written_sql_s": round(sql_time, 3),
        "pdf_s (parts, parallel, tagged, best)": round(pdf_s, 3),
        "pdf_reuse_s (unchanged parts)": round(again["pdf"], 3),
        "pdf_untagged_parts_s (best)": round(min(parts_untagged), 3) if parts_untagged else "skipped",
        "pdf_one_call_s (best, tagged)": round(min(unsplit), 3),
        "chromium_s (best)": None if chromium is None else round(chromium, 3),
        "xlsx_s": round(timings["xlsx"], 3),
        "compile_end_to_end_s": round(end_to_end, 3),
        "pages": timings["pages"],
        "pages_one_call": unsplit_pages,
        "maxrss_compile_process_mb": round(parent_mb, 1),
        "maxrss_largest_render_worker_mb": round(child_mb, 1),
        "peak_mb (PSS, process and workers)": round(peak_mb, 1),
        "rss_upper_bound_mb (process + 2 workers)": round(parent_mb + child_mb * 2, 1),
    }
    for key, value in result.items():
        print(f"{key:44} {value}")
    ratio = None if chromium is None else round(pdf_s / chromium, 2)
    print(
        f"scale={scale} weasyprint_over_chromium={ratio if ratio is not None else 'skipped'} "
        f"data_over_sql={round(data_warm / sql_time, 2)} peak_mb={round(peak_mb)}"
    )
    return result


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "tamky")
