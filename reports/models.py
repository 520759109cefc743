"""Reporting periods, the units expected to report, unit reports with their review trail, notifications."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.scope import ScopedQuerySet, scope_of

# Deadlines are Vietnamese office hours, whatever clock the server runs on.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class PeriodKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Six-month review")
    ANNUAL = "annual", _("Annual review")


CODE_SUFFIX = {PeriodKind.SIX_MONTH: "6T", PeriodKind.ANNUAL: "N"}


def period_code(kind: str, year: int) -> str:
    """'2025-6T' for the six-month report of 2025, '2025-N' for the annual one."""
    return f"{year}-{CODE_SUFFIX[kind]}"


def period_defaults(kind: str, year: int) -> dict:
    """The default dates of domain.md §6 (data window after Decree 09/2019 art. 12)."""
    six_month = kind == PeriodKind.SIX_MONTH
    due = datetime.date(year, 6, 2) if six_month else datetime.date(year, 12, 2)
    return {
        "code": period_code(kind, year),
        "window_start": datetime.date(year - 1, 12, 15),
        "window_end": datetime.date(year, 6, 14) if six_month else datetime.date(year, 12, 14),
        "due_date": due,
        "compile_date": due + datetime.timedelta(days=5),
    }


class PeriodQuerySet(ScopedQuerySet):
    # Every unit reads the calendar; only city managers change it (no unit field: editable_by is empty).
    readable_by_wards = True
    readable_by_organisations = True


class Period(models.Model):
    """A reporting period: its data window, the units' due date, the city's compile date."""

    programme = models.ForeignKey(
        "programs.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="periods",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=12, unique=True)
    window_start = models.DateField(_("data window starts"))
    window_end = models.DateField(_("data window ends"))
    due_date = models.DateField(_("units' due date"))
    compile_date = models.DateField(_("city compile date"))
    lock_date = models.DateField(_("lock date"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="period_kind_year_unique"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="period_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gt=models.F("window_start")), name="period_due_after_window_start"
            ),
            models.CheckConstraint(
                condition=Q(compile_date__gte=models.F("due_date")), name="period_compile_not_before_due"
            ),
            models.CheckConstraint(
                condition=Q(lock_date__isnull=True) | Q(lock_date__gte=models.F("due_date")),
                name="period_lock_not_before_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.code})"

    def clean(self) -> None:
        errors = {}
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors["window_end"] = _("The data window must end on or after the day it starts.")
        if self.due_date and self.window_start and self.due_date <= self.window_start:
            errors["due_date"] = _("The due date must come after the start of the data window.")
        if self.compile_date and self.due_date and self.compile_date < self.due_date:
            errors["compile_date"] = _("The city compiles on or after the units' due date.")
        if self.lock_date and self.due_date and self.lock_date < self.due_date:
            errors["lock_date"] = _("The lock date cannot come before the due date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_annual(self) -> bool:
        return self.kind == PeriodKind.ANNUAL

    @property
    def on_time_before(self) -> datetime.datetime:
        """The first moment that is late: midnight after the due date, Vietnam time."""
        return datetime.datetime.combine(self.due_date + datetime.timedelta(days=1), datetime.time(), VIETNAM)

    def is_on_time(self, submitted_at: datetime.datetime) -> bool:
        """On time = at or before 23:59:59 of the due date, Vietnam time."""
        return submitted_at < self.on_time_before

    @staticmethod
    def on_time_q(periods) -> Q:
        """Reports of these periods first submitted on time (the same rule as is_on_time, in SQL)."""
        q = Q(pk__in=[])  # matches nothing: no periods, no report on time
        for period in periods:
            q |= Q(period_id=period.pk, first_submitted_at__lt=period.on_time_before)
        return q

    def days_remaining(self, today: datetime.date) -> int:
        return (self.due_date - today).days


def one_unit_per_period(prefix: str) -> list:
    """A row belongs to exactly one unit (a ward or a member organisation), once per period."""
    return [
        models.CheckConstraint(
            condition=Q(ward__isnull=False, organisation__isnull=True)
            | Q(ward__isnull=True, organisation__isnull=False),
            name=f"{prefix}_exactly_one_unit",
        ),
        models.UniqueConstraint(
            fields=["period", "ward"], condition=Q(ward__isnull=False), name=f"{prefix}_ward_unique"
        ),
        models.UniqueConstraint(
            fields=["period", "organisation"],
            condition=Q(organisation__isnull=False),
            name=f"{prefix}_organisation_unique",
        ),
    ]


class PeriodUnitQuerySet(ScopedQuerySet):
    scope_ward_field = "ward"
    scope_organisation_field = "organisation"


class PeriodUnit(models.Model):
    """A unit expected to report in a period: a ward or a member organisation, exactly one."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="units"
    )
    ward = models.ForeignKey(
        "wards.Ward", verbose_name=_("ward / commune"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        "wards.MemberOrganisation",
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    objects = PeriodUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected unit")
        verbose_name_plural = _("expected units")
        ordering = ["organisation", "ward__name", "organisation__name"]
        constraints = one_unit_per_period("period_unit")

    def __str__(self) -> str:
        return self.unit_name

    @property
    def unit_name(self) -> str:
        return self.ward.display_name if self.ward_id else self.organisation.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


# A unit may change its report only in these states.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# States where the city office has something to review.
AWAITING_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED)

# Narrative fields in document order, with the heading printed for each; required ones first.
NARRATIVE_FIELDS = [
    ("situation", _("I. Situation")),
    ("results", _("II. Results")),
    ("strengths", _("III.1. Strengths")),
    ("weaknesses", _("III.2. Shortcomings and limitations")),
    ("causes", _("III.3. Causes")),
    ("lessons", _("III.4. Lessons learned")),
    ("directions", _("IV. Directions and tasks for the next period")),
    ("proposals", _("V. Proposals and recommendations")),
]
REQUIRED_SECTIONS = ("situation", "results", "strengths", "weaknesses", "directions")


class UnitReportQuerySet(ScopedQuerySet):
    scope_ward_field = "ward"
    scope_organisation_field = "organisation"


def signed_scan_path(report: "UnitReport", filename: str) -> str:
    """The report's id, a random part (a replacement never overwrites) and the detected type's extension."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"reports/signed/{report.period.code}/{report.pk}-{uuid.uuid4().hex[:12]}.{suffix}"


class UnitReport(models.Model):
    """One unit's progress report for one period; figures are frozen when it is submitted."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("ward / commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    organisation = models.ForeignKey(
        "wards.MemberOrganisation",
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    situation = models.TextField(_("I. Situation"), blank=True)
    results = models.TextField(_("II. Results"), blank=True)
    strengths = models.TextField(_("III.1. Strengths"), blank=True)
    weaknesses = models.TextField(_("III.2. Shortcomings and limitations"), blank=True)
    causes = models.TextField(_("III.3. Causes"), blank=True)
    lessons = models.TextField(_("III.4. Lessons learned"), blank=True)
    directions = models.TextField(_("IV. Directions and tasks for the next period"), blank=True)
    proposals = models.TextField(_("V. Proposals and recommendations"), blank=True)
    late_reason = models.TextField(_("reason for the late submission"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("edit version"), default=1)
    signed_scan = models.FileField(_("signed and stamped scan"), upload_to=signed_scan_path, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "ward__name", "organisation__name"]
        constraints = one_unit_per_period("unit_report")

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.period.code}"

    @property
    def unit_name(self) -> str:
        return self.ward.display_name if self.ward_id else self.organisation.name

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_submitted(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return self.period.is_on_time(self.first_submitted_at)

    def narrative(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _label in NARRATIVE_FIELDS}

    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in NARRATIVE_FIELDS]


class NominationKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")
    MODEL = "model", _("Model")


class Nomination(models.Model):
    """A commendation proposed in an annual report."""

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="nominations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NominationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    achievement = models.TextField(_("achievement"))

    class Meta:
        verbose_name = _("commendation nomination")
        verbose_name_plural = _("commendation nominations")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportVersion(models.Model):
    """What the unit sent at one submission: narrative, figures and nominations as they were."""

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    narrative = models.JSONField(_("narrative"), default=dict)
    figures = models.JSONField(_("figures"), default=dict)
    nominations = models.JSONField(_("nominations"), default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportTransition(models.Model):
    """One move of a report through the workflow: who, when, from where to where, and why."""

    report = models.ForeignKey(
        UnitReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="transitions"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(_("from"), max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=ReportStatus.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A user's own notifications: nobody else's, whatever the role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user, shown in the navigation bar and also sent by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text


# Compiled city reports -----------------------------------------------------------------------------


class CompileStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINAL_COMPILE_STATUSES = (CompileStatus.DONE, CompileStatus.FAILED)


class CompiledReportQuerySet(ScopedQuerySet):
    """City-wide documents, no unit reads them (no unit field); a version is a draft for city staff
    until they publish it: leadership reads only published versions."""

    def for_user(self, user):
        rows = super().for_user(user)
        return rows if scope_of(user).manages_city else rows.filter(is_published=True)


class CompiledReport(models.Model):
    """One numbered version of the city's compiled report for a period, with its PDF and XLSX annex."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="compiled_reports"
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=CompileStatus.choices, default=CompileStatus.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    document_year = models.PositiveSmallIntegerField(_("document year"))
    document_number = models.PositiveIntegerField(_("document number"))
    document_date = models.DateField(_("document date"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    request_token = models.CharField(_("request token"), max_length=64, unique=True)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    data = models.JSONField(_("compiled figures"), default=dict, blank=True)
    pdf = models.CharField(_("PDF file"), max_length=200, blank=True)
    xlsx = models.CharField(_("XLSX file"), max_length=200, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    is_automatic = models.BooleanField(_("compiled automatically"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Refreshed every few seconds by the process compiling it: a stale beat means that process is gone.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = CompiledReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("compiled report")
        verbose_name_plural = _("compiled reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="compiled_report_version_unique"),
            models.UniqueConstraint(
                fields=["document_year", "document_number"], name="compiled_report_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(document_number__gte=1), name="compiled_report_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.code} v{self.version}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_COMPILE_STATUSES

    def filename(self, extension: str) -> str:
        """A name that keeps Vietnamese readable, e.g. 'Báo cáo tổng hợp 2025-6T v2.pdf'."""
        return f"Báo cáo tổng hợp {self.period.code} v{self.version}.{extension}"


class ReminderStep(models.TextChoices):
    WEEK_BEFORE = "week_before", _("7 days before the due date")
    DAY_BEFORE = "day_before", _("1 day before the due date")
    DAY_AFTER = "day_after", _("1 day after the due date")


class ReminderLog(models.Model):
    """A reminder sent to one unit for one period and step: never twice."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(PeriodUnit, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(_("step"), max_length=12, choices=ReminderStep.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "step"], name="reminder_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.period.code} {self.unit} {self.get_step_display()}"
