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

# The figure keys of reports/figures.py and their record list: (kind of record, extra filters).
ACTIVITY_KEYS = ("count", "participants", "beneficiary_households", "funds_cash", "funds_in_kind")
# The compiled report's row keys (reports/selectors.py row_values) for the same figures.
ROW_KEYS = {"activities": "count", "participants": "participants", "funds_cash": "funds_cash"}
ROW_KEYS |= {"funds_in_kind": "funds_in_kind", "models_active": "models_active", "models_new": "models_new"}


def figure_links(
    period: Period,
    *,
    ward_id: int | None = None,
    organisation_id: int | None = None,
    frozen_report_id: int | None = None,
    content_areas: list[str] | tuple[str, ...] = (),
) -> dict[str, str]:
    """{figure key: URL of the records behind it} for a unit's figures of a period.

    Keys: the activity figures (`count`, `participants`, …), `content_area:N` per content area number,
    `models_active`, `models_new`, `households`."""
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
    return links


def row_links(period: Period, row: dict) -> dict[str, str]:
    """{row key: URL} for a row of the compiled report (annex 1 or 2), as `figure_links` gives them."""
    if row.get("frozen") and not row.get("report_id"):
        return {}  # compiled before the rows kept their report: the frozen records cannot be named
    links = figure_links(
        period,
        ward_id=row.get("ward_id"),
        organisation_id=row.get("organisation_id"),
        frozen_report_id=row.get("report_id") if row.get("frozen") else None,
    )
    return {key: links[figure] for key, figure in ROW_KEYS.items()}


def content_area_link(period: Period, number: int | None) -> str:
    """The city's activities of the window under one content area (§II of the compiled report)."""
    if number is None:
        return ""
    return figure_links(period, content_areas=[str(number)])[f"content_area:{number}"]
