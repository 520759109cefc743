"""Reads for the programme: coverage of pilots, pilot figures for reports, criteria and assessments."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from core.scope import scope_of
from wards.logbook.selectors import replication_trees
from wards.models import Activity, ResidentialArea, SelfManagementModel, Ward

from .models import (
    AssessmentAnswer,
    CriteriaSet,
    Criterion,
    Evaluation,
    Pilot,
    PilotLevel,
    Programme,
    SelfAssessment,
)


def current_programme(user) -> Programme | None:
    """The programme shown by default: the one whose term started last."""
    return Programme.objects.for_user(user).order_by("-term_start", "-pk").first()


def area_counts(area_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{area_id: (self-management models, activities)}: one query per kind."""
    models_by_area: dict[int, int] = {}
    activities_by_area: dict[int, int] = {}
    if area_ids:
        models_by_area = dict(
            SelfManagementModel.objects.alive()
            .filter(areas__in=area_ids)
            .values_list("areas")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        activities_by_area = dict(
            Activity.objects.alive()
            .filter(area__in=area_ids)
            .values_list("area")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return {
        area_id: (models_by_area.get(area_id, 0), activities_by_area.get(area_id, 0)) for area_id in area_ids
    }


def pilot_models(pilot: Pilot, user) -> list[dict]:
    """The self-management models of the pilot's area with how far each has been replicated."""
    models = list(
        SelfManagementModel.objects.for_user(user).alive().filter(areas=pilot.area).order_by("name")
    )
    return replication_trees(models)


@dataclass
class CoverageRow:
    ward: Ward | None
    pilot: Pilot | None
    model_count: int | None = None
    activity_count: int | None = None
    months: int | None = None


def coverage(user, programme: Programme) -> dict:
    """The city pilot and one row per current ward the user may see.

    Queries: wards (1), current pilots with area and ward (1), then models and activities per area
    (1 each, only once the wards app has them): 2 now, 4 after the merge, whatever the number of wards.
    """
    scope = scope_of(user)
    wards = list(Ward.objects.for_user(user).current().order_by("kind", "name"))
    pilots = list(
        Pilot.objects.for_user(user).current().filter(programme=programme).select_related("area", "ward")
    )
    by_ward = {pilot.ward_id: pilot for pilot in pilots if pilot.level == PilotLevel.WARD}
    city_pilot = next((p for p in pilots if p.level == PilotLevel.CITY), None)
    rows = [CoverageRow(ward=ward, pilot=by_ward.get(ward.pk)) for ward in wards]
    city_row = CoverageRow(ward=None, pilot=city_pilot) if scope.is_city_wide else None
    all_rows = [row for row in [city_row, *rows] if row is not None]
    counts = area_counts([row.pilot.area_id for row in all_rows if row.pilot])
    today = timezone.localdate()
    for row in all_rows:
        if row.pilot:
            row.model_count, row.activity_count = counts[row.pilot.area_id]
            row.months = row.pilot.months_running(today)
    return {
        "city_row": city_row,
        "rows": rows,
        "chosen": sum(1 for row in rows if row.pilot),
        "total": len(rows),
    }


def pilot_section(
    programme: Programme, period_start: datetime.date, period_end: datetime.date
) -> list[Pilot]:
    """Pilots current in the period, each with `latest_evaluation` (the last one up to period_end).

    Queries: pilots with area and ward (1), their evaluations in range (1).
    """
    evaluations = Evaluation.objects.filter(evaluated_on__lte=period_end).order_by("-evaluated_on", "-pk")
    pilots: list[Pilot] = list(
        Pilot.objects.filter(programme=programme, selected_on__lte=period_end)
        .filter(Q(is_current=True) | Q(replaced_at__date__gte=period_start))
        .select_related("area", "ward")
        .prefetch_related(Prefetch("evaluations", queryset=evaluations, to_attr="evaluations_until_end"))
        .order_by("level", "ward__name", "selected_on")
    )
    for pilot in pilots:
        evaluations_until_end = pilot.evaluations_until_end  # type: ignore[attr-defined]  # the Prefetch's to_attr
        pilot.latest_evaluation = evaluations_until_end[0] if evaluations_until_end else None
    return pilots


def criteria_set_for(programme: Programme, year: int) -> CriteriaSet | None:
    """The set that applies in `year`: the newest one started by then, official before example."""
    return (
        CriteriaSet.objects.filter(programme=programme, year_from__lte=year)
        .order_by("is_example", "-year_from", "-pk")
        .first()
    )


def areas_meeting_all_criteria(programme: Programme, year: int) -> dict[int, int]:
    """{ward_id: number of areas whose confirmed assessment for `year` meets every criterion of its set}."""
    unmet = Criterion.objects.filter(criteria_set=OuterRef("criteria_set")).exclude(
        pk__in=AssessmentAnswer.objects.filter(assessment=OuterRef(OuterRef("pk")), met=True).values(
            "criterion"
        )
    )
    rows = (
        SelfAssessment.objects.confirmed()
        .filter(criteria_set__programme=programme, year=year)
        .filter(Exists(Criterion.objects.filter(criteria_set=OuterRef("criteria_set"))))
        .filter(~Exists(unmet))
        .values_list("area__ward")
        .annotate(n=Count("area", distinct=True))
        .order_by()
    )
    return dict(rows)


def assessment_overview(user, programme: Programme, year: int) -> dict:
    """Areas the user may see with their assessment for `year` (if any) and its met count.

    Queries: criteria set (1), areas (1), assessments with met counts (1), the figure per ward (1).
    """
    criteria_set = criteria_set_for(programme, year)
    areas = list(
        ResidentialArea.objects.for_user(user).active().select_related("ward").order_by("ward__name", "name")
    )
    assessments = {}
    if criteria_set is not None:
        for assessment in (
            SelfAssessment.objects.for_user(user)
            .filter(criteria_set=criteria_set, year=year)
            .select_related("confirmed_by")
            .annotate(met_count=Count("answers", filter=Q(answers__met=True)))
        ):
            assessments[assessment.area_id] = assessment
    figure = areas_meeting_all_criteria(programme, year)
    ward_ids = {area.ward_id for area in areas}
    return {
        "criteria_set": criteria_set,
        "rows": [(area, assessments.get(area.pk)) for area in areas],
        "meeting_all": sum(count for ward_id, count in figure.items() if ward_id in ward_ids),
    }


def assessment_initial(*, area: ResidentialArea, criteria_set: CriteriaSet, year: int) -> tuple[list, list]:
    """The criteria of the set and the formset's initial answers (the saved ones, if any)."""
    criteria = list(criteria_set.criteria.select_related("content_area").order_by("order", "code"))
    saved = {
        answer.criterion_id: answer
        for answer in AssessmentAnswer.objects.filter(
            assessment__area=area, assessment__criteria_set=criteria_set, assessment__year=year
        )
    }
    initial = [
        {"met": saved[c.pk].met, "evidence": saved[c.pk].evidence} if c.pk in saved else {"met": False}
        for c in criteria
    ]
    return criteria, initial
