"""One ward and one period show one set of figures on every page, table and document that shows them:
the ward page, the leadership table, the period dashboard and its workbook, the compiled report and its
workbook (reports/selectors.py unit_figures_many)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboards.selectors import ward_page, ward_table
from reports import compile as compiler
from reports import services
from reports.figures import compute_figures, compute_figures_many, window_activity_rows
from reports.models import PeriodUnit
from reports.selectors import period_dashboard, record_ids_by_unit, unit_figures_many
from reports.services import period_populate_units
from tests import factories as f
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.reports.test_compiled import build_city, compile_now
from tests.wards.factories import ActivityFactory, SelfManagementModelFactory, activity_type
from wards.models import Activity, Ward

pytestmark = pytest.mark.django_db


def _city_with_a_merger_and_an_accepted_report():
    """Two plain wards, a phường formed in the window from two wards, and one ward whose report was
    accepted before a record was added to it."""
    period, _counted = build_city(wards=2)
    start = period.window_start
    successor = f.WardFactory(name="Hợp Nhất", valid_from=start + datetime.timedelta(days=30))
    old = [
        f.WardFactory(name=name, valid_to=start + datetime.timedelta(days=29), successor=successor)
        for name in ("Cũ Một", "Cũ Hai")
    ]
    area = f.ResidentialAreaFactory(ward=successor)
    f.ResidentialAreaFactory(ward=successor)
    unity = activity_type("unity_day")
    # The same area holds Unity Day under its old ward and again under the new one: it counts once.
    ActivityFactory(ward=old[0], area=area, activity_type=unity, date=start + datetime.timedelta(days=3))
    ActivityFactory(ward=successor, area=area, activity_type=unity, date=start + datetime.timedelta(days=40))
    ActivityFactory(ward=old[1], date=start + datetime.timedelta(days=5), participants=31, funds_cash=300_000)
    SelfManagementModelFactory(ward=old[1], status="active", start_date=start)
    accepted = f.WardFactory(name="Đã Tiếp Nhận")
    f.ResidentialAreaFactory.create_batch(2, ward=accepted)
    ActivityFactory(
        ward=accepted, date=start + datetime.timedelta(days=60), participants=40, funds_cash=500_000
    )
    period_populate_units(period=period)
    report = UnitReportFactory(period=period, ward=accepted)
    services.report_submit(report=report, by=f.ward_officer(ward=accepted))
    services.report_accept(report=report, by=f.city_staff())
    # Added after acceptance (by city staff, with a reason): the accepted figures stay everywhere.
    ActivityFactory(ward=accepted, date=start + datetime.timedelta(days=61), participants=1000)
    return period, successor, accepted


def _sheet_rows(content: bytes, sheet: str | None = None) -> tuple[list, list[tuple]]:
    book = load_workbook(io.BytesIO(content))
    rows = list((book[sheet] if sheet else book.active).iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def test_one_ward_and_period_show_the_same_figures_on_every_page_table_and_document(login):
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    staff = f.city_staff()
    compiled = compile_now(period)
    compiled_rows = {row["ward_id"]: row for row in compiled.data["wards"]}
    header, dashboard_sheet = _sheet_rows(
        login(staff).get(reverse("reports:period_export", args=[period.code])).content
    )
    annex_header, annex_rows = _sheet_rows(
        (compiler.compiled_dir().parent / compiled.xlsx).read_bytes(), "Theo xã, phường"
    )
    dashboard = {row.unit.ward_id: row for row in period_dashboard(period=period, with_figures=True).rows}
    leadership = {row["ward"].pk: row for row in ward_table(staff, [period], period=period)}

    for ward in (successor, accepted):
        row = compiled_rows[ward.pk]
        expected = {
            "activities": row["activities"],
            "participants": row["participants"],
            "funds": row["funds_cash"] + row["funds_in_kind"],
            "models_active": row["models_active"],
            "areas": row["areas"],
        }
        page = ward_page(staff, ward, today=period.due_date)
        assert page["period"] == period
        with translation.override("en"):
            shown = {str(label): value for label, value, _kind, _url in page["period_figure_rows"]}
        assert {
            "activities": shown["Activities"],
            "participants": shown["Participants"],
            "funds": shown["Funds mobilised in cash"] + shown["Funds mobilised in kind"],
            "models_active": shown["Self-management models active"],
            "areas": shown["Residential areas (KDC)"],
        } == expected
        table = leadership[ward.pk]
        assert {key: table[key] for key in ("activities", "participants", "funds", "areas")} == {
            key: expected[key] for key in ("activities", "participants", "funds", "areas")
        }
        assert table["models"] == expected["models_active"]
        line = dashboard[ward.pk]
        assert (line.values["activities"], line.values["participants"], line.funds) == (
            expected["activities"],
            expected["participants"],
            expected["funds"],
        )
        exported = next(r for r in dashboard_sheet if r[0] == dashboard[ward.pk].unit.unit_name)
        assert exported[header.index("Hoạt động")] == expected["activities"]
        assert exported[header.index("Số người tham gia")] == expected["participants"]
        assert exported[header.index("Kinh phí vận động")] == expected["funds"]
        annex = next(r for r in annex_rows if r[0] and str(r[0]).startswith(row["name"]))
        assert annex[annex_header.index("Lượt người tham gia")] == expected["participants"]

    # The accepted ward shows its frozen figures, not the record added afterwards; the successor its
    # predecessors' records, its areas, and Unity Day once per area.
    assert compiled_rows[accepted.pk]["participants"] == 40 and compiled_rows[accepted.pk]["frozen"]
    assert leadership[accepted.pk]["is_frozen"] and not leadership[successor.pk]["is_frozen"]
    merged = compiled_rows[successor.pk]
    assert (merged["participants"] >= 31, merged["models_active"], merged["areas"], merged["unity_day"]) == (
        True,
        1,
        2,
        1,
    )


def test_the_figures_of_many_units_at_once_equal_each_units_own_figures():
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    units = list(PeriodUnit.objects.filter(period=period))
    many = compute_figures_many(period, [(u.ward_id, u.organisation_id) for u in units])
    assert len(many) == len(units) >= 5
    for unit in units:
        assert many[(unit.ward_id, unit.organisation_id)] == compute_figures(unit), unit.unit_name
    # A dissolved ward asked for beside its successor counts for itself and for the successor.
    predecessor = Ward.objects.filter(successor=successor).order_by("name").first()
    both = compute_figures_many(period, [(successor.pk, None), (predecessor.pk, None)])
    alone = compute_figures_many(period, [(successor.pk, None)])
    assert both[(successor.pk, None)] == alone[(successor.pk, None)]
    assert both[(predecessor.pk, None)]["activities"]["count"] >= 1


def test_without_record_ids_the_figures_are_the_same_and_the_frozen_ids_are_not_read():
    period, _successor, accepted = _city_with_a_merger_and_an_accepted_report()
    full = unit_figures_many(period)
    light = unit_figures_many(period, record_ids=False)
    assert full.keys() == light.keys()
    for unit, source in full.items():
        kept = {key: value for key, value in source.figures.items() if key != "record_ids"}
        assert light[unit].figures == kept
        assert "record_ids" not in light[unit].figures
        assert light[unit].is_frozen == source.is_frozen
    assert (
        full[(accepted.pk, None)].is_frozen and full[(accepted.pk, None)].figures["record_ids"]["activities"]
    )


@pytest.mark.parametrize(
    ("sections", "parts"),
    [
        ({"activities"}, ("activities", "unity_day")),
        ({"areas", "models"}, ("kdc_count", "models")),
        ({"pilots"}, ("pilots",)),
        ({"areas", "covenants"}, ("kdc_count", "covenants")),
    ],
)
def test_a_part_of_the_figures_is_computed_exactly_as_in_the_whole(sections, parts):
    period, _successor, _accepted = _city_with_a_merger_and_an_accepted_report()
    units = [(u.ward_id, u.organisation_id) for u in PeriodUnit.objects.filter(period=period)]
    whole = compute_figures_many(period, units, record_ids=False)
    part = compute_figures_many(period, units, record_ids=False, sections=frozenset(sections))
    compared = 0
    for unit in units:
        for key in parts:
            if key == "unity_day" and unit[0] is not None:
                # Unity Day's "of" is the areas count, which only the areas part computes.
                assert part[unit][key]["held"] == whole[unit][key]["held"]
                compared += 1
            elif key in whole[unit]:
                assert part[unit][key] == whole[unit][key], (unit, key)
                compared += 1
        left_out = {"kdc_count", "pilots", "models", "activities", "unity_day", "covenants"} - set(parts)
        assert not left_out & set(part[unit]), unit
    assert compared >= len([unit for unit in units if unit[0] is not None])  # every ward, at least


def test_the_figures_read_from_the_whole_windows_activity_rows_are_those_computed_alone():
    period, _successor, _accepted = _city_with_a_merger_and_an_accepted_report()
    # An organisation's activity in a ward counts for the organisation only; a deleted one for nobody.
    organisation = f.MemberOrganisationFactory()
    ward = Ward.objects.get(name="Hợp Nhất")
    ActivityFactory(ward=ward, organisation=organisation, date=period.window_start, participants=7, houses=2)
    ActivityFactory(ward=ward, date=period.window_start, is_deleted=True, participants=500)
    units = [(u.ward_id, u.organisation_id) for u in PeriodUnit.objects.filter(period=period)]
    units.append((None, organisation.pk))
    rows = window_activity_rows(period)
    assert compute_figures_many(period, units, record_ids=False, window_rows=rows) == compute_figures_many(
        period, units, record_ids=False
    )
    assert compute_figures_many(period, units[:1], record_ids=False, window_rows=rows) == (
        compute_figures_many(period, units[:1], record_ids=False)
    )
    earlier = PeriodFactory(year=period.year - 1, kind=period.kind)
    with pytest.raises(ValueError, match="another window"):
        compute_figures_many(earlier, units, record_ids=False, window_rows=rows)


def test_section_two_sums_every_units_activities_of_the_window_by_content_area():
    period, _successor, _accepted = _city_with_a_merger_and_an_accepted_report()
    # A ward that is not expected this period still counts in the city's totals by content area.
    ActivityFactory(ward=f.WardFactory(name="Ngoài Kỳ"), date=period.window_end, participants=9)
    ActivityFactory(ward=f.WardFactory(), date=period.window_end + datetime.timedelta(days=1))
    data = compiler.gather(period)
    window = Activity.objects.filter(
        is_deleted=False, date__gte=period.window_start, date__lte=period.window_end
    )
    expected = {}
    for activity in window.select_related("content_area", "activity_type"):
        key = activity.content_area.number
        totals = expected.setdefault(key, {"activities": 0, "participants": 0, "houses": 0})
        totals["activities"] += 1
        totals["participants"] += activity.participants
        totals["houses"] += activity.houses if activity.activity_type.counts_houses else 0
    shown = {
        row["number"]: {key: row[key] for key in ("activities", "participants", "houses")}
        for row in data["content_areas"]
    }
    assert shown == expected and sum(t["activities"] for t in shown.values()) == window.count()


def test_the_record_ids_of_the_annex_are_those_behind_each_units_figures():
    period, successor, accepted = _city_with_a_merger_and_an_accepted_report()
    figures = unit_figures_many(period)
    by_name = {row["unit"]: row for row in record_ids_by_unit(period)}
    units = {u.unit_name: (u.ward_id, u.organisation_id) for u in PeriodUnit.objects.filter(period=period)}
    assert by_name.keys() == units.keys()
    for name, unit in units.items():
        kept = figures[unit].figures["record_ids"]
        assert list(by_name[name]["activities"]) == kept["activities"], name
        assert list(by_name[name]["models"]) == kept["models"], name
    # The successor's ids include its predecessors' records; the accepted ward's are the frozen ones.
    successor_ids = set(by_name[successor.display_name]["activities"])
    assert successor_ids == set(
        Activity.objects.filter(ward__successor=successor).values_list("pk", flat=True)
    ) | set(Activity.objects.filter(ward=successor).values_list("pk", flat=True))
    assert len(by_name[accepted.display_name]["activities"]) == 1  # not the record added afterwards
