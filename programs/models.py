"""The programme and its content areas, pilots with their status history and evaluations, and the
criteria that residential areas assess themselves against."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Being implemented")
    CLOSED = "closed", _("Closed")


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
