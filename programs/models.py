"""The programme and its content areas, pilots with their status history and evaluations, and the
criteria that residential areas assess themselves against."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.scope import ScopedQuerySet


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Being implemented")
    CLOSED = "closed", _("Closed")


class ProgrammeQuerySet(ScopedQuerySet):
    # Every role reads the programme; only city managers change it (no unit owns it).
    readable_by_wards = True
    readable_by_organisations = True


class Programme(models.Model):
    """The programme as registered by the city office, with the plan that implements it."""

    name = models.CharField(_("name"), max_length=255)
    plan_number = models.CharField(_("plan number"), max_length=40)
    plan_date = models.DateField(_("plan date"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    term_start = models.PositiveSmallIntegerField(_("term starts (year)"))
    term_end = models.PositiveSmallIntegerField(_("term ends (year)"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )
    motto = models.CharField(_("motto"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose and requirements"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")), name="programme_term_ordered"
            ),
            models.UniqueConstraint(fields=["plan_number"], name="programme_plan_number_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def term_first_day(self) -> datetime.date:
        return datetime.date(self.term_start, 1, 1)

    @property
    def term_last_day(self) -> datetime.date:
        return datetime.date(self.term_end, 12, 31)


class ContentArea(models.Model):
    """One of the plan's content areas (section II): everything logged is filed under one."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="content_areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("official title"))
    short_title = models.CharField(_("short title"), max_length=120)
    focus_topics = models.TextField(_("focus topics"), blank=True, help_text=_("One topic per line."))

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="content_area_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def topic_lines(self) -> list[str]:
        return [line.strip() for line in self.focus_topics.splitlines() if line.strip()]


# Pilots -------------------------------------------------------------------------------------------


class PilotLevel(models.TextChoices):
    CITY = "city", _("City level")
    WARD = "ward", _("Ward level")


class PilotStatus(models.TextChoices):
    SELECTED = "selected", _("Selected")
    IMPLEMENTING = "implementing", _("Being implemented")
    EVALUATED = "evaluated", _("Evaluated")
    REPLICATING = "replicating", _("Being replicated")
    CLOSED = "closed", _("Closed")


# The only moves a pilot's status may make (plan 48, section III: select, run, evaluate, replicate).
ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    PilotStatus.SELECTED: (PilotStatus.IMPLEMENTING, PilotStatus.CLOSED),
    PilotStatus.IMPLEMENTING: (PilotStatus.EVALUATED, PilotStatus.CLOSED),
    PilotStatus.EVALUATED: (PilotStatus.REPLICATING, PilotStatus.IMPLEMENTING, PilotStatus.CLOSED),
    PilotStatus.REPLICATING: (PilotStatus.CLOSED,),
    PilotStatus.CLOSED: (),
}


class PilotQuerySet(ScopedQuerySet):
    scope_ward_field = "ward"

    def current(self) -> "PilotQuerySet":
        return self.filter(is_current=True)


class Pilot(models.Model):
    """A pilot residential area (KDC điểm): one per ward and one for the city, per programme."""

    # Set by programs.selectors.pilot_section: the latest evaluation within the period.
    latest_evaluation: "Evaluation | None"
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="pilots"
    )
    level = models.CharField(_("level"), max_length=10, choices=PilotLevel.choices, default=PilotLevel.WARD)
    ward = models.ForeignKey(
        "wards.Ward",
        verbose_name=_("ward / commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilots",
        help_text=_("Empty for the city-level pilot."),
    )
    area = models.ForeignKey(
        "wards.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="pilots",
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    selected_on = models.DateField(_("selected on"))
    responsible_officer = models.CharField(_("responsible officer"), max_length=120, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=PilotStatus.choices, default=PilotStatus.SELECTED
    )
    is_current = models.BooleanField(_("current"), default=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    replaced_reason = models.TextField(_("reason for the replacement"), blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["level", "ward__name", "-selected_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "ward"],
                condition=Q(is_current=True, level="ward"),
                name="pilot_one_current_per_ward",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(is_current=True, level="city"),
                name="pilot_one_current_city",
            ),
            models.CheckConstraint(
                condition=Q(level="ward", ward__isnull=False) | Q(level="city", ward__isnull=True),
                name="pilot_ward_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True) | Q(replaced_at__isnull=False) | Q(status="closed"),
                name="pilot_not_current_only_when_replaced_or_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.level == PilotLevel.CITY:
            return f"{self.area.name} ({_('city-level pilot')})"
        return f"{self.area.name} – {self.ward.display_name}"

    @property
    def allowed_moves(self) -> tuple[str, ...]:
        return ALLOWED_MOVES[self.status]

    def allowed_move_choices(self) -> list[tuple[str, str]]:
        return [(value, PilotStatus(value).label) for value in self.allowed_moves]

    def months_running(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        months = (today.year - self.selected_on.year) * 12 + today.month - self.selected_on.month
        if today.day < self.selected_on.day:
            months -= 1
        return max(months, 0)


class PilotTransitionQuerySet(ScopedQuerySet):
    scope_ward_field = "pilot__ward"


class PilotTransition(models.Model):
    """One status move of a pilot: who, when, from what to what."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=15, choices=PilotStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=15, choices=PilotStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    objects = PilotTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot status move")
        verbose_name_plural = _("pilot status moves")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")


class EvaluationQuerySet(ScopedQuerySet):
    scope_ward_field = "pilot__ward"


class Evaluation(models.Model):
    """The city office's evaluation of a pilot (đánh giá, rút kinh nghiệm)."""

    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("evaluation date"))
    rating = models.CharField(_("overall rating"), max_length=10, choices=Rating.choices)
    results = models.TextField(_("results"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    recommend_replication = models.BooleanField(_("recommend replication"), default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pilot} ({short_date(self.evaluated_on)})"


def attachment_path(instance, filename: str) -> str:
    """A random stored name: the user's file name is kept only as a label."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"evaluations/{uuid.uuid4().hex}{suffix}"


class EvaluationAttachmentQuerySet(ScopedQuerySet):
    scope_ward_field = "evaluation__pilot__ward"


class EvaluationAttachment(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EvaluationAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation attachment")
        verbose_name_plural = _("evaluation attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


# Criteria and self-assessment ---------------------------------------------------------------------


class CriteriaSet(models.Model):
    """A set of criteria the residential areas assess themselves against, from a given year."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="criteria_sets"
    )
    name = models.CharField(_("name"), max_length=255)
    is_example = models.BooleanField(
        _("example set"),
        default=False,
        help_text=_("Shipped as an example until the official guidance is entered."),
    )
    year_from = models.PositiveSmallIntegerField(_("applies from (year)"))

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["programme", "-year_from", "is_example"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="criteria_set_name_unique")]

    def __str__(self) -> str:
        return self.name


class CriterionGroup(models.TextChoices):
    UNITY = "doan_ket", "Đoàn kết"
    SELF_MANAGEMENT = "tu_quan", "Tự quản"
    PROSPERITY = "am_no", "Ấm no"
    HAPPINESS = "hanh_phuc", "Hạnh phúc"


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.CASCADE, related_name="criteria"
    )
    group = models.CharField(_("group"), max_length=10, choices=CriterionGroup.choices)
    content_area = models.ForeignKey(
        ContentArea, verbose_name=_("content area"), on_delete=models.PROTECT, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=10)
    text = models.TextField(_("criterion"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class SelfAssessmentQuerySet(ScopedQuerySet):
    scope_ward_field = "area__ward"

    def confirmed(self) -> "SelfAssessmentQuerySet":
        return self.filter(confirmed_at__isnull=False)


class SelfAssessment(models.Model):
    """A residential area's yearly self-assessment against a criteria set, confirmed by the city."""

    area = models.ForeignKey(
        "wards.ResidentialArea",
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year", "area__ward__name", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "criteria_set", "year"], name="self_assessment_once_per_area_year"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_by__isnull=False),
                name="self_assessment_confirmed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} – {self.year}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("met"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="answer_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.met}"
