"""Writes of the reports app: periods and their expected units, the report workflow, notifications."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import short_date
from core.scope import scope_of
from core.uploads import CheckedUpload
from programs.models import Programme
from wards.history import unit_and_predecessor_ids
from wards.models import LockedWindow, MemberOrganisation, User, Ward

from .figures import compute_figures
from .models import (
    AWAITING_REVIEW,
    EDITABLE_STATUSES,
    NARRATIVE_FIELDS,
    REQUIRED_SECTIONS,
    VIETNAM,
    Notification,
    Period,
    PeriodKind,
    PeriodUnit,
    ReportStatus,
    ReportTransition,
    ReportVersion,
    UnitReport,
    period_defaults,
)
from .notifications import Notice, notify_city_staff, notify_unit_officers

logger = logging.getLogger(__name__)


class StaleDraft(Exception):
    """The draft was saved elsewhere (another tab, a colleague) since this form was opened."""


class WorkflowError(ValidationError):
    """A workflow move that the report's state or the input does not allow; messages are for users."""


# Periods -------------------------------------------------------------------------------------------


@transaction.atomic
def create_periods(*, programme: Programme) -> list[Period]:
    """The six-month and annual periods of every year of the programme's term; existing ones are kept."""
    created = []
    for year in range(programme.term_start, programme.term_end + 1):
        for kind in (PeriodKind.SIX_MONTH, PeriodKind.ANNUAL):
            defaults = period_defaults(kind, year)
            period, was_created = Period.objects.get_or_create(
                code=defaults.pop("code"),
                defaults={"kind": kind, "year": year, "programme": programme, **defaults},
            )
            if was_created:
                period_populate_units(period=period)
                created.append(period)
    return created


def create_periods_for_all_programmes() -> list[Period]:
    created = []
    for programme in Programme.objects.order_by("term_start"):
        created += create_periods(programme=programme)
    return created


def period_populate_units(*, period: Period) -> int:
    """Expect a report from every ward valid at the end of the window and every active organisation.

    A ward merged into a successor during the window is not expected: its successor reports for it
    (reports/figures.py counts the predecessors' records). A ward that ceased without a successor
    still reports for the days it existed. Run when the period is created and after a reorganisation:
    it adds the units that are missing and drops expected wards that no longer apply, unless they
    have already opened a report. City staff decide which organisations take part.
    """
    start, end = period.window_start, period.window_end
    wards = set(
        (
            Ward.objects.valid_on(end) | Ward.objects.valid_during(start, end).filter(successor__isnull=True)
        ).values_list("pk", flat=True)
    )
    organisations = MemberOrganisation.objects.active().values_list("pk", flat=True)
    have_wards = set(period.units.filter(ward__isnull=False).values_list("ward_id", flat=True))
    have_orgs = set(period.units.filter(organisation__isnull=False).values_list("organisation_id", flat=True))
    stale = (
        have_wards - wards - set(period.reports.filter(ward__isnull=False).values_list("ward_id", flat=True))
    )
    if stale:
        period.units.filter(ward_id__in=stale).delete()
    rows = [PeriodUnit(period=period, ward_id=pk) for pk in sorted(wards) if pk not in have_wards]
    rows += [PeriodUnit(period=period, organisation_id=pk) for pk in organisations if pk not in have_orgs]
    PeriodUnit.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def period_set_organisation(*, period: Period, organisation: MemberOrganisation, takes_part: bool) -> None:
    """Add or remove a member organisation from the units expected to report in the period."""
    if takes_part:
        PeriodUnit.objects.get_or_create(period=period, organisation=organisation)
        return
    if UnitReport.objects.filter(
        period=period, organisation=organisation, first_submitted_at__isnull=False
    ).exists():
        raise WorkflowError(_("%(name)s has already submitted its report.") % {"name": organisation})
    PeriodUnit.objects.filter(period=period, organisation=organisation).delete()


# Reports -------------------------------------------------------------------------------------------


def report_open(*, period_unit: PeriodUnit) -> UnitReport:
    """The unit's report for the period, created as an empty draft the first time."""
    report, _created = UnitReport.objects.get_or_create(
        period=period_unit.period, ward=period_unit.ward, organisation=period_unit.organisation
    )
    return report


@transaction.atomic
def report_save_draft(
    *, report: UnitReport, texts: dict[str, str], nominations=None, expected_version: int
) -> UnitReport:
    """Save the unit's text if nobody saved it since `expected_version` was read; else StaleDraft.

    `nominations` is the annual report's validated nomination formset (a set of rows, saved as one)."""
    fields = dict(texts)
    updated = UnitReport.objects.filter(
        pk=report.pk, version=expected_version, status__in=EDITABLE_STATUSES
    ).update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not updated:
        current = UnitReport.objects.get(pk=report.pk)
        if current.status not in EDITABLE_STATUSES:
            raise WorkflowError(_("This report can no longer be changed."))
        raise StaleDraft
    if nominations is not None:
        nominations.instance = report
        nominations.save()
    report.refresh_from_db()
    return report


def _require_city_manager(user: User) -> None:
    # Views check the role already; the service refuses too, so no other caller can skip it.
    if not scope_of(user).manages_city:
        raise PermissionDenied(_("Only the city office reviews reports."))


def _require_unit_officer(user: User, report: UnitReport) -> None:
    scope = scope_of(user)
    own = (scope.is_ward and scope.ward_id == report.ward_id) or (
        scope.is_organisation and scope.organisation_id == report.organisation_id
    )
    if not own:
        raise PermissionDenied(_("Only the unit's own officers submit its report."))


def _transition(report: UnitReport, *, by: User, to: str, reason: str = "", at=None) -> None:
    ReportTransition.objects.create(
        report=report, by=by, at=at or timezone.now(), from_status=report.status, to_status=to, reason=reason
    )
    report.status = to


@transaction.atomic
def report_submit(*, report: UnitReport, by: User) -> UnitReport:
    """Freeze the figures, keep a version and move the report to the city office for review."""
    report = UnitReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    _require_unit_officer(by, report)
    if report.status not in EDITABLE_STATUSES:
        raise WorkflowError(_("Only a draft or a returned report can be submitted."))
    labels = dict(NARRATIVE_FIELDS)
    missing = [str(labels[name]) for name in REQUIRED_SECTIONS if not getattr(report, name).strip()]
    errors = [_("Section “%(section)s” is empty.") % {"section": label} for label in missing]
    now = timezone.now()
    lock = report.period.lock_date
    if lock and now.astimezone(VIETNAM).date() > lock:
        raise WorkflowError(_("The period was locked on %(date)s.") % {"date": short_date(lock)})
    first = report.first_submitted_at or now
    if not report.period.is_on_time(first) and not report.late_reason.strip():
        errors.append(_("The due date has passed: please give the reason for the late submission."))
    if errors:
        raise WorkflowError(errors)
    report.figures = compute_figures(report)
    report.first_submitted_at = first
    report.submitted_at = now
    to = ReportStatus.RESUBMITTED if report.status == ReportStatus.RETURNED else ReportStatus.SUBMITTED
    _transition(report, by=by, to=to, at=now)
    report.version = F("version") + 1
    report.save()
    ReportVersion.objects.create(
        report=report,
        number=report.versions.count() + 1,
        narrative=report.narrative(),
        figures=report.figures,
        nominations=list(report.nominations.values("kind", "name", "achievement")),
        submitted_by=by,
        submitted_at=now,
    )
    report.refresh_from_db()
    again = to == ReportStatus.RESUBMITTED
    text = (
        _("%(unit)s resubmitted its report for %(period)s.")
        if again
        else _("%(unit)s submitted its report for %(period)s.")
    ) % {
        "unit": report.unit_name,
        "period": report.period.code,
    }
    notify_city_staff(text=text, url=reverse("reports:report_detail", args=[report.pk]))
    return report


@transaction.atomic
def report_return(*, report: UnitReport, by: User, reason: str) -> Notice:
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    _require_city_manager(by)
    if report.status not in AWAITING_REVIEW:
        raise WorkflowError(_("Only a submitted report can be returned."))
    if not reason.strip():
        raise WorkflowError(_("Please write why the report is returned."))
    _transition(report, by=by, to=ReportStatus.RETURNED, reason=reason.strip())
    report.save(update_fields=["status", "updated_at"])
    text = _("Your report for %(period)s was returned: %(reason)s") % {
        "period": report.period.code,
        "reason": reason.strip(),
    }
    return _notify_unit(report, text)


@transaction.atomic
def report_accept(*, report: UnitReport, by: User) -> Notice:
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    _require_city_manager(by)
    if report.status not in AWAITING_REVIEW:
        raise WorkflowError(_("Only a submitted report can be accepted."))
    _transition(report, by=by, to=ReportStatus.ACCEPTED)
    report.accepted_at = timezone.now()
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    _lock_window(report)
    text = _("Your report for %(period)s was accepted.") % {"period": report.period.code}
    return _notify_unit(report, text)


def _lock_window(report: UnitReport) -> None:
    """Lock the records the accepted report answers for: its unit's and those of the units merged into it,
    dated in the period's window (wards/logbook/locks.py reads these rows)."""
    period = report.period
    label = _("%(unit)s, period %(period)s") % {"unit": report.unit_name, "period": period.code}
    window = {"start": period.window_start, "end": period.window_end, "report_id": report.pk}
    if report.ward_id is not None:
        rows = [
            LockedWindow(ward_id=ward_id, report_label=label, **window)
            for ward_id in unit_and_predecessor_ids(report.ward_id)
        ]
    else:
        rows = [LockedWindow(organisation_id=report.organisation_id, report_label=label, **window)]
    LockedWindow.objects.filter(report_id=report.pk).delete()
    LockedWindow.objects.bulk_create(rows)


@transaction.atomic
def report_reopen(*, report: UnitReport, by: User, reason: str) -> Notice:
    """Unlock an accepted report so the unit can correct it; it goes back as returned."""
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    _require_city_manager(by)
    if report.status != ReportStatus.ACCEPTED:
        raise WorkflowError(_("Only an accepted report can be reopened."))
    if not reason.strip():
        raise WorkflowError(_("Please write why the report is reopened."))
    _transition(report, by=by, to=ReportStatus.RETURNED, reason=reason.strip())
    report.accepted_at = None
    report.save(update_fields=["status", "accepted_at", "updated_at"])
    LockedWindow.objects.filter(report_id=report.pk).delete()
    text = _("Your report for %(period)s was reopened: %(reason)s") % {
        "period": report.period.code,
        "reason": reason.strip(),
    }
    return _notify_unit(report, text)


def _notify_unit(report: UnitReport, text: str) -> Notice:
    url = reverse("reports:report_detail", args=[report.pk])
    return notify_unit_officers(
        ward_id=report.ward_id, organisation_id=report.organisation_id, text=text, url=url
    )


@transaction.atomic
def report_attach_scan(*, report: UnitReport, upload: CheckedUpload) -> UnitReport:
    """Store the checked scan under a new name; the one it replaces goes once this is committed."""
    if report.status != ReportStatus.ACCEPTED:
        raise WorkflowError(_("The signed scan can be attached only after the report is accepted."))
    replaced = report.signed_scan.name if report.signed_scan else None
    stored = upload.as_file()
    report.signed_scan.save(upload.stored_name(stored), stored, save=False)
    report.save(update_fields=["signed_scan", "updated_at"])
    if replaced:
        storage = report.signed_scan.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return report


# Notifications -------------------------------------------------------------------------------------


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
