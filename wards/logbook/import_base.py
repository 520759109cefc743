"""What every Excel import shares: its columns, a checked row, the names a row may use, and the cells'
parsers. The engine (imports.py) runs a `Spec`; each record kind's spec says how one row is checked
and written (import_activities.py, import_records.py)."""

from __future__ import annotations

import datetime
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scope import scope_of
from wards.models import (
    Activity,
    ActivityType,
    ImportBatch,
    MemberOrganisation,
    ModelType,
    ResidentialArea,
    User,
    Ward,
)

from .amounts import parse_amount
from .locks import WindowCache

REASON = "Nhập từ Excel"
NEW, UPDATE, SAME, ERROR = "new", "update", "same", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATE: gettext_lazy("update"),
    SAME: gettext_lazy("unchanged"),
    ERROR: gettext_lazy("error"),
}


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    width: int = 18
    required: bool = False


def key_of(text) -> str:
    """A name as it is compared: case, Unicode form and spacing do not count."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def content_area_model():
    return Activity._meta.get_field("content_area").related_model


# Lookups, loaded once per file -------------------------------------------------------------------


@dataclass
class Lookups:
    wards: dict[str, Ward]
    areas: dict[tuple[int, str], int]  # (ward_id, name) -> pk, active areas only
    content_areas: dict[str, int]
    types: dict[str, ActivityType]
    model_types: dict[str, int]
    organisations: dict[str, int]
    allowed_ward_ids: set[int] | None  # None: every ward (city staff)
    windows: WindowCache  # the accepted reports' locks of these wards, loaded once
    existing: dict = field(default_factory=dict)  # the spec's key -> what is stored under it
    deleted: set = field(default_factory=set)  # keys held by deleted records

    @property
    def ward_labels(self) -> list[str]:
        return sorted({ward.display_name for ward in self.wards.values()})

    @property
    def ward_ids(self) -> list[int]:
        return sorted({ward.pk for ward in self.wards.values()})

    def ward(self, raw, errors: dict, key: str = "ward") -> Ward | None:
        """The row's ward, or None with the reason on the cell."""
        if key in errors:
            return None
        ward = self.wards.get(key_of(raw))
        if ward is None:
            errors[key] = (
                _("You can import only into your own ward.")
                if self.allowed_ward_ids is not None
                else _("No such ward or commune.")
            )
        return ward

    def area(self, ward: Ward, raw, errors: dict, key: str = "area") -> int | None:
        area_id = self.areas.get((ward.pk, key_of(raw)))
        if area_id is None and key not in errors:
            errors[key] = _("No such residential area in %(ward)s.") % {"ward": ward.display_name}
        return area_id

    def organisation(self, raw, errors: dict, key: str) -> int | None:
        if not text(raw) or key in errors:
            return None
        pk = self.organisations.get(key_of(raw))
        if pk is None:
            errors[key] = _("No such member organisation.")
        return pk

    def content_area(self, raw, errors: dict, key: str = "content_area") -> int | None:
        if key in errors:
            return None
        pk = self.content_areas.get(key_of(raw))
        if pk is None:
            errors[key] = _("Choose a content area from the list.")
        return pk


def load_lookups(user: User) -> Lookups:
    """Every name a row may use, in a fixed number of queries whatever the size of the file."""
    scope = scope_of(user)
    allowed = None if scope.manages_city else {scope.ward_id}
    wards_q = Ward.objects.all() if allowed is None else Ward.objects.filter(pk__in=allowed)
    wards = {}
    for ward in wards_q:
        wards[key_of(ward.display_name)] = ward
        wards.setdefault(key_of(ward.name), ward)
        wards.setdefault(key_of(ward.code), ward)
    ward_ids = [ward.pk for ward in wards.values()]
    areas = {}
    for pk, ward_id, name, kind in ResidentialArea.objects.filter(
        ward_id__in=ward_ids, is_active=True
    ).values_list("pk", "ward_id", "name", "kind"):
        area = ResidentialArea(pk=pk, ward_id=ward_id, name=name, kind=kind)
        areas[(ward_id, key_of(name))] = pk
        areas.setdefault((ward_id, key_of(area.display_name)), pk)
    content_areas = {}
    for area in content_area_model().objects.order_by("-programme__term_start", "number"):
        content_areas.setdefault(key_of(str(area)), area.pk)
        content_areas.setdefault(key_of(area.number), area.pk)
        content_areas.setdefault(key_of(area.short_title), area.pk)
    types = {key_of(t.name): t for t in ActivityType.objects.filter(is_active=True)}
    model_types = {
        key_of(name): pk for pk, name in ModelType.objects.filter(is_active=True).values_list("pk", "name")
    }
    organisations = {}
    for pk, name, short in MemberOrganisation.objects.filter(is_active=True).values_list(
        "pk", "name", "short_name"
    ):
        organisations[key_of(name)] = pk
        organisations.setdefault(key_of(short), pk)
    return Lookups(
        wards, areas, content_areas, types, model_types, organisations, allowed, WindowCache(ward_ids)
    )


def content_area_labels() -> list[str]:
    areas = content_area_model().objects.order_by("-programme__term_start", "number")
    return list(dict.fromkeys(str(area) for area in areas))


def organisation_names() -> list[str]:
    return sorted(MemberOrganisation.objects.filter(is_active=True).values_list("name", flat=True))


# One row ------------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # the spreadsheet's row number, as the user sees it
    cells: list
    status: str = NEW
    errors: dict[str, str] = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    pk: int | None = None
    record: object = None  # the record to save, for the kinds that write through their entry form
    areas: list | None = None  # and its residential areas, for a model


class Spec(ABC):
    """One kind of record imported from Excel: the engine (imports.py) calls these."""

    kind: str  # ImportKind
    name: str  # the URL names' prefix: "activity" -> wards:activity_import
    sheet: str  # the data sheet's name
    fields: list[Field]
    kept: tuple[str, ...] = ()  # the values kept at upload, in order, so that confirming need not re-read
    dates: tuple[str, ...] = ()  # which of them are dates (kept as ISO text)
    list_url: str
    title: str  # the import page's heading
    help_rows: str  # what one row holds, for the import page
    template_name: str  # the template file's name, without the date
    example_note: str

    @property
    def start_url(self) -> str:
        return f"wards:{self.name}_import"

    @property
    def template_url(self) -> str:
        return f"wards:{self.name}_import_template"

    @abstractmethod
    def load(self, by: User) -> Lookups:
        """The lookups with this kind's existing records (`existing`, `deleted`) filled in."""

    @abstractmethod
    def check(self, row: Row, raw: dict, lookups: Lookups, by: User, seen: set) -> None:
        """Parse and check the cells of one row (already free of formulas and missing required cells)."""

    @abstractmethod
    def recheck(self, row: Row, lookups: Lookups, by: User) -> None:
        """Check again a row kept at upload, against the database as it is now."""

    @abstractmethod
    def write(self, rows: list[Row], lookups: Lookups, by: User) -> None:
        """Write checked rows (new or changed), inside the caller's transaction."""

    def lists(self, lookups: Lookups) -> dict[str, list[str]]:
        """The drop-down lists of the template, by column key."""
        return {}

    @abstractmethod
    def example(self, lists: dict[str, list[str]]) -> list:
        """The template's example row, from its drop-down lists."""

    # The kept values, as JSON and back.

    def dump(self, row: Row) -> list:
        values = [row.values[key] for key in self.kept]
        return [row.number, *(v.isoformat() if isinstance(v, datetime.date) else v for v in values)]

    def kept_rows(self, batch: ImportBatch) -> Iterator[Row]:
        for number, *values in batch.checked:
            kept = dict(zip(self.kept, values, strict=True))
            for key in self.dates:
                if kept[key]:
                    kept[key] = datetime.date.fromisoformat(kept[key])
            yield Row(number=number, cells=[], values=kept)


# Cells ---------------------------------------------------------------------------------------------


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def date(value) -> datetime.date | None:
    """A cell as a day: an Excel date, or text dd/mm/yyyy; None when empty."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    typed = text(value)
    if not typed:
        return None
    try:
        return datetime.datetime.strptime(typed, "%d/%m/%Y").date()  # noqa: DTZ007 (a calendar day)
    except ValueError:
        raise ValidationError(_("Enter the date as dd/mm/yyyy, for example 20/06/2025.")) from None


def count(value) -> int:
    if value is None or value == "":
        return 0
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and float(value).is_integer()
        and value >= 0
    ):
        return int(value)
    typed = text(value).replace(".", "").replace(",", "").replace(" ", "")
    if not typed.isdigit():
        raise ValidationError(_("Enter a whole number that is zero or more."))
    return int(typed)


def amount(value) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parse_amount(value)


def parse(row: Row, raw: dict, key: str, parser):
    """Parse one cell into row.values, or put the reason on the cell; returns the value or None."""
    if key in row.errors:
        return None
    try:
        row.values[key] = parser(raw[key])
    except ValidationError as error:
        row.errors[key] = " ".join(error.messages)
    return row.values.get(key)


def choice(choices, raw, errors: dict, key: str, default: str = "") -> str:
    """A choice typed as its Vietnamese label (or its stored value); `default` when the cell is empty."""
    if not text(raw):
        return default
    by_name = {}
    for value, label in choices:
        by_name[key_of(label)] = value
        by_name.setdefault(key_of(value), value)
    picked = by_name.get(key_of(raw))
    if picked is None and key not in errors:
        errors[key] = _("Choose a value from the list.")
    return picked or default


def once_in_file(row: Row, key: tuple, seen: set, column: str = "code", message: str = "") -> None:
    """Refuse a row whose key an earlier row of the file already used."""
    if key in seen:
        row.errors[column] = message or _("This code appears twice in the file.")
    seen.add(key)


def refuse_deleted(row: Row, key, lookups: Lookups, column: str = "code") -> bool:
    """A code held by a deleted record cannot be reused: the city office restores the record instead."""
    if key in lookups.deleted and column not in row.errors:
        row.errors[column] = _(
            "A deleted record has this code: ask the city Front office to restore it, or use another code."
        )
        return True
    return False
