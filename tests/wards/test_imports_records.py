"""Excel import of residential areas, self-management models and covenants: each row goes through the
entry form's rules, the file is keyed so that importing it again changes nothing, and scope and locks
hold as they do on the entry pages."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests import factories as f
from tests.wards.importdata import filled
from wards.models import Covenant, ImportBatch, LockedWindow, ResidentialArea, SelfManagementModel

pytestmark = pytest.mark.django_db

WARD = "Phường Hòa Hương"
PREFIX = {"area": "areas", "model": "models", "covenant": "covenants", "activity": "activities"}


@pytest.fixture
def ward():
    ward = f.WardFactory(name="Hòa Hương")
    f.ResidentialAreaFactory(ward=ward, name="Khối phố 1", households=300, population=1200)
    f.ResidentialAreaFactory(ward=ward, name="Khối phố 2", households=200, population=800)
    f.ContentAreaFactory(number=1, short_title="Đoàn kết")
    return ward


def _template(client, kind: str) -> bytes:
    response = client.get(f"/{PREFIX[kind]}/import/template/")
    assert response.status_code == 200
    return response.content


def _import(client, kind: str, rows: list[list], *, confirm=True) -> ImportBatch:
    content = filled(_template(client, kind), rows)
    response = client.post(f"/{PREFIX[kind]}/import/", {"file": SimpleUploadedFile("f.xlsx", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    if confirm and not batch.errors:
        client.post(f"/imports/{batch.pk}/confirm/")
        batch.refresh_from_db()
    return batch


def _errors(client, batch: ImportBatch) -> str:
    return client.get(f"/imports/{batch.pk}/").text


def _model_row(code, *, name=None, areas="Khối phố 1; Khối phố 2", status="", ended="", households=50):
    return [
        code,
        name or f"Mô hình {code}",
        WARD,
        areas,
        "Camera an ninh",
        "1",
        "",
        "15/03/2025",
        status,
        ended,
        households,
        "",
    ]


def _covenant_row(
    code, *, area="Khối phố 1", status="Đã thông qua", favour=160, total=200, meeting="10/04/2025"
):
    return [
        code,
        WARD,
        area,
        "Hương ước",
        f"Hương ước {code}",
        1,
        status,
        meeting,
        "Họp cộng đồng dân cư",
        favour,
        total,
        "",
        "",
        "",
        "",
        "",
        "",
    ]


@pytest.mark.parametrize("kind", ["area", "model", "activity", "covenant"])
def test_every_template_holds_an_example_row_that_imports_without_an_error(login, ward, kind):
    client = login(f.ward_officer(ward=ward))
    book = load_workbook(io.BytesIO(_template(client, kind)))
    example = [cell.value for cell in book["Hướng dẫn"][2]]
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert len(example) == len(headers) and all(header for header in headers)
    batch = _import(client, kind, [example], confirm=False)
    assert (batch.errors, batch.created) == (0, 1), batch.preview


def test_areas_are_found_again_by_their_name_in_the_ward_and_a_second_import_changes_nothing(login, ward):
    client = login(f.ward_officer(ward=ward))
    rows = [
        [
            WARD,
            "khối phố 1",
            "",
            320,
            1300,
            9,
            "Trần Thị B",
            "0905 123 456",
        ],  # the existing area, in lower case
        [WARD, "Khối phố 9", "Tổ dân phố", 150, 600, 5, "", ""],
    ]
    batch = _import(client, "area", rows)
    assert (batch.status, batch.created, batch.updated) == ("done", 1, 1)
    first = ResidentialArea.objects.get(ward=ward, name="Khối phố 1")
    assert (first.households, first.population, first.front_head_phone) == (320, 1300, "0905123456")
    assert ResidentialArea.objects.get(ward=ward, name="Khối phố 9").kind == "to_dan_pho"
    again = _import(client, "area", rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert ResidentialArea.objects.filter(ward=ward).count() == 3


def test_an_area_row_breaking_the_entry_forms_rules_is_refused_beside_its_cell(login, ward):
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "area", [[WARD, "Khối phố 5", "Làng", 500, 100, 0, "", "12"]])
    page = _errors(client, batch)
    assert batch.errors == 1 and batch.status == "checked"
    assert "Dân số không được nhỏ hơn số hộ." in page
    assert "Nhập số điện thoại gồm 9 đến 12 chữ số." in page
    assert "Chọn một giá trị trong danh sách." in page  # "Làng" is not a kind of area
    assert not ResidentialArea.objects.filter(name="Khối phố 5").exists()


def test_models_keep_their_areas_and_a_changed_row_updates_the_same_model(login, ward):
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "model", [_model_row("MH-1")])
    assert (batch.status, batch.created) == ("done", 1)
    model = SelfManagementModel.objects.get(code="MH-1")
    assert sorted(model.areas.values_list("name", flat=True)) == ["Khối phố 1", "Khối phố 2"]
    assert (model.ward, model.model_type.name, model.status) == (ward, "Camera an ninh", "active")
    assert model.history.first().history_change_reason == "Nhập từ Excel"
    same = _import(client, "model", [_model_row("MH-1")])
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
    changed = _import(client, "model", [_model_row("MH-1", areas="Khối phố 2", households=20)])
    assert (changed.created, changed.updated) == (0, 1)
    model.refresh_from_db()
    assert list(model.areas.values_list("name", flat=True)) == ["Khối phố 2"] and model.households == 20
    assert SelfManagementModel.objects.count() == 1


def test_a_model_row_is_refused_for_the_reasons_the_entry_form_gives(login, ward):
    other = f.ResidentialAreaFactory(name="Thôn Xa")
    client = login(f.ward_officer(ward=ward))
    rows = [
        _model_row("MH-1", status="Đã kết thúc"),  # ended without an end date
        _model_row("MH-2", areas=other.name),  # an area of another ward
        _model_row("MH-3", households=900),  # more households than its areas have
        _model_row("MH-3"),  # the same code twice
    ]
    batch = _import(client, "model", rows)
    page = _errors(client, batch)
    assert batch.errors == 4 and SelfManagementModel.objects.count() == 0
    assert "Nhập ngày mô hình kết thúc." in page
    assert "Không có khu dân cư này trong Phường Hòa Hương. (Thôn Xa)" in page
    assert "Số hộ nhiều hơn tổng số hộ của các khu dân cư đã chọn." in page
    assert "Mã này xuất hiện hai lần trong tệp." in page


def test_covenants_are_keyed_by_their_code_in_the_area_and_checked_by_the_covenant_rules(login, ward):
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "covenant", [_covenant_row("HU-1"), _covenant_row("HU-1", area="Khối phố 2")])
    assert (batch.status, batch.created) == ("done", 2)
    assert Covenant.objects.get(code="HU-1", area__name="Khối phố 1").status == "adopted"
    again = _import(client, "covenant", [_covenant_row("HU-1", favour=170)])
    assert (again.created, again.updated) == (0, 1)
    assert Covenant.objects.get(code="HU-1", area__name="Khối phố 1").households_in_favour == 170
    refused = _import(client, "covenant", [_covenant_row("HU-2", favour=40, total=100)])
    assert refused.errors == 1
    assert (
        "Hương ước, quy ước chỉ được thông qua khi có trên một nửa (trên 50%) tổng số hộ tán thành."
        in _errors(client, refused)
    )


@pytest.mark.parametrize(
    ("kind", "row"),
    [
        ("area", ["Phường Khác", "Khối phố 3", "", 10, 40, 0, "", ""]),
        ("model", [*_model_row("MH-9")[:2], "Phường Khác", *_model_row("MH-9")[3:]]),
        ("covenant", [_covenant_row("HU-9")[0], "Phường Khác", *_covenant_row("HU-9")[2:]]),
    ],
)
def test_a_ward_officer_imports_only_into_their_own_ward(login, ward, kind, row):
    f.WardFactory(name="Khác")
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, kind, [row])
    assert batch.errors == 1
    assert "Chỉ được nhập vào xã, phường của mình." in _errors(client, batch)


def test_models_and_covenants_in_an_accepted_reports_period_are_refused(login, ward):
    LockedWindow.objects.create(
        ward=ward,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        report_id=7,
        report_label="6 tháng 2025",
    )
    client = login(f.ward_officer(ward=ward))
    for kind, row in (("model", _model_row("MH-1")), ("covenant", _covenant_row("HU-1"))):
        batch = _import(client, kind, [row])
        assert batch.errors == 1 and "6 tháng 2025" in _errors(client, batch)
    assert not SelfManagementModel.objects.exists() and not Covenant.objects.exists()


def test_a_code_held_by_a_deleted_record_is_refused_instead_of_failing_the_import(login, ward):
    client = login(f.ward_officer(ward=ward))
    _import(client, "model", [_model_row("MH-1")])
    SelfManagementModel.objects.update(is_deleted=True)
    batch = _import(client, "model", [_model_row("MH-1")])
    assert batch.errors == 1 and "khôi phục" in _errors(client, batch)
    assert SelfManagementModel.objects.count() == 1


def test_one_kinds_import_pages_show_its_own_columns_and_lead_back_to_its_list(login, ward):
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "covenant", [_covenant_row("HU-1")], confirm=False)
    page = _errors(client, batch)
    assert "Mã hương ước (*)" in page and 'href="/covenants/"' in page
    start = client.get("/areas/import/").text
    assert 'href="/areas/import/template/"' in start and 'href="/areas/"' in start


def test_a_large_model_file_is_written_by_the_job_and_confirmed_rows_are_checked_again(
    login, ward, monkeypatch, django_capture_on_commit_callbacks
):
    from wards import tasks
    from wards.logbook import imports

    monkeypatch.setattr(imports, "SYNC_LIMIT", 2)
    queued = []
    monkeypatch.setattr(tasks.import_rows, "delay", queued.append)
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "model", [_model_row(f"MH-{n}", households=10) for n in range(4)], confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{batch.pk}/confirm/")
    assert queued == [batch.pk] and not SelfManagementModel.objects.exists()
    ResidentialArea.objects.filter(name="Khối phố 2").update(is_active=False)  # meanwhile, an area closes
    tasks.import_rows(batch.pk)  # what the worker runs
    batch.refresh_from_db()
    assert batch.status == "failed" and "Dòng 2" in batch.error and not SelfManagementModel.objects.exists()


def test_the_same_area_twice_in_one_file_is_refused_on_its_name(login, ward):
    client = login(f.ward_officer(ward=ward))
    batch = _import(client, "area", [[WARD, "Khối phố 8", "", 10, 40], [WARD, "khối  phố 8", "", 12, 50]])
    assert (batch.errors, batch.created) == (1, 1)
    assert batch.preview[1]["errors"] == {"name": "Khu dân cư này xuất hiện hai lần trong tệp."}
