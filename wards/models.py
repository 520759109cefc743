"""The organisation: the deploying body, wards, residential areas, member organisations and users."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scope import Role, ScopedQuerySet, scope_of


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
        return f"{self.header_parent} {self.header_name} ({self.valid_from:%d/%m/%Y})"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


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


class PortalUserManager(UserManager):
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
