"""Benchmark of the Excel import (not a test): `python -m bench.bench_import [rows]`.

Uses its own PostgreSQL bench database (kdc_bench_import, or BENCH_DATABASE_URL), loads the reference
data, writes a workbook of 20,000 activities for one ward with openpyxl, then runs the two services the
pages and the Celery job run: `import_upload` (hostile-file checks, row-by-row validation, preview) and
`import_apply` (the second check and the bulk write with history). Prints rows/s of each phase and of
the whole (timed without tracemalloc), the tracemalloc peak of the same import run again untimed, and
the process's maximum resident size. A further import of the same file (every row unchanged) is timed
too. Repeatable: the bench's activities are deleted first.
"""

from __future__ import annotations

import datetime
import io
import resource
import sys
import time
import tracemalloc

from bench.data import setup

TARGET_ROWS_PER_S = 2_000
TARGET_MB = 500


def workbook(rows: int, ward: str, content_area: str, kind: str) -> bytes:
    from openpyxl import Workbook

    # A normal workbook, as Excel saves one: it records its dimensions, which read-only parsing relies on
    # (openpyxl's write-only files omit them, and reading those scans the sheet twice).
    book = Workbook()
    sheet = book.active
    sheet.title = "Hoạt động"
    sheet.append(
        [
            "Mã",
            "Ngày",
            "Tên",
            "Xã, phường",
            "KDC",
            "Nội dung",
            "Loại",
            "Tổ chức",
            "Người",
            "Hộ",
            "Tiền",
            "Hiện vật",
        ]
    )
    start = datetime.date(2025, 1, 1)
    for n in range(rows):
        day = start + datetime.timedelta(days=n % 360)
        values = [f"BENCH-{n:06d}", day, f"Hoạt động nhập thử {n}", ward, "", content_area, kind, ""]
        sheet.append(
            [*values, 10 + n % 90, n % 40, f"{(n % 50) * 100_000:,}".replace(",", "."), n % 7 * 50_000]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CPU: dict[str, float] = {}


def _timed(function, **kwargs):
    """Wall time; the process's CPU time is added to CPU (a shared machine gives a process part of a core)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(**kwargs)
    CPU[function.__name__] = CPU.get(function.__name__, 0) + time.process_time() - cpu
    return result, time.perf_counter() - started


def run(rows: int) -> dict:
    setup("import")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from core.scope import Role
    from wards.logbook import imports
    from wards.logbook.import_base import content_area_model
    from wards.models import Activity, ActivityType, User, Ward

    call_command("load_reference_data", stdout=io.StringIO())
    ward = Ward.objects.filter(valid_to__isnull=True).order_by("name").first()
    officer, _created = User.objects.update_or_create(
        username="bench.import", defaults={"role": Role.WARD_OFFICER, "ward": ward}
    )
    Activity.history.filter(code__startswith="BENCH-").delete()
    Activity.objects.filter(code__startswith="BENCH-").delete()
    content_area = str(content_area_model().objects.order_by("-programme__term_start", "number").first())
    kind = ActivityType.objects.get(code="propaganda").name
    content = workbook(rows, ward.display_name, content_area, kind)
    results = {"rows": rows, "file_mb": len(content) / 1e6}

    # Timed without tracemalloc (it slows Python down about twice); memory is traced in a second,
    # untimed import of the same file into an emptied table.
    spec = imports.SPECS["activity"]
    upload = SimpleUploadedFile("bench.xlsx", content)
    batch, results["check_s"] = _timed(imports.import_upload, spec=spec, upload=upload, by=officer)
    assert batch.errors == 0 and batch.created == rows, (batch.errors, batch.preview[:1])
    batch, results["write_s"] = _timed(imports.import_apply, batch_id=batch.pk)
    results["cpu_s"] = sum(CPU.values())
    assert batch.status == "done" and Activity.objects.filter(code__startswith="BENCH-").count() == rows, (
        batch.error
    )
    Activity.history.filter(code__startswith="BENCH-").delete()
    Activity.objects.filter(code__startswith="BENCH-").delete()
    tracemalloc.start()
    traced = imports.import_upload(spec=spec, upload=SimpleUploadedFile("bench.xlsx", content), by=officer)
    imports.import_apply(batch_id=traced.pk)
    results["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    upload = SimpleUploadedFile("bench.xlsx", content)
    again, results["again_check_s"] = _timed(imports.import_upload, spec=spec, upload=upload, by=officer)
    again, results["again_write_s"] = _timed(imports.import_apply, batch_id=again.pk)
    assert again.unchanged == rows and again.created == 0
    results["areas"], results["areas_s"] = _areas(officer, ward, max(rows // 10, 10))
    results["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


def _areas(officer, ward, count: int) -> tuple[int, float]:
    """Residential areas, whose rows go one by one through the entry form: upload and write, timed."""
    from openpyxl import Workbook

    from wards.logbook import imports
    from wards.models import ResidentialArea

    ResidentialArea.objects.filter(name__startswith="BENCH ").delete()
    book = Workbook()
    sheet = book.active
    sheet.title = "Khu dân cư"
    sheet.append(["Xã, phường", "Tên", "Loại", "Hộ", "Dân số"])
    for n in range(count):
        sheet.append([ward.display_name, f"BENCH {n:05d}", "", 100 + n % 200, 400 + n % 800])
    out = io.BytesIO()
    book.save(out)
    from django.core.files.uploadedfile import SimpleUploadedFile

    spec = imports.SPECS["area"]
    started = time.perf_counter()
    batch = imports.import_upload(
        upload=SimpleUploadedFile("areas.xlsx", out.getvalue()), by=officer, spec=spec
    )
    assert batch.errors == 0 and batch.created == count, batch.preview[:1]
    batch = imports.import_apply(batch_id=batch.pk)
    elapsed = time.perf_counter() - started
    assert batch.status == "done", batch.error
    ResidentialArea.objects.filter(name__startswith="BENCH ").delete()
    return count, elapsed


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    r = run(rows)
    total = r["check_s"] + r["write_s"]
    print(f"rows: {r['rows']:,} (workbook {r['file_mb']:.1f} MB)")
    print(f"check and preview (upload): {r['check_s']:.2f} s  {r['rows'] / r['check_s']:,.0f} rows/s")
    print(f"confirm and write:          {r['write_s']:.2f} s  {r['rows'] / r['write_s']:,.0f} rows/s")
    rate = r["rows"] / total
    print(f"upload + write:             {total:.2f} s  {rate:,.0f} rows/s  (target >= {TARGET_ROWS_PER_S:,})")
    cpu = r["cpu_s"]
    print(
        f"CPU time of this process, upload + write: {cpu:.2f} s  {r['rows'] / cpu:,.0f} rows per CPU-second"
    )
    again = r["again_check_s"] + r["again_write_s"]
    print(f"same file again (unchanged): {again:.2f} s  {r['rows'] / again:,.0f} rows/s")
    print(
        f"residential areas through the entry form, upload + write: {r['areas']:,} rows in "
        f"{r['areas_s']:.2f} s  {r['areas'] / r['areas_s']:,.0f} rows/s"
    )
    memory = f"tracemalloc peak: {r['peak_mb']:.0f} MB; ru_maxrss: {r['maxrss_mb']:.0f} MB"
    print(f"{memory}  (target < {TARGET_MB} MB)")


if __name__ == "__main__":
    main()
