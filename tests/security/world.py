"""Two of everything (wards A/B, organisations X/Y) with unique markers, and a snapshot of rows not theirs."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client

from core.scope import ScopedQuerySet
from core.uploads import check_upload
from programs.models import EvaluationAttachment
from reports import compile as compiler
from reports.models import Notification, PeriodUnit
from tests import factories as f
from tests.programs.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    EvaluationFactory,
    PilotFactory,
    ProgrammeFactory,
    SelfAssessmentFactory,
)
from tests.reports.factories import PeriodFactory, UnitReportFactory
from tests.wards import filedata
from tests.wards.factories import ActivityFactory, CovenantFactory, SelfManagementModelFactory
from wards.logbook.services import evidence_add
from wards.models import ImportBatch, Reorganisation

ROLES = ("anonymous", "city_staff", "leadership", "ward_a", "org_x", "administrator")
UNIT_ROLES = ("ward_a", "org_x")
SKIPPED_MODELS = {"auditevent", "logentry"}


def marker(tag: str) -> str:
    """A string that appears nowhere else: if a response contains it, the object leaked."""
    return f"ZQX{tag}QZ"


def build_world() -> SimpleNamespace:
    """Create the objects of the two wards and two organisations; markers name what A and X must not see."""
    w = SimpleNamespace()
    w.programme = ProgrammeFactory()
    w.ward_a, w.ward_b = f.WardFactory(), f.WardFactory()
    w.org_x, w.org_y = f.MemberOrganisationFactory(), f.MemberOrganisationFactory()
    w.area_a = f.ResidentialAreaFactory(ward=w.ward_a)
    w.area_b = f.ResidentialAreaFactory(ward=w.ward_b, name=marker("areaB"))
    w.users = {
        "city_staff": f.city_staff(),
        "leadership": f.leadership(),
        "ward_a": f.ward_officer(ward=w.ward_a),
        "org_x": f.org_officer(organisation=w.org_x),
        "administrator": f.UserFactory(role="administrator", is_superuser=True, is_staff=True),
    }
    w.officer_b = f.ward_officer(ward=w.ward_b)
    w.officer_y = f.org_officer(organisation=w.org_y)
    content_area = w.programme.content_areas.get(number=1)
    log = {"content_area": content_area}
    w.act_a = ActivityFactory(ward=w.ward_a, area=w.area_a, **log)
    w.act_x = ActivityFactory(ward=None, organisation=w.org_x, **log)
    w.act_b = ActivityFactory(ward=w.ward_b, area=w.area_b, title=marker("actB"), **log)
    w.act_y = ActivityFactory(ward=None, organisation=w.org_y, title=marker("actY"), **log)
    w.model_a = SelfManagementModelFactory(ward=w.ward_a, **log)
    w.model_x = SelfManagementModelFactory(ward=None, organisation=w.org_x, **log)
    w.model_b = SelfManagementModelFactory(ward=w.ward_b, description=marker("modelB"), **log)
    w.model_y = SelfManagementModelFactory(
        ward=None, organisation=w.org_y, description=marker("modelY"), **log
    )
    w.cov_a = CovenantFactory(area=w.area_a)
    w.cov_b = CovenantFactory(area=w.area_b, title=marker("covB"))
    w.ev_b = evidence_add(
        record=w.act_b, upload=check_upload(filedata.pdf(marker("evB") + ".pdf")), by=w.officer_b
    )
    w.period = PeriodFactory(year=2025)
    w.unit_b = PeriodUnit.objects.get_or_create(period=w.period, ward=w.ward_b)[0]
    # A real compiled version (the service renders its PDF and XLSX), as city staff would make it.
    w.compiled, _ = compiler.compiled_report_request(period=w.period, token="matrix", queue=False)
    w.compiled = compiler.compile_period(w.compiled.pk)
    w.reorganisation = Reorganisation.objects.create(
        target=w.ward_b,
        target_name=w.ward_b.name,
        effective_date=datetime.date(2025, 7, 1),
        resolution_number="1659/NQ-UBTVQH15",
        resolution_date=datetime.date(2025, 6, 16),
    )
    w.rep_a = UnitReportFactory(period=w.period, ward=w.ward_a)
    w.rep_x = UnitReportFactory(period=w.period, ward=None, organisation=w.org_x)
    w.rep_b = UnitReportFactory(period=w.period, ward=w.ward_b, situation=marker("repB"))
    w.rep_y = UnitReportFactory(period=w.period, ward=None, organisation=w.org_y, situation=marker("repY"))
    w.pilot_a = PilotFactory(programme=w.programme, area=w.area_a)
    w.pilot_b = PilotFactory(programme=w.programme, area=w.area_b, goals=marker("pilotB"))
    w.eval_b = EvaluationFactory(pilot=w.pilot_b, results=marker("evalB"))
    w.att_b = EvaluationAttachment.objects.create(
        evaluation=w.eval_b,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x.pdf"),
        original_name=marker("attB") + ".pdf",
        content_type="application/pdf",
        size=15,
    )
    w.criteria_set = CriteriaSetFactory(programme=w.programme)
    w.criterion = CriterionFactory(criteria_set=w.criteria_set)
    w.sa_b = SelfAssessmentFactory(area=w.area_b, criteria_set=w.criteria_set, year=2025)
    Notification.objects.create(user=w.officer_b, text=marker("noteB"))
    Notification.objects.create(user=w.officer_y, text=marker("noteY"))
    w.import_b = ImportBatch.objects.create(
        kind="activity", uploaded_by=w.officer_b, ward=w.ward_b, original_name=marker("impB") + ".xlsx"
    )
    w.year = 2025
    # Markers a unit officer must never see; organisations may read every residential area. A model's
    # name is public on purpose (any unit may name it as the origin of a replica): its description is not.
    ward_b = [
        marker(t)
        for t in ("areaB", "actB", "modelB", "covB", "evB", "repB", "pilotB", "evalB", "attB", "impB")
    ]
    org_y = [marker(t) for t in ("actY", "modelY", "repY", "noteY")] + [marker("noteB")]
    w.forbidden = {
        "ward_a": [*ward_b, *org_y],
        "org_x": [m for m in (*ward_b, *org_y) if m != marker("areaB")],
    }
    return w


def clients(w) -> dict[str, Client]:
    result = {"anonymous": Client(raise_request_exception=False)}
    for role, user in w.users.items():
        result[role] = Client(raise_request_exception=False)
        result[role].force_login(user)
    return result


def _parent_field(model):
    """The first foreign key to a scoped model: rows of an unscoped child belong to that parent."""
    for field in model._meta.concrete_fields:
        target = getattr(field, "related_model", None)
        if field.many_to_one and target and isinstance(target._default_manager.all(), ScopedQuerySet):
            return field
    return None


def _generic_owned(row, actor) -> bool:
    parent = row.content_type_ref.model_class()
    return parent._default_manager.editable_by(actor).filter(pk=row.object_id).exists()


def snapshot(actor) -> dict:
    """Every row of the project's apps that `actor` may not change, as plain values (history/audit aside)."""
    state = {}
    for config in (apps.get_app_config(label) for label in ("wards", "programs", "reports")):
        for model in config.get_models():
            name = model._meta.model_name
            if name.startswith("historical") or name in SKIPPED_MODELS:
                continue
            rows = model._default_manager.all()
            if actor is not None and isinstance(rows, ScopedQuerySet):
                rows = rows.exclude(pk__in=rows.editable_by(actor).values("pk"))
            elif actor is not None and (parent := _parent_field(model)) is not None:
                editable = parent.related_model._default_manager.editable_by(actor).values("pk")
                rows = rows.exclude(**{f"{parent.name}__in": editable})
            if model is Notification and actor is not None:
                rows = rows.exclude(user=actor)
            values = list(rows.order_by("pk").values())
            if name == "evidence" and actor is not None:
                values = [
                    v
                    for v, row in zip(values, rows.order_by("pk"), strict=True)
                    if not _generic_owned(row, actor)
                ]
            if name == "user":
                values = [{k: v for k, v in row.items() if k != "last_login"} for row in values]
                values = [row for row in values if actor is None or row["id"] != actor.pk]
            state[model._meta.label] = values
    return state


def row_counts() -> dict:
    """How many rows each model of the project's apps holds (history and audit aside)."""
    counts = {}
    for label in ("wards", "programs", "reports"):
        for model in apps.get_app_config(label).get_models():
            name = model._meta.model_name
            if not name.startswith("historical") and name not in SKIPPED_MODELS:
                counts[model._meta.label] = model._default_manager.count()
    return counts


def date_text(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
