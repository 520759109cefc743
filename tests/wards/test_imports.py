"""Excel import of activities: template, check, preview, confirm, idempotence, scope, hostile files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests import factories as f
from tests.wards.importdata import activity_row, filled
from wards.logbook import imports
from wards.models import Activity, ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward():
    ward = f.WardFactory(name="Hòa Hương")
    f.ResidentialAreaFactory(ward=ward, name="Khối phố 1")
    f.ContentAreaFactory(number=1, short_title="Đoàn kết")
    return ward


def _upload(client, content: bytes, name="hoat-dong.xlsx"):
    return client.post("/activities/import/", {"file": SimpleUploadedFile(name, content)})


def _template(client) -> bytes:
    response = client.get("/activities/import/template/")
    assert response.status_code == 200 and "mau-nhap-hoat-dong" in response["Content-Disposition"]
    return response.content


def test_the_template_has_vietnamese_headers_lists_and_an_example(login, ward):
    book = load_workbook(io.BytesIO(_template(login(f.ward_officer(ward=ward)))))
    sheet = book["Hoạt động"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["Mã hoạt động (*)", "Ngày (dd/mm/yyyy) (*)", "Tên hoạt động (*)", "Xã, phường (*)"]
    lists = {
        str(validation.sqref): validation.formula1 for validation in sheet.data_validations.dataValidation
    }
    assert "'Danh mục'!$A$2:$A$2" in lists.values()  # the officer's one ward
    wards = [row[0] for row in book["Danh mục"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert wards == ["Phường Hòa Hương"]
    assert book["Hướng dẫn"]["A2"].value == "HD-2025-001"


def test_nothing_is_written_before_confirmation_and_reimporting_changes_nothing(login, ward):
    client = login(f.ward_officer(ward=ward))
    content = filled(
        _template(client),
        [activity_row(f"HD-{n}", "Phường Hòa Hương", area="Khối phố 1", participants=10 * n) for n in (1, 2)],
    )
    preview = _upload(client, content)
    batch = ImportBatch.objects.get()
    assert preview.status_code == 302 and Activity.objects.count() == 0
    page = client.get(f"/imports/{batch.pk}/").text
    assert page.count('data-status="new"') == 2 and "mới" in page
    client.post(f"/imports/{batch.pk}/confirm/")
    assert sorted(Activity.objects.values_list("code", "participants", "funds_cash")) == [
        ("HD-1", 10, 1_500_000),
        ("HD-2", 20, 1_500_000),
    ]
    assert Activity.objects.filter(area__name="Khối phố 1", ward=ward).count() == 2
    _upload(client, content)
    again = ImportBatch.objects.latest("pk")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    client.post(f"/imports/{again.pk}/confirm/")
    assert Activity.objects.count() == 2
    assert Activity.history.count() == 2  # one creation each, nothing for the unchanged re-import


def test_a_changed_row_is_an_update_of_the_same_activity(login, ward):
    client = login(f.ward_officer(ward=ward))
    template = _template(client)
    _upload(client, filled(template, [activity_row("HD-1", "Phường Hòa Hương", participants=5)]))
    client.post(f"/imports/{ImportBatch.objects.get().pk}/confirm/")
    first = Activity.objects.get()
    _upload(client, filled(template, [activity_row("HD-1", "Phường Hòa Hương", participants=7)]))
    batch = ImportBatch.objects.latest("pk")
    assert batch.updated == 1
    client.post(f"/imports/{batch.pk}/confirm/")
    assert Activity.objects.get().pk == first.pk and Activity.objects.get().participants == 7


def test_errors_are_shown_beside_their_cells_and_the_file_cannot_be_confirmed(login, ward):
    other = f.WardFactory(name="Khác")
    client = login(f.ward_officer(ward=ward))
    rows = [
        activity_row("HD-1", "Phường Hòa Hương", date="31/02/2025"),
        activity_row("HD-2", other.display_name),
        activity_row("HD-3", "Phường Hòa Hương", cash="nhiều tiền"),
        activity_row("HD-4", "Phường Hòa Hương", title='=HYPERLINK("http://x")'),
        activity_row("HD-5", "Phường Hòa Hương", houses=2),
    ]
    _upload(client, filled(_template(client), rows))
    batch = ImportBatch.objects.get()
    assert batch.errors == 5
    page = client.get(f"/imports/{batch.pk}/").text
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert "Chỉ được nhập vào xã, phường của mình." in page
    assert "Nhập số tiền bằng đồng" in page
    assert "công thức" in page
    assert 'id="import-confirm"' not in page
    client.post(f"/imports/{batch.pk}/confirm/")
    assert Activity.objects.count() == 0


def test_city_staff_import_into_any_ward_and_amounts_go_through_the_amount_parser(login, ward):
    client = login(f.city_staff())
    _upload(client, filled(_template(client), [activity_row("HD-9", "Hòa Hương", cash="2,5 triệu")]))
    client.post(f"/imports/{ImportBatch.objects.get().pk}/confirm/")
    assert Activity.objects.get().funds_cash == 2_500_000


def test_real_excel_dates_are_read(login, ward):
    import datetime

    client = login(f.ward_officer(ward=ward))
    _upload(
        client,
        filled(_template(client), [activity_row("HD-1", "Phường Hòa Hương", date=datetime.date(2025, 5, 4))]),
    )
    client.post(f"/imports/{ImportBatch.objects.get().pk}/confirm/")
    assert Activity.objects.get().date == datetime.date(2025, 5, 4)


def test_another_officer_cannot_open_someone_elses_import(login, ward):
    client = login(f.ward_officer(ward=ward))
    _upload(client, filled(_template(client), [activity_row("HD-1", "Phường Hòa Hương")]))
    batch = ImportBatch.objects.get()
    stranger = login(f.ward_officer())
    assert stranger.get(f"/imports/{batch.pk}/").status_code == 404
    assert stranger.post(f"/imports/{batch.pk}/confirm/").status_code == 404
    assert Activity.objects.count() == 0


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_part(workbook: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = data
    return _zip(parts)


@pytest.mark.parametrize(
    ("hostile", "message"),
    [
        (lambda t: b"not a zip at all", "không phải sổ tính Excel"),
        (lambda t: _zip({"a.txt": b"x"}), "không phải sổ tính Excel"),
        (lambda t: _with_part(t, "xl/externalLinks/externalLink1.xml", b"<externalLink/>"), "liên kết"),
        (lambda t: _with_part(t, "xl/vbaProject.bin", b"macro"), "macro"),
        (
            lambda t: _with_part(
                t, "docProps/custom.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
            ),
            "khai báo XML",
        ),
        (lambda t: _with_part(t, "xl/media/bomb.bin", b"\0" * 50_000_000), "giải nén"),
    ],
)
def test_hostile_workbooks_are_refused_and_nothing_is_kept(login, ward, hostile, message):
    client = login(f.ward_officer(ward=ward))
    content = hostile(filled(_template(client), [activity_row("HD-1", "Phường Hòa Hương")]))
    response = _upload(client, content)
    assert response.status_code == 200 and message in response.text
    assert ImportBatch.objects.count() == 0 and Activity.objects.count() == 0


def test_a_large_file_is_written_by_the_job_with_progress(
    login, ward, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "SYNC_LIMIT", 2)
    queued = []
    from wards import tasks

    monkeypatch.setattr(tasks.import_rows, "delay", queued.append)
    client = login(f.ward_officer(ward=ward))
    _upload(
        client, filled(_template(client), [activity_row(f"HD-{n}", "Phường Hòa Hương") for n in range(5)])
    )
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/confirm/")
    assert queued == [batch.pk] and Activity.objects.count() == 0
    assert 'hx-trigger="every 2s"' in client.get(f"/imports/{batch.pk}/status/").text
    tasks.import_rows(batch.pk)  # what the worker runs
    assert Activity.objects.count() == 5
    status = client.get(f"/imports/{batch.pk}/status/").text
    assert "every 2s" not in status and "5 mới" in status


def test_the_dashboard_summary_follows_an_import_and_its_update(
    login, ward, django_capture_on_commit_callbacks
):
    from dashboards.models import ActivityPeriodSummary
    from tests.dashboards.test_summary import assert_summary_is_live
    from tests.reports.factories import PeriodFactory

    PeriodFactory(year=2025)
    client = login(f.ward_officer(ward=ward))
    template = _template(client)
    _upload(client, filled(template, [activity_row("HD-1", "Phường Hòa Hương", date="10/03/2025")]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{ImportBatch.objects.get().pk}/confirm/")
    assert ActivityPeriodSummary.objects.get(ward_id=ward.pk).activities == 1
    assert_summary_is_live()
    _upload(client, filled(template, [activity_row("HD-1", "Phường Hòa Hương", date="02/01/2024")]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{ImportBatch.objects.latest('pk').pk}/confirm/")
    assert Activity.objects.get().date.year == 2024
    assert not ActivityPeriodSummary.objects.filter(ward_id=ward.pk).exists()  # moved out of the 2025 window
    assert_summary_is_live()


def test_rows_in_a_locked_period_are_refused_and_so_is_moving_an_activity_out_of_it(login, ward):
    import datetime

    from wards.models import LockedWindow

    client = login(f.ward_officer(ward=ward))
    template = _template(client)
    _upload(client, filled(template, [activity_row("HD-1", "Phường Hòa Hương", date="10/03/2025")]))
    client.post(f"/imports/{ImportBatch.objects.get().pk}/confirm/")
    LockedWindow.objects.create(
        ward=ward,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        report_id=1,
        report_label="6 tháng 2025",
    )
    rows = [
        activity_row("HD-1", "Phường Hòa Hương", date="10/09/2025"),  # moved out of the locked window
        activity_row("HD-2", "Phường Hòa Hương", date="11/03/2025"),  # new, inside it
        activity_row("HD-3", "Phường Hòa Hương", date="11/08/2025"),  # new, outside it
    ]
    _upload(client, filled(template, rows))
    batch = ImportBatch.objects.latest("pk")
    assert (batch.errors, batch.created) == (2, 1)
    assert client.get(f"/imports/{batch.pk}/").text.count("6 tháng 2025") == 2


def test_confirming_writes_the_rows_checked_at_upload_without_reading_the_file_again(login, ward):
    client = login(f.ward_officer(ward=ward))
    _upload(client, filled(_template(client), [activity_row("HD-1", "Phường Hòa Hương", participants=12)]))
    batch = ImportBatch.objects.get()
    batch.file.storage.delete(batch.file.name)
    client.post(f"/imports/{batch.pk}/confirm/")
    assert Activity.objects.get().participants == 12
