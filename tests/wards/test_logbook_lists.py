"""Lists filter, search, sort and export exactly the filtered rows, with a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests import factories as f
from tests.wards.factories import (
    ActivityFactory,
    ContentAreaFactory,
    CovenantFactory,
    SelfManagementModelFactory,
    activity_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities():
    ward, other = f.WardFactory(), f.WardFactory()
    area = f.ResidentialAreaFactory(ward=ward)
    second = ContentAreaFactory(number=2)
    rows = [
        ActivityFactory(
            ward=ward,
            area=area,
            title="Ngày hội KP1",
            date=datetime.date(2025, 11, 10),
            activity_type=activity_type("unity_day"),
        ),
        ActivityFactory(
            ward=ward,
            title="Tập huấn hòa giải",
            date=datetime.date(2025, 4, 2),
            activity_type=activity_type("training"),
            content_area=second,
        ),
        ActivityFactory(
            ward=other,
            title="Ngày hội phường khác",
            date=datetime.date(2025, 11, 12),
            activity_type=activity_type("unity_day"),
        ),
        ActivityFactory(
            ward=ward,
            title="Ngày hội đã xóa",
            date=datetime.date(2025, 11, 11),
            activity_type=activity_type("unity_day"),
            is_deleted=True,
        ),
    ]
    return {"ward": ward, "area": area, "rows": rows, "second": second}


def _csv_titles(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM so Excel shows Vietnamese"
    reader = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return [line[1] for line in reader[1:]]


def _xlsx_titles(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] != "Tổng cộng"]


def test_filters_and_exports_give_exactly_the_same_rows(login, activities):
    client = login(f.city_staff())
    query = (
        f"?ward={activities['ward'].pk}&activity_type={activity_type('unity_day').pk}&date_from=2025-11-01"
    )
    page = client.get("/activities/" + query)
    assert [a.title for a in page.context["page"]] == ["Ngày hội KP1"]
    assert _csv_titles(client.get("/activities/export/csv/" + query)) == ["Ngày hội KP1"]
    assert _xlsx_titles(client.get("/activities/export/xlsx/" + query)) == ["Ngày hội KP1"]


def test_search_sorting_and_content_area_filter(login, activities):
    client = login(f.city_staff())
    assert _csv_titles(client.get("/activities/export/csv/?q=hòa giải")) == ["Tập huấn hòa giải"]
    assert _csv_titles(client.get(f"/activities/export/csv/?content_area={activities['second'].pk}")) == [
        "Tập huấn hòa giải"
    ]
    ordered = _csv_titles(client.get("/activities/export/csv/?sort=date"))
    assert ordered == ["Tập huấn hòa giải", "Ngày hội KP1", "Ngày hội phường khác"]
    assert "Ngày hội đã xóa" not in ordered


def test_an_invalid_filter_value_does_not_break_the_list(login, activities):
    response = login(f.city_staff()).get("/activities/?date_from=31/31/2025&ward=abc")
    assert response.status_code == 200


def test_model_and_covenant_exports_follow_their_filters(login):
    ward = f.WardFactory()
    SelfManagementModelFactory(ward=ward, name="Camera an ninh KP4", status="active")
    SelfManagementModelFactory(ward=ward, name="Đã dừng", status="paused")
    CovenantFactory(area=f.ResidentialAreaFactory(ward=ward), title="Hương ước KP4", status="adopted")
    CovenantFactory(area=f.ResidentialAreaFactory(ward=ward), title="Dự thảo", status="draft")
    client = login(f.ward_officer(ward=ward))
    rows = list(
        csv.reader(io.StringIO(client.get("/models/export/csv/?status=active").content.decode("utf-8-sig")))
    )
    assert [line[0] for line in rows[1:]] == ["Camera an ninh KP4"]
    rows = list(
        csv.reader(
            io.StringIO(client.get("/covenants/export/csv/?status=adopted").content.decode("utf-8-sig"))
        )
    )
    assert [line[3] for line in rows[1:]] == ["Hương ước KP4"]


SORT = {"activities": "date", "models": "name", "covenants": "title"}


def _make(kind, ward, count):
    areas = f.ResidentialAreaFactory.create_batch(2, ward=ward)
    organisation = f.MemberOrganisationFactory()
    for index in range(count):
        if kind == "activities":
            ActivityFactory(ward=ward, area=areas[index % 2], organiser=organisation)
        elif kind == "models":
            model = SelfManagementModelFactory(ward=ward, lead_organisation=organisation)
            model.areas.set(areas)
        else:
            CovenantFactory(area=areas[index % 2])


@pytest.mark.parametrize("kind", ["activities", "models", "covenants"])
@pytest.mark.parametrize("role", ["city", "ward"])
def test_list_query_count_is_the_same_at_5_and_50_rows(login, kind, role):
    """Queries: session, user, count, page rows (+ one areas prefetch for models), and one per filter
    pick-list (wards, areas, content areas, types, organisations); none per row."""
    counts = []
    for size in (5, 50):
        ward = f.WardFactory()
        _make(kind, ward, size)
        user = f.city_staff() if role == "city" else f.ward_officer(ward=ward)
        client = login(user)
        client.get(f"/{kind}/")  # warm up caches such as content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{kind}/?sort=-{SORT[kind]}")
        assert response.status_code == 200
        assert len(response.context["page"]) >= 5
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_exported_text_that_looks_like_a_formula_stays_text(login):
    activity = ActivityFactory(title="=HYPERLINK(1)")
    response = login(f.ward_officer(ward=activity.ward)).get("/activities/export/csv/")
    assert _csv_titles(response) == ["'=HYPERLINK(1)"]


def test_a_malformed_filter_is_reported_and_the_valid_ones_still_apply(login, activities):
    client = login(f.city_staff())
    response = client.get(f"/activities/?ward={activities['ward'].pk}&date_from=2025-13-45")
    assert response.status_code == 200
    assert "date_from" in response.context["filter"].form.errors
    assert {a.ward_id for a in response.context["page"]} == {activities["ward"].pk}
