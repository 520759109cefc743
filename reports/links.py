"""Every figure explains itself: the link from a number of a report to the list of the records behind it.

A live figure links to the logbook list filtered by the unit (with the units merged into it), the data
window and, where the figure has one, the content area or the model status. A frozen figure (an accepted
report's) links to the records kept with that version (`report_records`), filtered the same way, so the
list's total is the number whatever was recorded after acceptance.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from .models import Period

# The activity figures of reports/figures.py: each links to the unit's activities of the window, whose
# list prints the same sums.
ACTIVITY_KEYS = ("count", "participants", "beneficiary_households", "funds_cash", "funds_in_kind", "houses")
# The compiled report's row keys (reports/selectors.py row_values) -> the figure keys.
ROW_KEYS = {
    "activities": "count",
    "participants": "participants",
    "funds_cash": "funds_cash",
    "funds_in_kind": "funds_in_kind",
    "houses": "houses",
    "models_active": "models_active",
    "models_new": "models_new",
}
# A ward's row has these too; an organisation's has none of them.
WARD_ROW_KEYS = {"areas": "kdc_count", "unity_day": "unity_day", "covenants_reviewed": "covenants_reviewed"}


def figure_links(
    period: Period,
    *,
    ward_id: int | None = None,
    organisation_id: int | None = None,
    frozen_report_id: int | None = None,
    content_areas: list[str] | tuple[str, ...] = (),
) -> dict[str, str]:
    """{figure key: URL of the records behind it} for a unit's figures of a period.

    Keys: the activity figures (`count`, `participants`, …, `houses`), `content_area:N` per content area
    number, `models_active`, `models_new`, `households`; for a ward also `unity_day` and, for live figures
    only (the areas and covenants are not kept with a version), `kdc_count`, `covenants_adopted` and
    `covenants_reviewed`."""
    start, end = period.window_start.isoformat(), period.window_end.isoformat()
    if frozen_report_id is not None:
        activity_base = reverse("reports:report_records", args=[frozen_report_id, "activity"])
        model_base = reverse("reports:report_records", args=[frozen_report_id, "model"])
        unit: dict = {}
    else:
        activity_base, model_base = reverse("wards:activity_list"), reverse("wards:model_list")
        unit = {"unit": ward_id} if ward_id is not None else {"unit_organisation": organisation_id}
        if ward_id is None and organisation_id is None:
            unit = {}  # every unit's records: the city-wide figures

    def url(base: str, **params) -> str:
        return f"{base}?{urlencode({**unit, **params})}"

    window = {"date_from": start, "date_to": end}
    running = {"running_from": start, "running_to": end}
    links = {key: url(activity_base, **window) for key in ACTIVITY_KEYS}
    for number in content_areas:
        if number != "-":
            links[f"content_area:{number}"] = url(activity_base, **window, content_area_number=number)
    links["models_active"] = url(model_base, **running, status="active")
    links["households"] = links["models_active"]
    links["models_new"] = url(model_base, **window)
    if ward_id is not None:
        links["unity_day"] = url(activity_base, **window, activity_type_code="unity_day")
        if frozen_report_id is None:
            links["kdc_count"] = f"{reverse('wards:area_list')}?{urlencode({'unit': ward_id, 'on': end})}"
            covenants = {"unit": ward_id, "unit_day": end}
            base = reverse("wards:covenant_list")
            links["covenants_adopted"] = f"{base}?{urlencode({**covenants, **window})}"
            links["covenants_reviewed"] = (
                f"{base}?{urlencode({**covenants, 'reviewed_from': start, 'reviewed_to': end})}"
            )
    return links


def row_links(period: Period, row: dict) -> dict[str, str]:
    """{row key: URL, or "" for a number with no list} for a row of the compiled report (annex 1 or 2),
    as `figure_links` gives them."""
    keys = {**ROW_KEYS, **WARD_ROW_KEYS} if row.get("ward_id") else ROW_KEYS
    if row.get("frozen") and not row.get("report_id"):
        return dict.fromkeys(keys, "")  # compiled before the rows kept their report: no records to name
    links = figure_links(
        period,
        ward_id=row.get("ward_id"),
        organisation_id=row.get("organisation_id"),
        frozen_report_id=row.get("report_id") if row.get("frozen") else None,
    )
    return {key: links.get(figure, "") for key, figure in keys.items()}


def content_area_link(period: Period, number: int | None) -> str:
    """The city's activities of the window under one content area (§II of the compiled report)."""
    if number is None:
        return ""
    return figure_links(period, content_areas=[str(number)])[f"content_area:{number}"]
