"""Residential areas, self-management models and covenants from Excel, checked by their entry forms.

Their files are short (a ward's areas, models and covenants: tens to a few thousand rows), so each row
goes through the same form the entry page uses: every rule lives in one place and an imported row is
refused for exactly the reason a typed one would be. A row's cells are first turned into the form's
data (names looked up once per file), then the form checks them against the record the row's key finds.
"""

from __future__ import annotations

import datetime
import re
from abc import abstractmethod
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wards.forms import ResidentialAreaForm
from wards.models import (
    AreaKind,
    Covenant,
    CovenantKind,
    CovenantMethod,
    CovenantStatus,
    ImportKind,
    ModelStatus,
    ModelType,
    ResidentialArea,
    SelfManagementModel,
    User,
    Ward,
    WardKind,
)

from . import import_base as base
from .forms import CovenantForm, SelfManagementModelForm
from .import_base import ERROR, NEW, SAME, UPDATE, Field, Lookups, Row
from .services import check_unlocked, snapshot


class FormSpec(base.Spec):
    """A kind whose rows are checked by its entry form; `values` holds the form's data."""

    model: type
    key_fields: tuple[str, ...]  # the values that find the record again
    key_column = "code"  # where a key used twice in the file is refused
    duplicate = gettext_lazy("This code appears twice in the file.")
    date_column = ""  # where a lock's refusal is shown; empty for records no report period locks

    @abstractmethod
    def form(self, data: dict, instance, by: User) -> forms.ModelForm:
        """The entry form, bound to the row's data."""

    @abstractmethod
    def cells(self, row: Row, raw: dict, lookups: Lookups) -> None:
        """Turn the cells into form data in row.values, or reasons in row.errors."""

    # The kept values are the form's data, kept by name (dates as ISO text).

    def dump(self, row: Row) -> list:
        return [
            row.number,
            {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in row.values.items()},
        ]

    def kept_rows(self, batch) -> Iterator[Row]:
        for number, kept in batch.checked:
            for key in self.dates:
                if kept.get(key):
                    kept[key] = datetime.date.fromisoformat(kept[key])
            yield Row(number=number, cells=[], values=kept)

    def key(self, values: dict) -> tuple:
        return tuple(values[name] for name in self.key_fields)

    def check(self, row: Row, raw: dict, lookups: Lookups, by: User, seen: set) -> None:
        self.cells(row, raw, lookups)
        if all(name in row.values and row.values[name] not in (None, "") for name in self.key_fields):
            key = self.key(row.values)
            base.once_in_file(row, key, seen, self.key_column, str(self.duplicate))
            base.refuse_deleted(row, key, lookups, self.key_column)
        # The form runs even when some cells are refused, so that the row shows all its problems at once.
        self.recheck(row, lookups, by)

    def recheck(self, row: Row, lookups: Lookups, by: User) -> None:
        key = self.key(row.values) if all(name in row.values for name in self.key_fields) else None
        if key is not None and base.refuse_deleted(row, key, lookups, self.key_column):
            row.status = ERROR
            return
        pk = lookups.existing.get(key)
        instance = self.model.objects.get(pk=pk) if pk is not None else None
        original = snapshot(instance) if instance is not None and self.date_column else None
        data = _as_data(instance) if instance is not None else {}
        sheet = {name: value for name, value in row.values.items() if name != "code"}
        form = self.form({**data, **sheet}, instance, by)
        if not form.is_valid() or row.errors:
            self._errors(row, form)
            return
        record = form.instance
        if "code" in row.values:
            record.code = row.values["code"]
        row.pk, row.record = pk, record
        row.areas = form.cleaned_data.get("areas")
        changed = any(
            _plain(data.get(name)) != _plain(form.cleaned_data.get(name))
            for name in sheet
            if name in form.fields
        )
        row.status = NEW if pk is None else (UPDATE if changed else SAME)
        if row.status != SAME and self.date_column:  # a logbook record, held by its period's lock
            try:
                check_unlocked(record=record, by=by, original=original, lookup=lookups.windows.lock_for)
            except ValidationError as error:
                row.errors[self.date_column], row.status = " ".join(error.messages), ERROR

    def _errors(self, row: Row, form: forms.ModelForm) -> None:
        columns = {f.key for f in self.fields}
        first = self.fields[0].key
        refused = set(row.errors)
        for name, messages in form.errors.items():
            text = " ".join(messages)
            if name in refused:
                continue  # the cell's own reason says more than the form's
            if name in columns:
                row.errors[name] = text
            else:  # a rule on the whole row, or on a field the sheet does not hold
                label = form.fields[name].label if name in form.fields else ""
                row.errors[first] = " ".join(
                    filter(None, [row.errors.get(first), label and f"{label}:", text])
                )
        row.status = ERROR

    def write(self, rows: list[Row], lookups: Lookups, by: User) -> None:
        for row in rows:
            record = row.record
            if record.pk is None and hasattr(record, "created_by_id"):
                record.created_by = by
            record._change_reason = base.REASON
            record.save()
            if row.areas is not None:
                record.areas.set(row.areas)


def _as_data(instance) -> dict:
    """A record as form data: many-to-many values as their ids."""
    data = forms.model_to_dict(instance)
    return {
        name: [item.pk for item in value] if isinstance(value, list) else value
        for name, value in data.items()
    }


def _coded(lookups: Lookups, records, owner: str) -> Lookups:
    """The records' (owner, code) -> pk, and the keys that deleted records hold (two queries)."""
    records = records.exclude(code="")
    lookups.existing = {
        (owner_id, code): pk
        for pk, owner_id, code in records.filter(is_deleted=False).values_list("pk", owner, "code")
    }
    lookups.deleted = set(records.filter(is_deleted=True).values_list(owner, "code"))
    return lookups


def _plain(value):
    """A cleaned value as comparable data: records as ids, many records as sorted ids."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    return value


def _labels(choices) -> list[str]:
    return [str(label) for _value, label in choices]


def _first(values: list[str]) -> str:
    return values[0] if values else ""


def _code(row: Row, raw: dict) -> None:
    code = base.parse(row, raw, "code", base.text)
    if code and len(code) > 40:
        row.errors["code"] = _("At most 40 characters.")


def _texts(row: Row, raw: dict, *keys: str) -> None:
    for key in keys:
        base.parse(row, raw, key, base.text)


def _numbers(row: Row, raw: dict, *keys: str) -> None:
    for key in keys:
        base.parse(row, raw, key, base.count)


def _dates(row: Row, raw: dict, *keys: str) -> None:
    for key in keys:
        base.parse(row, raw, key, base.date)


# Residential areas --------------------------------------------------------------------------------


class AreaSpec(FormSpec):
    kind = ImportKind.AREA
    name = "area"
    sheet = "Khu dân cư"
    model = ResidentialArea
    key_fields = ("ward", "name_key")
    key_column = "name"
    duplicate = gettext_lazy("This residential area appears twice in the file.")
    fields = [
        Field("ward", gettext_lazy("Ward / commune (*)"), 22, True),
        Field("name", gettext_lazy("Residential area name (*)"), 28, True),
        Field("kind", gettext_lazy("Kind (thôn, khối phố, tổ dân phố)"), 22),
        Field("households", gettext_lazy("Households"), 12),
        Field("population", gettext_lazy("Population"), 12),
        Field("household_groups", gettext_lazy("Household groups"), 12),
        Field("front_head_name", gettext_lazy("Head of the Front work committee"), 28),
        Field("front_head_phone", gettext_lazy("Phone of the head"), 16),
    ]
    list_url = "wards:area_list"
    title = gettext_lazy("Import residential areas from Excel")
    help_rows = gettext_lazy(
        "one residential area per row; a row whose ward already has an area of that name updates it."
    )
    template_name = "mau-nhap-khu-dan-cu"
    example_note = gettext_lazy(
        "Copy rows like this one to the first sheet; the ward and the name identify the residential area."
    )

    def load(self, by: User) -> Lookups:
        lookups = base.load_lookups(by)
        lookups.existing = {
            (ward_id, base.key_of(name)): pk
            for pk, ward_id, name in ResidentialArea.objects.filter(ward_id__in=lookups.ward_ids).values_list(
                "pk", "ward_id", "name"
            )
        }
        return lookups

    def form(self, data, instance, by):
        data = {name: value for name, value in data.items() if name != "name_key"}
        if instance is not None:  # the name found the area: a different case or spacing does not rename it
            data["name"] = instance.name
        return ResidentialAreaForm(data, instance=instance, wards=Ward.objects.editable_by(by).current())

    def cells(self, row, raw, lookups):
        _texts(row, raw, "name", "front_head_name", "front_head_phone")
        _numbers(row, raw, "households", "population", "household_groups")
        ward = lookups.ward(raw["ward"], row.errors)
        if ward is not None:
            row.values["ward"] = ward.pk
        if row.values.get("name"):
            row.values["name_key"] = base.key_of(row.values["name"])
        default = AreaKind.BLOCK if ward is not None and ward.kind == WardKind.WARD else AreaKind.VILLAGE
        row.values["kind"] = base.choice(AreaKind.choices, raw["kind"], row.errors, "kind", default)

    def lists(self, lookups):
        return {"ward": lookups.ward_labels, "kind": _labels(AreaKind.choices)}

    def example(self, lists):
        return [
            _first(lists["ward"]),
            "Khối phố 7",
            _first(lists["kind"]),
            245,
            980,
            12,
            "Nguyễn Văn A",
            "0905123456",
        ]


# Self-management models ---------------------------------------------------------------------------


AREA_SEPARATORS = re.compile(r"[;\n]")


class ModelSpec(FormSpec):
    kind = ImportKind.MODEL
    name = "model"
    sheet = "Mô hình"
    model = SelfManagementModel
    key_fields = ("ward", "code")
    date_column = "start_date"
    fields = [
        Field("code", gettext_lazy("Model code (*)"), 16, True),
        Field("name", gettext_lazy("Model name (*)"), 40, True),
        Field("ward", gettext_lazy("Ward / commune (*)"), 22, True),
        Field("areas", gettext_lazy("Residential areas (separated by ;)"), 30),
        Field("model_type", gettext_lazy("Model type (*)"), 30, True),
        Field("content_area", gettext_lazy("Content area (*)"), 30, True),
        Field("lead_organisation", gettext_lazy("Leading member organisation"), 26),
        Field("start_date", gettext_lazy("Start date dd/mm/yyyy (*)"), 14, True),
        Field("status", gettext_lazy("Status"), 16),
        Field("ended_on", gettext_lazy("Ended on dd/mm/yyyy"), 14),
        Field("households", gettext_lazy("Households taking part"), 12),
        Field("description", gettext_lazy("Description"), 40),
    ]
    dates = ("start_date", "ended_on")
    list_url = "wards:model_list"
    title = gettext_lazy("Import self-management models from Excel")
    help_rows = gettext_lazy(
        "one model per row; the drop-down lists hold the wards, types, content areas and statuses."
    )
    template_name = "mau-nhap-mo-hinh"
    example_note = gettext_lazy("Copy rows like this one to the first sheet; the code identifies the model.")

    def load(self, by: User) -> Lookups:
        lookups = base.load_lookups(by)
        records = SelfManagementModel.objects.filter(organisation__isnull=True, ward_id__in=lookups.ward_ids)
        return _coded(lookups, records, "ward_id")

    def form(self, data, instance, by):
        return SelfManagementModelForm(data, instance=instance, user=by)

    def cells(self, row, raw, lookups):
        _code(row, raw)
        _texts(row, raw, "name", "description")
        _numbers(row, raw, "households")
        _dates(row, raw, "start_date", "ended_on")
        errors, values = row.errors, row.values
        ward = lookups.ward(raw["ward"], errors)
        values["ward"] = ward.pk if ward else None
        values["areas"] = []
        if ward is not None:
            missing = []
            for name in filter(
                None, (part.strip() for part in AREA_SEPARATORS.split(base.text(raw["areas"])))
            ):
                area_id = lookups.areas.get((ward.pk, base.key_of(name)))
                if area_id is None:
                    missing.append(name)
                else:
                    values["areas"].append(area_id)
            if missing:
                errors["areas"] = _("No such residential area in %(ward)s.") % {"ward": ward.display_name} + (
                    f" ({', '.join(missing)})"
                )
        values["model_type"] = None
        if "model_type" not in errors:
            values["model_type"] = lookups.model_types.get(base.key_of(raw["model_type"]))
            if values["model_type"] is None:
                errors["model_type"] = _("Choose a model type from the list.")
        values["content_area"] = lookups.content_area(raw["content_area"], errors)
        values["lead_organisation"] = lookups.organisation(
            raw["lead_organisation"], errors, "lead_organisation"
        )
        values["status"] = base.choice(
            ModelStatus.choices, raw["status"], errors, "status", ModelStatus.ACTIVE
        )

    def lists(self, lookups):
        types = (
            ModelType.objects.filter(is_active=True).order_by("order", "name").values_list("name", flat=True)
        )
        return {
            "ward": lookups.ward_labels,
            "model_type": list(types),
            "content_area": base.content_area_labels(),
            "lead_organisation": base.organisation_names(),
            "status": _labels(ModelStatus.choices),
        }

    def example(self, lists):
        return [
            "MH-2025-001",
            str(_("Example: Safe and clean residential area")),
            _first(lists["ward"]),
            "",
            _first(lists["model_type"]),
            _first(lists["content_area"]),
            "",
            "15/03/2025",
            _first(lists["status"]),
            "",
            0,
            "",
        ]


# Covenants ------------------------------------------------------------------------------------------


class CovenantSpec(FormSpec):
    kind = ImportKind.COVENANT
    name = "covenant"
    sheet = "Hương ước"
    model = Covenant
    key_fields = ("area", "code")
    date_column = "meeting_date"
    fields = [
        Field("code", gettext_lazy("Covenant code (*)"), 16, True),
        Field("ward", gettext_lazy("Ward / commune (*)"), 22, True),
        Field("area", gettext_lazy("Residential area (*)"), 24, True),
        Field("kind", gettext_lazy("Kind: hương ước or quy ước (*)"), 16, True),
        Field("title", gettext_lazy("Title (*)"), 40, True),
        Field("version", gettext_lazy("Version"), 8),
        Field("status", gettext_lazy("Status"), 16),
        Field("meeting_date", gettext_lazy("Meeting date dd/mm/yyyy"), 14),
        Field("method", gettext_lazy("Method"), 18),
        Field("households_in_favour", gettext_lazy("Households in favour"), 12),
        Field("households_total", gettext_lazy("Households in total"), 12),
        Field("sent_on", gettext_lazy("Sent to the commune on dd/mm/yyyy"), 14),
        Field("file_complete_on", gettext_lazy("File complete on dd/mm/yyyy"), 14),
        Field("recognition_number", gettext_lazy("Recognition decision number"), 18),
        Field("recognition_date", gettext_lazy("Recognition date dd/mm/yyyy"), 14),
        Field("review_date", gettext_lazy("Yearly review date dd/mm/yyyy"), 14),
        Field("review_result", gettext_lazy("Review result"), 30),
    ]
    dates = ("meeting_date", "sent_on", "file_complete_on", "recognition_date", "review_date")
    list_url = "wards:covenant_list"
    title = gettext_lazy("Import covenants from Excel")
    help_rows = gettext_lazy(
        "one hương ước or quy ước per row; the code identifies it within its residential area."
    )
    template_name = "mau-nhap-huong-uoc"
    example_note = gettext_lazy(
        "Copy rows like this one to the first sheet; the code identifies the covenant in its area."
    )

    def load(self, by: User) -> Lookups:
        lookups = base.load_lookups(by)
        return _coded(lookups, Covenant.objects.filter(area__ward_id__in=lookups.ward_ids), "area_id")

    def form(self, data, instance, by):
        return CovenantForm(data, instance=instance, user=by)

    def cells(self, row, raw, lookups):
        _code(row, raw)
        _texts(row, raw, "title", "recognition_number", "review_result")
        _numbers(row, raw, "version", "households_in_favour", "households_total")
        if not row.values.get("version") and "version" not in row.errors:
            row.values["version"] = 1
        _dates(row, raw, *self.dates)
        errors, values = row.errors, row.values
        ward = lookups.ward(raw["ward"], errors)
        values["area"] = lookups.area(ward, raw["area"], errors) if ward is not None else None
        values["kind"] = base.choice(CovenantKind.choices, raw["kind"], errors, "kind")
        values["status"] = base.choice(
            CovenantStatus.choices, raw["status"], errors, "status", CovenantStatus.DRAFT
        )
        values["method"] = base.choice(CovenantMethod.choices, raw["method"], errors, "method")

    def lists(self, lookups):
        areas = ResidentialArea.objects.filter(ward_id__in=lookups.ward_ids, is_active=True)
        return {
            "ward": lookups.ward_labels,
            "area": sorted(set(areas.values_list("name", flat=True))),
            "kind": _labels(CovenantKind.choices),
            "status": _labels(CovenantStatus.choices),
            "method": _labels(CovenantMethod.choices),
        }

    def example(self, lists):
        return [
            "HU-01",
            _first(lists["ward"]),
            _first(lists["area"]),
            _first(lists["kind"]),
            str(_("Example: Hương ước of residential area 1")),
            1,
            _labels(CovenantStatus.choices)[1],
            "10/04/2025",
            _first(lists["method"]),
            160,
            200,
            "15/04/2025",
            "",
            "",
            "",
            "",
            "",
        ]
