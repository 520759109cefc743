"""The organisation: the deploying body, wards, residential areas, member organisations and users."""

import datetime
import unicodedata
import uuid
from pathlib import PurePosixPath

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formatting import short_date, short_datetime
from core.scope import Role, ScopedQuerySet, scope_of


class OrganisationQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> "Organisation | None":
        """The configuration that issued documents on `day` (the deploying body may change)."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class Organisation(models.Model):
    """The deploying body as it appears on documents; dated, because the body itself may change."""

    valid_from = models.DateField(_("valid from"), unique=True)
    header_parent = models.CharField(_("parent body line"), max_length=120, default="ỦY BAN MTTQ VIỆT NAM")
    header_name = models.CharField(_("body name line"), max_length=120, default="THÀNH PHỐ TAM KỲ")
    header_unit = models.CharField(_("issuing unit line"), max_length=120, default="BAN THƯỜNG TRỰC")
    right_header_line_1 = models.CharField(
        _("right block, first line"), max_length=120, default="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    right_header_line_2 = models.CharField(
        _("right block, second line"), max_length=120, default="Độc lập - Tự do - Hạnh phúc"
    )
    place_name = models.CharField(_("place name for the date line"), max_length=80, default="Tam Kỳ")
    document_suffix = models.CharField(
        _("document number suffix"),
        max_length=40,
        default="MTTQ-BTT",
        help_text=_("The part after the type: Số: 12/BC-<suffix>."),
    )
    signer_on_behalf = models.CharField(
        _("signing on behalf of"), max_length=120, default="TM. BAN THƯỜNG TRỰC"
    )
    signer_title = models.CharField(_("signer's title"), max_length=120, default="CHỦ TỊCH")
    signer_name = models.CharField(_("signer's name"), max_length=120)
    recipients = models.TextField(
        _("recipients (Nơi nhận)"),
        help_text=_("One recipient per line, as printed under 'Nơi nhận'."),
        default="BTT UBMTTQ VN tỉnh (b/c);\nThường trực Thành ủy (b/c);\nCác tổ chức thành viên;\n"
        "UBMTTQ các xã, phường;\nLưu: VT.",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation configuration")
        verbose_name_plural = _("organisation configurations")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.header_parent} {self.header_name} ({short_date(self.valid_from)})"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    def problems(self) -> list[str]:
        """Why a document issued under this configuration could not be signed; empty when it can."""
        found = []
        required = {
            "header_parent": _("parent body line"),
            "header_name": _("body name line"),
            "header_unit": _("issuing unit line"),
            "place_name": _("place name for the date line"),
            "document_suffix": _("document number suffix"),
            "signer_title": _("signer's title"),
            "signer_name": _("signer's name"),
        }
        for field, label in required.items():
            value = (getattr(self, field) or "").strip()
            if not value:
                found.append(_("The %(field)s is empty.") % {"field": label})
            elif is_placeholder(value):
                found.append(
                    _("The %(field)s is still a placeholder: %(value)s") % {"field": label, "value": value}
                )
        lines = self.recipient_lines
        if not lines:
            found.append(_("There are no recipients (Nơi nhận)."))
        for line in lines:
            if is_placeholder(line):
                found.append(_("The recipient “%(line)s” is still a placeholder.") % {"line": line})
            elif self.is_itself(line):
                found.append(_("The recipient “%(line)s” is the issuing body itself.") % {"line": line})
        return found

    def is_itself(self, recipient: str) -> bool:
        """Whether a recipient line names the body that issues the document (its standing board)."""
        text = folded(recipient)
        place = folded(self.header_name)
        for prefix in ("thanh pho ", "tinh ", "phuong ", "xa "):
            place = place.removeprefix(prefix)
        standing = any(word in text.split() for word in ("btt", "tt")) or "ban thuong truc" in text
        front = "mttq" in text.replace(" ", "")
        return bool(place) and place in text and standing and front


PLACEHOLDER_MARKERS = ("cập nhật", "...", "…", "xxx", "TODO")


def is_placeholder(value: str) -> bool:
    """A value left to be filled in: "(cập nhật họ tên người ký)", "…", "xxx"."""
    text = value.strip()
    lowered = text.lower()
    return (text.startswith("(") and text.endswith(")")) or any(
        m.lower() in lowered for m in PLACEHOLDER_MARKERS
    )


def folded(text: str) -> str:
    """Lower case without Vietnamese diacritics, for comparing names."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


class WardKind(models.TextChoices):
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")


class WardQuerySet(ScopedQuerySet):
    scope_ward_field = "pk"

    def valid_on(self, day: datetime.date) -> "WardQuerySet":
        return self.filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day)))

    def valid_during(self, start: datetime.date, end: datetime.date) -> "WardQuerySet":
        """Units that existed on at least one day of [start, end]."""
        return self.filter(Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start)))

    def current(self) -> "WardQuerySet":
        return self.valid_on(timezone.localdate())


class Ward(models.Model):
    """A commune-level unit (xã or phường) with the interval in which it existed."""

    kind = models.CharField(_("kind"), max_length=10, choices=WardKind.choices)
    code = models.CharField(_("statistics code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    former_names = models.CharField(
        _("former names"),
        max_length=255,
        blank=True,
        help_text=_("Names of units merged into this one earlier, comma-separated."),
    )

    objects = WardQuerySet.as_manager()

    class Meta:
        verbose_name = _("ward / commune")
        verbose_name_plural = _("wards / communes")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ward_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=~Q(successor=models.F("pk")), name="ward_not_its_own_successor"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.get_kind_display_short()} {self.name}"

    def get_kind_display_short(self) -> str:
        return "Xã" if self.kind == WardKind.COMMUNE else "Phường"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class AreaKind(models.TextChoices):
    VILLAGE = "thon", _("Village (thôn)")
    BLOCK = "khoi_pho", _("Block (khối phố)")
    GROUP = "to_dan_pho", _("Residential group (tổ dân phố)")


class ResidentialAreaQuerySet(ScopedQuerySet):
    scope_ward_field = "ward"
    # Member-organisation officers tie their activities to areas of any ward, so they may read all.
    readable_by_organisations = True

    def active(self) -> "ResidentialAreaQuerySet":
        return self.filter(is_active=True)


class ResidentialArea(models.Model):
    """A residential area (khu dân cư): thôn in a xã, khối phố or tổ dân phố in a phường."""

    ward = models.ForeignKey(
        Ward, verbose_name=_("ward / commune"), on_delete=models.PROTECT, related_name="areas"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=100)
    households = models.PositiveIntegerField(_("number of households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    household_groups = models.PositiveIntegerField(_("household groups (tổ đoàn kết)"), default=0)
    front_head_name = models.CharField(_("head of the Front work committee"), max_length=100, blank=True)
    front_head_phone = models.CharField(_("phone of the head"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo name"), default=False, help_text=_("The name was made up for the demo data.")
    )

    objects = ResidentialAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("residential area")
        verbose_name_plural = _("residential areas")
        ordering = ["ward__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="area_name_unique_in_ward"),
            models.CheckConstraint(
                condition=Q(population__gte=models.F("households")) | Q(population=0),
                name="area_population_not_below_households",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """'Khối phố Mỹ An', but not 'Khối phố Khối phố 4' when the name already says its kind."""
        kind = {AreaKind.VILLAGE: "Thôn", AreaKind.BLOCK: "Khối phố", AreaKind.GROUP: "Tổ dân phố"}[self.kind]
        if self.name.lower().startswith(kind.lower()):
            return self.name
        return f"{kind} {self.name}"


class OrganisationKind(models.TextChoices):
    SOCIO_POLITICAL = "socio_political", _("Socio-political organisation")
    ASSOCIATION = "association", _("Association")


class MemberOrganisationQuerySet(ScopedQuerySet):
    scope_organisation_field = "pk"
    readable_by_wards = True

    def active(self) -> "MemberOrganisationQuerySet":
        return self.filter(is_active=True)


class MemberOrganisation(models.Model):
    """A member organisation of the Front (tổ chức thành viên)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MemberOrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(ScopedQuerySet):
    """Accounts are city data: city-wide roles read them, city staff change them, unit officers neither."""

    def staff_of_city(self) -> "UserQuerySet":
        """Active city staff: who reviews the units' reports."""
        return self.filter(is_active=True, role=Role.CITY_STAFF)

    def officers_of(self, *, ward_id: int | None, organisation_id: int | None) -> "UserQuerySet":
        """Active officers of one unit (a ward or a member organisation)."""
        if ward_id:
            return self.filter(is_active=True, role=Role.WARD_OFFICER, ward_id=ward_id)
        return self.filter(is_active=True, role=Role.ORG_OFFICER, organisation_id=organisation_id)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal user: the role decides what they may do, the ward or organisation where."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("ward / commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Asked for a new password at the next login (a password set by someone else)."),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_binding_matches_role",
                condition=(
                    Q(role=Role.WARD_OFFICER, ward__isnull=False, organisation__isnull=True)
                    | Q(role=Role.ORG_OFFICER, organisation__isnull=False, ward__isnull=True)
                    | (
                        Q(role__in=[Role.CITY_STAFF, Role.LEADERSHIP, Role.ADMINISTRATOR])
                        & Q(ward__isnull=True, organisation__isnull=True)
                    )
                ),
            )
        ]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role == Role.WARD_OFFICER:
            if not self.ward_id:
                errors["ward"] = _("A ward officer must be bound to exactly one ward.")
            if self.organisation_id:
                errors["organisation"] = _("A ward officer cannot be bound to a member organisation.")
        elif self.role == Role.ORG_OFFICER:
            if not self.organisation_id:
                errors["organisation"] = _(
                    "A member-organisation officer must be bound to exactly one organisation."
                )
            if self.ward_id:
                errors["ward"] = _("A member-organisation officer cannot be bound to a ward.")
        else:
            if self.ward_id:
                errors["ward"] = _("Only ward officers are bound to a ward.")
            if self.organisation_id:
                errors["organisation"] = _("Only member-organisation officers are bound to an organisation.")
        if errors:
            raise ValidationError(errors)

    def get_full_name(self) -> str:
        # Vietnamese order: family and middle names (last_name) before the given name (first_name).
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def scope(self):
        return scope_of(self)

    @property
    def unit_label(self) -> str:
        """The unit shown beside the user's name in the navigation bar."""
        if self.role == Role.WARD_OFFICER and self.ward_id:
            return self.ward.display_name
        if self.role == Role.ORG_OFFICER and self.organisation_id:
            return self.organisation.name
        return str(_("City Front office"))


# Logging: self-management models, activities, covenants and their evidence -------------------------


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


class Deadline(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    PENDING = "pending", _("Pending")


def deadline_state(done_on: datetime.date | None, due: datetime.date | None) -> str | None:
    """On time / late / pending for one deadline; None when the deadline has not started."""
    if due is None:
        return None
    if done_on is None:
        return Deadline.LATE if timezone.localdate() > due else Deadline.PENDING
    return Deadline.ON_TIME if done_on <= due else Deadline.LATE


class PickListQuerySet(ScopedQuerySet):
    # Every role reads the pick lists; only city managers change them (no unit owns them).
    readable_by_wards = True
    readable_by_organisations = True


class ModelType(models.Model):
    """A kind of self-management model (configurable pick-list, domain.md §4)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PickListQuerySet.as_manager()

    class Meta:
        verbose_name = _("model type")
        verbose_name_plural = _("model types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ActivityType(models.Model):
    """A kind of activity (configurable); some count houses built or repaired."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    counts_houses = models.BooleanField(_("counts houses"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PickListQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LogQuerySet(ScopedQuerySet):
    """Rows owned by a ward (organisation null) or by a member organisation."""

    scope_ward_field = "ward"
    scope_organisation_field = "organisation"
    date_field = "date"

    def alive(self):
        return self.filter(is_deleted=False)

    def in_window(self, start: datetime.date, end: datetime.date):
        return self.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})


class SoftDeleted(models.Model):
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        User, verbose_name=_("deleted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def unit_ids(self) -> tuple[int | None, int | None]:
        """(ward id, organisation id) of the reporting unit that owns the row."""
        if getattr(self, "organisation_id", None):
            return None, self.organisation_id
        return self.ward_id, None

    @property
    def owner_label(self) -> str:
        if getattr(self, "organisation_id", None):
            return str(self.organisation)
        return self.ward.display_name if self.ward_id else ""


class ModelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


class SelfManagementModelQuerySet(LogQuerySet):
    date_field = "start_date"


class SelfManagementModel(SoftDeleted):
    """A self-management model (mô hình tự quản) in the areas of one ward, or a city-wide one."""

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The unit's own code for the model: an Excel import finds the row again by it."),
    )
    model_type = models.ForeignKey(
        ModelType, verbose_name=_("model type"), on_delete=models.PROTECT, related_name="models"
    )
    content_area = models.ForeignKey(
        "programs.ContentArea", verbose_name=_("content area"), on_delete=models.PROTECT, related_name="+"
    )
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("ward / commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    areas = models.ManyToManyField(
        ResidentialArea,
        verbose_name=_("residential areas"),
        blank=True,
        related_name="self_management_models",
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("owning organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("leading organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the ward Front committee leads."),
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households taking part"), default=0)
    description = models.TextField(_("description"), blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replicas",
    )
    is_exemplary = models.BooleanField(_("exemplary"), default=False)

    history = HistoricalRecords()
    objects = SelfManagementModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-management model")
        verbose_name_plural = _("self-management models")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ward__isnull=False) | Q(organisation__isnull=False), name="smm_has_a_unit"
            ),
            models.CheckConstraint(
                condition=(Q(status="ended") & Q(ended_on__isnull=False))
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="smm_ended_on_iff_ended",
            ),
            models.CheckConstraint(condition=~Q(replicated_from=models.F("pk")), name="smm_not_own_origin"),
            models.UniqueConstraint(
                fields=["ward", "code"],
                condition=Q(organisation__isnull=True) & ~Q(code=""),
                name="smm_code_unique_per_ward",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=Q(organisation__isnull=False) & ~Q(code=""),
                name="smm_code_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lead_label(self) -> str:
        return str(self.lead_organisation) if self.lead_organisation_id else str(_("Ward Front committee"))


class Activity(SoftDeleted):
    """An activity (hoạt động) held by a ward or a member organisation."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The unit's own code for the activity: an Excel import finds the row again by it."),
    )
    content_area = models.ForeignKey(
        "programs.ContentArea", verbose_name=_("content area"), on_delete=models.PROTECT, related_name="+"
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activity type"), on_delete=models.PROTECT, related_name="activities"
    )
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("ward / commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("residential area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("Empty: the whole ward."),
    )
    model = models.ForeignKey(
        SelfManagementModel,
        verbose_name=_("self-management model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("owning organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the ward Front committee."),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    beneficiary_households = models.PositiveIntegerField(_("beneficiary households"), default=0)
    funds_cash = models.BigIntegerField(_("funds mobilised in cash (đồng)"), default=0)
    funds_in_kind = models.BigIntegerField(_("in-kind value (đồng)"), default=0)
    houses = models.PositiveIntegerField(_("houses built or repaired"), default=0)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = LogQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        # "Latest activities" of a unit and its predecessors read a few rows in this order.
        indexes = [
            models.Index(fields=["ward", "date", "id"], name="activity_ward_date_id"),
            models.Index(fields=["organisation", "date", "id"], name="activity_org_date_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ward__isnull=False) | Q(organisation__isnull=False), name="activity_has_a_unit"
            ),
            models.UniqueConstraint(
                fields=["ward", "code"],
                condition=Q(organisation__isnull=True) & ~Q(code=""),
                name="activity_code_unique_per_ward",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=Q(organisation__isnull=False) & ~Q(code=""),
                name="activity_code_unique_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(funds_cash__gte=0, funds_cash__lte=100_000_000_000)
                & Q(funds_in_kind__gte=0, funds_in_kind__lte=100_000_000_000),
                name="activity_funds_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_label(self) -> str:
        return str(self.organiser) if self.organiser_id else str(_("Ward Front committee"))

    @property
    def place_label(self) -> str:
        if not self.ward_id:
            return str(_("City-wide"))
        return f"{self.area.name} – {self.ward.display_name}" if self.area_id else self.ward.display_name


class CovenantKind(models.TextChoices):
    HUONG_UOC = "huong_uoc", _("Hương ước")
    QUY_UOC = "quy_uoc", _("Quy ước")


class CovenantMethod(models.TextChoices):
    MEETING = "meeting", _("Household meeting")
    BALLOT = "ballot", _("Written ballot")


class CovenantStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    RECOGNISED = "recognised", _("Recognised")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class CovenantQuerySet(LogQuerySet):
    scope_ward_field = "area__ward"
    scope_organisation_field = None
    date_field = "meeting_date"

    def in_window(self, start: datetime.date, end: datetime.date):
        """Covenants adopted or reviewed in the window."""
        return self.filter(Q(meeting_date__range=(start, end)) | Q(review_date__range=(start, end)))


class Covenant(SoftDeleted):
    """A hương ước or quy ước of one residential area (Decree 61/2023/NĐ-CP)."""

    area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="covenants",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CovenantKind.choices)
    title = models.CharField(_("title"), max_length=255)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("The unit's own code for the covenant: an Excel import finds the row again by it."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=CovenantMethod.choices, blank=True)
    households_in_favour = models.PositiveIntegerField(_("households in favour"), default=0)
    households_total = models.PositiveIntegerField(_("households in total"), default=0)
    sent_on = models.DateField(_("file sent to the commune People's Committee on"), null=True, blank=True)
    file_complete_on = models.DateField(_("file complete on"), null=True, blank=True)
    recognition_number = models.CharField(_("recognition decision number"), max_length=60, blank=True)
    recognition_date = models.DateField(_("recognition date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CovenantStatus.choices, default=CovenantStatus.DRAFT
    )
    review_date = models.DateField(_("yearly review date"), null=True, blank=True)
    review_result = models.TextField(_("review result"), blank=True)

    history = HistoricalRecords()
    objects = CovenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(households_in_favour__lte=models.F("households_total")),
                name="covenant_favour_not_above_total",
            ),
            models.UniqueConstraint(
                fields=["area", "code"], condition=~Q(code=""), name="covenant_code_unique_per_area"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ward(self) -> Ward:
        return self.area.ward

    @property
    def ward_id(self) -> int:
        return self.area.ward_id

    @property
    def passes(self) -> bool:
        """More than half of the households voted in favour."""
        return self.households_total > 0 and self.households_in_favour * 2 > self.households_total

    @property
    def sent_due(self) -> datetime.date | None:
        return add_working_days(self.meeting_date, 5) if self.meeting_date else None

    @property
    def recognition_due(self) -> datetime.date | None:
        return add_working_days(self.file_complete_on, 5) if self.file_complete_on else None

    @property
    def sent_state(self) -> str | None:
        if self.status == CovenantStatus.DRAFT:
            return None
        return deadline_state(self.sent_on, self.sent_due)

    @property
    def recognition_state(self) -> str | None:
        return deadline_state(self.recognition_date, self.recognition_due)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.households_in_favour > self.households_total:
            errors["households_in_favour"] = _("Households in favour cannot exceed the total.")
        elif self.status in (CovenantStatus.ADOPTED, CovenantStatus.RECOGNISED) and not self.passes:
            errors["households_in_favour"] = _(
                "A covenant is adopted only when more than half of the households are in favour."
            )
        if self.status != CovenantStatus.DRAFT and not self.meeting_date:
            errors["meeting_date"] = _("Enter the meeting date.")
        if self.recognition_date and not self.recognition_number:
            errors["recognition_number"] = _("Enter the recognition decision number.")
        if self.status == CovenantStatus.RECOGNISED and not self.recognition_date:
            errors["recognition_date"] = _("A recognised covenant needs the recognition date.")
        if errors:
            raise ValidationError(errors)


def evidence_path(instance, filename: str) -> str:
    """A random name with the extension of the detected type (core.uploads names the file, not the user)."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A photo or document attached to any record; served only through a scoped view."""

    content_type_ref = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type_ref", "object_id")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type_ref", "object_id"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


class LockedWindow(models.Model):
    """A unit's records dated in [start, end] are locked because its report for that window was accepted.

    The reports app writes one row per unit the report answers for (the unit and the units merged into
    it) when it accepts the report, and deletes them when it reopens it; the logbook reads them.
    """

    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        MemberOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateField(_("window start"))
    end = models.DateField(_("window end"))
    report_id = models.PositiveBigIntegerField(_("accepted report"), db_index=True)
    report_label = models.CharField(_("accepted report label"), max_length=200)

    class Meta:
        verbose_name = _("locked window")
        verbose_name_plural = _("locked windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(ward__isnull=False, organisation__isnull=True)
                | Q(ward__isnull=True, organisation__isnull=False),
                name="locked_window_one_unit",
            ),
            models.UniqueConstraint(fields=["report_id", "ward"], name="locked_window_report_ward"),
        ]
        indexes = [
            models.Index(fields=["ward", "start", "end"]),
            models.Index(fields=["organisation", "start"]),
        ]

    def __str__(self) -> str:
        return self.report_label


class LockedChange(models.Model):
    """A change city staff made, with a reason, to a record inside an accepted report's window."""

    report_id = models.PositiveBigIntegerField(_("accepted report"), db_index=True)
    record_label = models.CharField(_("record"), max_length=300)
    action = models.CharField(_("action"), max_length=80)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("change after acceptance")
        verbose_name_plural = _("changes after acceptance")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.record_label}: {self.reason}"


# Administrative reorganisation: mergers and renames that keep the history ------------------------


class UserAction(models.TextChoices):
    MOVE = "move", _("Move them to the target unit")
    DEACTIVATE = "deactivate", _("Deactivate their accounts")


class ReorganisationQuerySet(ScopedQuerySet):
    """City-wide data: city staff, leadership and administrators read it; no unit officer does."""


class Reorganisation(models.Model):
    """A merger or rename of units on an effective date, with what it changed so it can be undone."""

    target = models.ForeignKey(
        Ward,
        verbose_name=_("target unit"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="reorganisations_in",
        help_text=_("Empty after the reorganisation that created it was undone."),
    )
    target_name = models.CharField(_("target unit name"), max_length=120)
    target_created = models.BooleanField(_("target created by this reorganisation"), default=False)
    target_former_names_before = models.CharField(max_length=255, blank=True, editable=False)
    effective_date = models.DateField(_("effective date"))
    resolution_number = models.CharField(_("resolution number"), max_length=60)
    resolution_date = models.DateField(_("resolution date"))
    user_action = models.CharField(
        _("users bound to a source unit"), max_length=12, choices=UserAction.choices, default=UserAction.MOVE
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    applied_by = models.ForeignKey(
        User, verbose_name=_("applied by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        User, verbose_name=_("undone by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReorganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolution_date__lte=models.F("effective_date")),
                name="reorganisation_resolution_before_effect",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_name} ({short_date(self.effective_date)})"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class ReorganisationSource(models.Model):
    """One unit merged into the target, with its interval and successor before the change."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="sources")
    ward = models.ForeignKey(Ward, verbose_name=_("source unit"), on_delete=models.PROTECT, related_name="+")
    previous_valid_to = models.DateField(null=True, blank=True)
    previous_successor = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["ward__name"]
        constraints = [
            models.UniqueConstraint(fields=["reorganisation", "ward"], name="reorganisation_source_once")
        ]

    def __str__(self) -> str:
        return str(self.ward)


class AreaTransfer(models.Model):
    """A residential area that moved to another unit on a date: answers "its unit on day D"."""

    reorganisation = models.ForeignKey(Reorganisation, on_delete=models.CASCADE, related_name="transfers")
    area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_ward = models.ForeignKey(Ward, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+")
    to_ward = models.ForeignKey(Ward, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+")
    effective_date = models.DateField(_("effective date"))
    from_name = models.CharField(_("name before"), max_length=100)
    to_name = models.CharField(_("name after"), max_length=100)

    class Meta:
        verbose_name = _("area transfer")
        verbose_name_plural = _("area transfers")
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name} ({short_date(self.effective_date)})"


class UserMove(models.Model):
    """A user bound to a source unit: moved to the target or deactivated by a reorganisation."""

    reorganisation = models.ForeignKey(
        Reorganisation, verbose_name=_("reorganisation"), on_delete=models.CASCADE, related_name="user_moves"
    )
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+")
    from_ward = models.ForeignKey(
        Ward, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    was_active = models.BooleanField(_("was active"), default=True)
    action = models.CharField(_("action"), max_length=12, choices=UserAction.choices)

    class Meta:
        verbose_name = _("account moved by a reorganisation")
        verbose_name_plural = _("accounts moved by a reorganisation")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_action_display()})"


class UserAssignment(models.Model):
    """A user's role and unit changed by city staff on a date: where they were before and after.

    Not UserMove: a UserMove is the undo record of a reorganisation (deleted when it is undone) and knows
    only wards; this is the lasting history of one person's moves, organisations and role changes included.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        User, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    from_role = models.CharField(_("role before"), max_length=20, choices=Role.choices)
    from_ward = models.ForeignKey(
        Ward, verbose_name=_("ward before"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation before"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_role = models.CharField(_("role after"), max_length=20, choices=Role.choices)
    to_ward = models.ForeignKey(
        Ward, verbose_name=_("ward after"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        MemberOrganisation,
        verbose_name=_("organisation after"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change of unit")
        verbose_name_plural = _("changes of unit")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} ({short_datetime(self.at)})"


# Excel imports ---------------------------------------------------------------------------------------


def import_path(instance, filename: str) -> str:
    """A random name under MEDIA_ROOT: the uploaded workbook waits there until it is confirmed."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ImportKind(models.TextChoices):
    ACTIVITY = "activity", _("Activities")
    AREA = "area", _("Residential areas")
    MODEL = "model", _("Self-management models")
    COVENANT = "covenant", _("Covenants")


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatchQuerySet(ScopedQuerySet):
    scope_ward_field = "ward"

    def for_user(self, user):
        """An import is seen by the one who uploaded it, and by city staff."""
        scope = scope_of(user)
        return self.all() if scope.manages_city else self.filter(uploaded_by=user)

    def editable_by(self, user):
        return self.for_user(user)


class ImportBatch(models.Model):
    """One uploaded workbook: checked row by row, written only once its uploader confirms."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=import_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    ward = models.ForeignKey(
        Ward,
        verbose_name=_("ward / commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default="checked")
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    # The checked, normalised values of every row (dates as ISO text), so that confirming writes them
    # without reading the workbook again; empty for a file with errors.
    checked = models.JSONField(_("checked rows"), default=list, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("Excel import")
        verbose_name_plural = _("Excel imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_final(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 100
