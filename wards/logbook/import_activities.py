"""Activities from Excel: checked cell by cell against lookups loaded once, written in bulk.

Activity logs are the large files (20,000 rows and more), so their rows are not put through the
entry form one by one: the same rules are checked here in memory, and the rows are written with
bulk_create/bulk_update (and their history). The dashboard summary hears of the write through the
`activities_imported` signal, since bulk writes send no post_save.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from wards.history import ward_refusal
from wards.models import Activity, ImportKind, User

from . import import_base as base
from .import_base import ERROR, SAME, UPDATE, Field, Lookups, Row
from .services import check_unlocked

# Sent after an import wrote activities: {(ward_id, organisation_id): {dates}}. The dashboard summary
# (a layer above) listens.
activities_imported = Signal()

BATCH_SIZE = 1_000
WRITTEN = (
    "date",
    "title",
    "ward_id",
    "area_id",
    "content_area_id",
    "activity_type_id",
    "organiser_id",
    "participants",
    "beneficiary_households",
    "funds_cash",
    "funds_in_kind",
    "houses",
    "description",
)

FIELDS = [
    Field("code", gettext_lazy("Activity code (*)"), 16, True),
    Field("date", gettext_lazy("Date dd/mm/yyyy (*)"), 14, True),
    Field("title", gettext_lazy("Activity title (*)"), 40, True),
    Field("ward", gettext_lazy("Ward / commune (*)"), 22, True),
    Field("area", gettext_lazy("Residential area"), 24),
    Field("content_area", gettext_lazy("Content area (*)"), 30, True),
    Field("activity_type", gettext_lazy("Activity type (*)"), 30, True),
    Field("organiser", gettext_lazy("Organising member organisation"), 26),
    Field("participants", gettext_lazy("Participants"), 12),
    Field("beneficiary_households", gettext_lazy("Beneficiary households"), 12),
    Field("funds_cash", gettext_lazy("Funds in cash (đồng)"), 16),
    Field("funds_in_kind", gettext_lazy("In-kind value (đồng)"), 16),
    Field("houses", gettext_lazy("Houses"), 10),
    Field("description", gettext_lazy("Description"), 40),
]


class ActivitySpec(base.Spec):
    kind = ImportKind.ACTIVITY
    name = "activity"
    sheet = "Hoạt động"
    fields = FIELDS
    kept = ("code", *WRITTEN)
    dates = ("date",)
    list_url = "wards:activity_list"
    title = gettext_lazy("Import activities from Excel")
    help_rows = gettext_lazy(
        "one activity per row; the drop-down lists hold the wards, content areas and types; "
        "an example is on the second sheet."
    )
    template_name = "mau-nhap-hoat-dong"
    example_note = gettext_lazy(
        "Copy rows like this one to the first sheet; the code identifies the activity."
    )

    def load(self, by: User) -> Lookups:
        lookups = base.load_lookups(by)
        records = Activity.objects.filter(organisation__isnull=True, ward_id__in=lookups.ward_ids).exclude(
            code=""
        )
        # (ward_id, code) -> (pk, *WRITTEN values)
        lookups.existing = {
            (row[1], row[2]): (row[0], *row[3:])
            for row in records.filter(is_deleted=False).values_list("pk", "ward_id", "code", *WRITTEN)
        }
        lookups.deleted = set(records.filter(is_deleted=True).values_list("ward_id", "code"))
        return lookups

    def check(self, row: Row, raw: dict, lookups: Lookups, by: User, seen: set) -> None:
        errors, values = row.errors, row.values
        code = base.parse(row, raw, "code", base.text)
        base.parse(row, raw, "title", base.text)
        base.parse(row, raw, "description", base.text)
        if code and len(code) > 40:
            errors["code"] = _("At most 40 characters.")
        if values.get("title") and len(values["title"]) > 255:
            errors["title"] = _("At most 255 characters.")
        day = base.parse(row, raw, "date", base.date)
        for key in ("participants", "beneficiary_households", "houses"):
            base.parse(row, raw, key, base.count)
        for key in ("funds_cash", "funds_in_kind"):
            base.parse(row, raw, key, base.amount)

        ward = lookups.ward(raw["ward"], errors)
        if ward is not None:
            values["ward_id"] = ward.pk
            refusal = ward_refusal(ward, day)
            if refusal:
                errors["date" if "date" not in errors else "ward"] = refusal
        values["area_id"] = None
        if ward is not None and base.text(raw["area"]):
            values["area_id"] = lookups.area(ward, raw["area"], errors)
        values["content_area_id"] = lookups.content_area(raw["content_area"], errors)
        activity_type = None
        if "activity_type" not in errors:
            activity_type = lookups.types.get(base.key_of(raw["activity_type"]))
            if activity_type is None:
                errors["activity_type"] = _("Choose an activity type from the list.")
            else:
                values["activity_type_id"] = activity_type.pk
        values["organiser_id"] = lookups.organisation(raw["organiser"], errors, "organiser")
        if activity_type is not None and values.get("houses") and not activity_type.counts_houses:
            errors["houses"] = _("Houses are counted only for the house-building activity type.")
        if ward is not None and code:
            base.once_in_file(row, (ward.pk, code), seen)
            base.refuse_deleted(row, (ward.pk, code), lookups)
        if errors:
            row.status = ERROR
            return
        self.recheck(row, lookups, by)

    def recheck(self, row: Row, lookups: Lookups, by: User) -> None:
        key = (row.values["ward_id"], row.values["code"])
        if base.refuse_deleted(row, key, lookups):
            row.status = ERROR
            return
        existing = lookups.existing.get(key)
        if existing is not None:
            row.pk = existing[0]
            same = tuple(existing[1:]) == tuple(row.values[k] for k in WRITTEN)
            row.status = SAME if same else UPDATE
        if row.status != SAME:
            _refuse_if_locked(row, existing, lookups, by)

    def write(self, rows: list[Row], lookups: Lookups, by: User) -> None:
        new, changed, touched = [], [], {}
        for row in rows:
            activity = _activity(row, by)
            days = touched.setdefault((activity.ward_id, None), set())
            days.add(activity.date)
            if row.pk is None:
                new.append(activity)
            else:
                days.add(lookups.existing[(activity.ward_id, activity.code)][1])
                changed.append(activity)
        _flush(new, changed, by)
        transaction.on_commit(lambda: activities_imported.send(sender=Activity, units=touched))

    def lists(self, lookups: Lookups) -> dict[str, list[str]]:
        return {
            "ward": lookups.ward_labels,
            "content_area": base.content_area_labels(),
            "activity_type": [
                t.name for t in sorted(lookups.types.values(), key=lambda t: (t.order, t.name))
            ],
            "organiser": base.organisation_names(),
        }

    def example(self, lists: dict[str, list[str]]) -> list:
        return [
            "HD-2025-001",
            "20/06/2025",
            str(_("Example: Unity Day of residential area 1")),
            _first(lists["ward"]),
            "",
            _first(lists["content_area"]),
            _first(lists["activity_type"]),
            "",
            120,
            35,
            "1.500.000",
            "2 triệu",
            0,
            "",
        ]


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _activity(row: Row, by: User) -> Activity:
    return Activity(
        pk=row.pk, code=row.values["code"], created_by=by, **{key: row.values[key] for key in WRITTEN}
    )


def _refuse_if_locked(row: Row, existing: tuple | None, lookups: Lookups, by: User) -> None:
    """Mark the row as an error when it, or the activity it updates, lies in an accepted report's window."""
    original = (existing[1 + WRITTEN.index("ward_id")], None, existing[1]) if existing else None
    wards = {row.values["ward_id"], *((original[0],) if original else ())}
    if not any(lookups.windows.by_ward.get(ward_id) for ward_id in wards):
        return  # no accepted report of these wards: nothing can be locked (and no record need be built)
    try:
        check_unlocked(record=_activity(row, by), by=by, original=original, lookup=lookups.windows.lock_for)
    except ValidationError as error:
        row.errors["date"], row.status = " ".join(error.messages), ERROR


def _flush(new: list, changed: list, by: User) -> None:
    if new:
        bulk_create_with_history(
            new, Activity, batch_size=BATCH_SIZE, default_user=by, default_change_reason=base.REASON
        )
    if changed:
        # Whole rows (not just the written fields) so that their history records are complete.
        current = Activity.objects.in_bulk([activity.pk for activity in changed])
        now = timezone.now()
        for index, activity in enumerate(changed):
            row = current[activity.pk]
            for key in WRITTEN:
                setattr(row, key, getattr(activity, key))
            row.updated_at = now
            changed[index] = row
        bulk_update_with_history(
            changed,
            Activity,
            [*WRITTEN, "updated_at"],
            batch_size=BATCH_SIZE,
            default_user=by,
            default_change_reason=base.REASON,
        )
