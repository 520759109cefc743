"""Each unit sees and changes only its own models, activities and covenants; others get 404."""

import pytest

from tests import factories as f
from tests.wards import filedata
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards.models import Evidence, SelfManagementModel

pytestmark = pytest.mark.django_db

PREFIX = {"activity": "activities", "model": "models", "covenant": "covenants"}


@pytest.fixture
def world():
    ward_a, ward_b = f.WardFactory(), f.WardFactory()
    area_a, area_b = f.ResidentialAreaFactory(ward=ward_a), f.ResidentialAreaFactory(ward=ward_b)
    org_x, org_y = f.MemberOrganisationFactory(), f.MemberOrganisationFactory()
    rows = {
        "activity": {
            "a": ActivityFactory(ward=ward_a, title="Ward A activity"),
            "b": ActivityFactory(ward=ward_b, title="Ward B activity"),
            "x": ActivityFactory(ward=ward_a, organisation=org_x, title="Org X activity"),
            "y": ActivityFactory(ward=None, organisation=org_y, title="Org Y activity"),
        },
        "model": {
            "a": SelfManagementModelFactory(ward=ward_a, name="Ward A model"),
            "b": SelfManagementModelFactory(ward=ward_b, name="Ward B model"),
            "x": SelfManagementModelFactory(ward=ward_a, organisation=org_x, name="Org X model"),
            "y": SelfManagementModelFactory(ward=None, organisation=org_y, name="Org Y model"),
        },
        "covenant": {
            "a": CovenantFactory(area=area_a, title="Ward A covenant"),
            "b": CovenantFactory(area=area_b, title="Ward B covenant"),
        },
    }
    return {
        "ward_a": ward_a,
        "org_x": org_x,
        "rows": rows,
        "officer_a": f.ward_officer(ward=ward_a),
        "officer_x": f.org_officer(organisation=org_x),
    }


def _label(row):
    return getattr(row, "title", None) or row.name


@pytest.mark.parametrize("kind", ["activity", "model", "covenant"])
def test_ward_officer_lists_and_exports_only_own_wards_rows(login, world, kind):
    client = login(world["officer_a"])
    rows = world["rows"][kind]
    for path in (f"/{PREFIX[kind]}/", f"/{PREFIX[kind]}/export/csv/"):
        text = client.get(path).content.decode("utf-8-sig")
        assert _label(rows["a"]) in text
        assert _label(rows["b"]) not in text
        if "x" in rows:
            assert _label(rows["x"]) not in text, (
                "an organisation's row located in the ward is not the ward's"
            )


@pytest.mark.parametrize("kind", ["activity", "model", "covenant"])
def test_ward_officer_gets_404_for_another_wards_detail_edit_and_delete(login, world, kind):
    client = login(world["officer_a"])
    other = world["rows"][kind]["b"]
    prefix = PREFIX[kind]
    for path in (f"/{prefix}/{other.pk}/", f"/{prefix}/{other.pk}/edit/", f"/{prefix}/{other.pk}/delete/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/{prefix}/{other.pk}/delete/").status_code == 404
    other.refresh_from_db()
    assert not other.is_deleted
    assert client.get(f"/{prefix}/{world['rows'][kind]['a'].pk}/edit/").status_code == 200


@pytest.mark.parametrize("kind", ["activity", "model"])
def test_organisation_officer_sees_only_own_organisations_rows(login, world, kind):
    client = login(world["officer_x"])
    rows = world["rows"][kind]
    for path in (f"/{PREFIX[kind]}/", f"/{PREFIX[kind]}/export/csv/"):
        text = client.get(path).content.decode("utf-8-sig")
        assert _label(rows["x"]) in text
        for key in ("a", "b", "y"):
            assert _label(rows[key]) not in text
    assert client.get(f"/{PREFIX[kind]}/{rows['x'].pk}/").status_code == 200
    assert client.get(f"/{PREFIX[kind]}/{rows['x'].pk}/edit/").status_code == 200
    for key in ("a", "y"):
        assert client.get(f"/{PREFIX[kind]}/{rows[key].pk}/").status_code == 404
        assert client.get(f"/{PREFIX[kind]}/{rows[key].pk}/edit/").status_code == 404


def test_organisation_officers_have_no_covenant_pages(login, world):
    client = login(world["officer_x"])
    assert client.get("/covenants/").status_code == 403
    assert client.get("/covenants/new/").status_code == 403


@pytest.mark.parametrize("kind", ["activity", "model", "covenant"])
def test_leadership_reads_everything_but_cannot_edit(login, world, kind):
    client = login(f.leadership())
    rows = world["rows"][kind]
    text = client.get(f"/{PREFIX[kind]}/").text
    assert all(_label(row) in text for row in rows.values())
    assert client.get(f"/{PREFIX[kind]}/{rows['b'].pk}/").status_code == 200
    assert client.get(f"/{PREFIX[kind]}/{rows['b'].pk}/edit/").status_code == 403
    assert client.get(f"/{PREFIX[kind]}/new/").status_code == 403


def test_replicas_page_follows_the_scope_of_the_model(login, world):
    model_b = world["rows"]["model"]["b"]
    assert login(world["officer_a"]).get(f"/models/{model_b.pk}/replicas/").status_code == 404
    assert login(f.city_staff()).get(f"/models/{model_b.pk}/replicas/").status_code == 200


@pytest.mark.parametrize("kind", ["activity", "model", "covenant"])
def test_another_units_officer_cannot_attach_files_to_a_record(login, world, kind):
    other = world["rows"][kind]["b"]
    response = login(world["officer_a"]).post(
        f"/{PREFIX[kind]}/{other.pk}/files/", {"files": [filedata.pdf()]}
    )
    assert response.status_code == 404
    assert login(f.leadership()).post(f"/{PREFIX[kind]}/{other.pk}/files/").status_code == 403
    assert not Evidence.objects.exists()


def test_a_ward_officer_cannot_mark_a_model_exemplary_by_posting_the_field(login, world):
    model = world["rows"]["model"]["a"]
    client = login(world["officer_a"])
    data = {
        "name": model.name,
        "model_type": model.model_type_id,
        "content_area": model.content_area_id,
        "ward": world["ward_a"].pk,
        "start_date": "2025-01-15",
        "status": "active",
        "households": "10",
        "is_exemplary": "on",
    }
    assert client.post(f"/models/{model.pk}/edit/", data).status_code == 302
    model.refresh_from_db()
    assert not model.is_exemplary


def test_an_organisation_officers_new_model_belongs_to_their_organisation(login, world):
    model = world["rows"]["model"]["a"]
    data = {
        "name": "CLB phụ nữ",
        "model_type": model.model_type_id,
        "content_area": model.content_area_id,
        "ward": "",
        "start_date": "2025-01-15",
        "status": "active",
        "households": "10",
    }
    assert login(world["officer_x"]).post("/models/new/", data).status_code == 302
    created = SelfManagementModel.objects.get(name="CLB phụ nữ")
    assert created.organisation == world["org_x"] and created.ward is None
