"""Writes for the programme: reference text, pilots and their moves, evaluations, self-assessments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import reference
from .models import (
    AssessmentAnswer,
    ContentArea,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationAttachment,
    Pilot,
    PilotStatus,
    PilotTransition,
    Programme,
    SelfAssessment,
)


@transaction.atomic
def programme_load_reference() -> tuple[Programme, bool]:
    """Create the programme of plan 48/KH-MTTQ-BTT and its content areas unless they exist."""
    values = dict(reference.PROGRAMME)
    programme, created = Programme.objects.get_or_create(
        plan_number=values.pop("plan_number"), defaults=values
    )
    for number, title, short_title, topics in reference.CONTENT_AREAS:
        ContentArea.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={"title": title, "short_title": short_title, "focus_topics": "\n".join(topics)},
        )
    criteria_load_example(programme=programme)
    return programme, created


# Pilots -------------------------------------------------------------------------------------------


class PilotMoveRefused(Exception):
    """A status move the pilot's current status does not allow."""

    def __init__(self, pilot: Pilot, to_status: str):
        allowed = ", ".join(str(PilotStatus(value).label) for value in pilot.allowed_moves) or "—"
        super().__init__(
            _("A pilot that is “%(status)s” cannot move to “%(to)s”. Allowed: %(allowed)s.")
            % {
                "status": pilot.get_status_display(),
                "to": PilotStatus(to_status).label if to_status in PilotStatus.values else to_status,
                "allowed": allowed,
            }
        )


@transaction.atomic
def pilot_register(*, pilot: Pilot, by) -> Pilot:
    """Save a new, validated pilot and record its first status."""
    pilot.save()
    PilotTransition.objects.create(
        pilot=pilot, from_status="", to_status=pilot.status, by=by, note=str(_("Registered"))
    )
    return pilot


@transaction.atomic
def pilot_move(*, pilot: Pilot, to_status: str, by, note: str = "") -> Pilot:
    """Move a pilot's status along an allowed edge and record who did it and when."""
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if to_status not in pilot.allowed_moves:
        raise PilotMoveRefused(pilot, to_status)
    PilotTransition.objects.create(
        pilot=pilot, from_status=pilot.status, to_status=to_status, by=by, note=note
    )
    pilot.status = to_status
    pilot.save(update_fields=["status"])
    return pilot


@transaction.atomic
def pilot_replace(*, old: Pilot, new: Pilot, reason: str, by) -> Pilot:
    """Retire `old` (kept in history with the reason) and register the validated `new` pilot in its place."""
    old = Pilot.objects.select_for_update().get(pk=old.pk)
    old.is_current = False
    old.replaced_reason = reason
    old.replaced_at = timezone.now()
    # Free the unique slot before the new pilot takes it.
    old.save(update_fields=["is_current", "replaced_reason", "replaced_at"])
    new = pilot_register(pilot=new, by=by)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def evaluation_record(*, evaluation: Evaluation, pilot: Pilot, files, by, mark_evaluated: bool) -> Evaluation:
    """Save a validated evaluation with its attachments; optionally move the pilot to "evaluated"."""
    evaluation.pilot = pilot
    evaluation.by = by
    evaluation.save()
    for upload, content_type in files:
        EvaluationAttachment.objects.create(
            evaluation=evaluation,
            file=upload,
            original_name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
        )
    if mark_evaluated and pilot.status != PilotStatus.EVALUATED:
        pilot_move(pilot=pilot, to_status=PilotStatus.EVALUATED, by=by, note=str(_("Evaluation recorded")))
    return evaluation


# Criteria and self-assessment ---------------------------------------------------------------------


@transaction.atomic
def criteria_load_example(*, programme: Programme) -> CriteriaSet:
    """Create the example criteria set of domain.md §4 unless it exists."""
    areas = {area.number: area for area in programme.content_areas.all()}
    criteria_set, _created = CriteriaSet.objects.get_or_create(
        programme=programme,
        name=reference.EXAMPLE_CRITERIA_NAME,
        defaults={"is_example": True, "year_from": programme.term_start},
    )
    for order, (code, group, area_number, text) in enumerate(reference.EXAMPLE_CRITERIA, 1):
        Criterion.objects.get_or_create(
            criteria_set=criteria_set,
            code=code,
            defaults={"group": group, "content_area": areas[area_number], "text": text, "order": order},
        )
    return criteria_set


@transaction.atomic
def assessment_save(*, area, criteria_set: CriteriaSet, year: int, answers: list[dict], by) -> SelfAssessment:
    """Record (or redo) an area's self-assessment; a changed assessment needs confirming again."""
    assessment, _created = SelfAssessment.objects.get_or_create(
        area=area, criteria_set=criteria_set, year=year, defaults={"assessed_by": by}
    )
    assessment.assessed_by = by
    assessment.assessed_at = timezone.now()
    assessment.confirmed_by = None
    assessment.confirmed_at = None
    assessment.save()
    for answer in answers:
        AssessmentAnswer.objects.update_or_create(
            assessment=assessment,
            criterion=answer["criterion"],
            defaults={"met": answer["met"], "evidence": answer["evidence"]},
        )
    return assessment


def assessment_confirm(*, assessment: SelfAssessment, by) -> SelfAssessment:
    assessment.confirmed_by = by
    assessment.confirmed_at = timezone.now()
    assessment.save(update_fields=["confirmed_by", "confirmed_at"])
    return assessment
