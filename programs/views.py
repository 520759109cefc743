"""Pages for the programme: programme, pilot coverage and records, evaluations, criteria, self-assessment."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of
from wards.models import ResidentialArea

from . import selectors, services
from .forms import (
    AnswerFormSet,
    ContentAreaFormSet,
    CriteriaSetForm,
    CriterionForm,
    EvaluationForm,
    PilotForm,
    PilotMoveForm,
    ProgrammeForm,
    ReplaceReasonForm,
)
from .models import (
    CriteriaSet,
    Criterion,
    EvaluationAttachment,
    Pilot,
    Programme,
    SelfAssessment,
)

PILOT_READERS = (*CITY_READERS, Role.WARD_OFFICER)


def _programme_or_404(user) -> Programme:
    programme = selectors.current_programme(user)
    if programme is None:
        raise Http404(_("No programme has been registered yet."))
    return programme


# Programme -----------------------------------------------------------------------------------------


def programme_detail(request):
    programme = _programme_or_404(request.user)
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "content_areas": programme.content_areas.all(),
            "can_edit": scope_of(request.user).manages_city,
        },
    )


@role_required(*CITY_MANAGERS)
def programme_edit(request, pk):
    programme = get_for_user_or_404(Programme.objects.editable_by(request.user), pk=pk)
    form = ProgrammeForm(request.POST or None, instance=programme)
    formset = ContentAreaFormSet(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
        messages.success(request, _("Saved the programme."))
        return redirect("programs:programme_detail")
    return render(request, "programs/programme_form.html", {"form": form, "formset": formset})


# Pilots --------------------------------------------------------------------------------------------


@role_required(*PILOT_READERS)
def coverage(request):
    programme = _programme_or_404(request.user)
    context = selectors.coverage(request.user, programme)
    context.update(
        {
            "programme": programme,
            "can_manage": scope_of(request.user).manages_city,
            "today": timezone.localdate(),
        }
    )
    return render(request, "programs/coverage.html", context)


@role_required(*CITY_MANAGERS)
def pilot_create(request):
    programme = _programme_or_404(request.user)
    initial = {"ward": request.GET.get("ward"), "level": request.GET.get("level", "ward")}
    form = PilotForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_register(pilot=form.instance, by=request.user)
        except IntegrityError:
            # Someone registered the same slot between validation and saving: validate again to name it.
            form = PilotForm(request.POST, programme=programme, initial=initial)
            form.is_valid()
        else:
            messages.success(request, _("Registered the pilot %(pilot)s.") % {"pilot": pilot})
            return redirect("programs:pilot_detail", pk=pilot.pk)
    return render(
        request, "wards/form.html", {"form": form, "title": _("New pilot"), "back": "programs:coverage"}
    )


def _pilot(request, pk, *, edit=False) -> Pilot:
    queryset = Pilot.objects.editable_by(request.user) if edit else Pilot.objects.for_user(request.user)
    return get_for_user_or_404(queryset.select_related("area", "ward", "programme", "replaced_by"), pk=pk)


@role_required(*PILOT_READERS)
def pilot_detail(request, pk):
    pilot = _pilot(request, pk)
    scope = scope_of(request.user)
    move_form = PilotMoveForm()
    move_form.fields["to_status"].choices = pilot.allowed_move_choices()
    return render(
        request,
        "programs/pilot_detail.html",
        {
            "pilot": pilot,
            "transitions": pilot.transitions.select_related("by"),
            "evaluations": pilot.evaluations.select_related("by").prefetch_related("attachments"),
            "history": pilot.replaces.select_related("area"),
            "models": selectors.pilot_models(pilot, request.user),
            "can_manage": scope.manages_city,
            "move_form": move_form,
        },
    )


@role_required(*CITY_MANAGERS)
@require_POST
def pilot_move(request, pk):
    pilot = _pilot(request, pk, edit=True)
    form = PilotMoveForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_move(
                pilot=pilot,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except services.PilotMoveRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a new status."))
    return redirect("programs:pilot_detail", pk=pilot.pk)


@role_required(*CITY_MANAGERS)
def pilot_replace(request, pk):
    old = _pilot(request, pk, edit=True)
    if not old.is_current:
        raise Http404(_("This pilot has already been replaced."))
    form = PilotForm(request.POST or None, programme=old.programme, replacing=old)
    reason_form = ReplaceReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        new = services.pilot_replace(
            old=old, new=form.instance, reason=reason_form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("%(old)s was replaced by %(new)s.") % {"old": old.area.name, "new": new})
        return redirect("programs:pilot_detail", pk=new.pk)
    return render(
        request, "programs/pilot_replace.html", {"form": form, "reason_form": reason_form, "pilot": old}
    )


@role_required(*CITY_MANAGERS)
def evaluation_create(request, pk):
    pilot = _pilot(request, pk, edit=True)
    form = EvaluationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.evaluation_record(
            evaluation=form.instance,
            pilot=pilot,
            files=form.cleaned_data["attachments"],
            by=request.user,
            mark_evaluated=form.cleaned_data["mark_evaluated"] and "evaluated" in pilot.allowed_moves,
        )
        messages.success(request, _("Recorded the evaluation."))
        return redirect("programs:pilot_detail", pk=pilot.pk)
    return render(request, "programs/evaluation_form.html", {"form": form, "pilot": pilot})


@role_required(*PILOT_READERS)
def attachment_download(request, pk):
    attachment = get_for_user_or_404(EvaluationAttachment.objects.for_user(request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Criteria ------------------------------------------------------------------------------------------


@role_required(*PILOT_READERS)
def criteria_list(request):
    programme = _programme_or_404(request.user)
    sets = (
        CriteriaSet.objects.for_user(request.user)
        .filter(programme=programme)
        .prefetch_related("criteria__content_area")
    )
    return render(
        request,
        "programs/criteria_list.html",
        {"programme": programme, "sets": sets, "can_manage": scope_of(request.user).manages_city},
    )


@role_required(*CITY_MANAGERS)
def criteria_set_create(request):
    programme = _programme_or_404(request.user)
    form = CriteriaSetForm(request.POST or None, instance=CriteriaSet(programme=programme))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the criteria set."))
        return redirect("programs:criteria_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": _("New criteria set"), "back": "programs:criteria_list"},
    )


@role_required(*CITY_MANAGERS)
def criteria_set_edit(request, pk):
    criteria_set = get_for_user_or_404(CriteriaSet.objects.editable_by(request.user), pk=pk)
    form = CriteriaSetForm(request.POST or None, instance=criteria_set)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the criteria set."))
        return redirect("programs:criteria_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": criteria_set.name, "back": "programs:criteria_list"},
    )


@role_required(*CITY_MANAGERS)
def criterion_create(request, pk):
    criteria_set = get_for_user_or_404(
        CriteriaSet.objects.editable_by(request.user).select_related("programme"), pk=pk
    )
    form = CriterionForm(request.POST or None, criteria_set=criteria_set)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the criterion."))
        if "save_add" in request.POST:
            return redirect("programs:criterion_create", pk=criteria_set.pk)
        return redirect("programs:criteria_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": _("New criterion"), "back": "programs:criteria_list", "save_add": True},
    )


@role_required(*CITY_MANAGERS)
def criterion_edit(request, pk):
    criterion = get_for_user_or_404(
        Criterion.objects.editable_by(request.user).select_related("criteria_set__programme"), pk=pk
    )
    form = CriterionForm(request.POST or None, instance=criterion, criteria_set=criterion.criteria_set)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved the criterion."))
        return redirect("programs:criteria_list")
    return render(
        request, "wards/form.html", {"form": form, "title": criterion.code, "back": "programs:criteria_list"}
    )


# Self-assessment -----------------------------------------------------------------------------------


def _year(request, programme) -> int:
    year = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if year.isdigit() and programme.term_start <= int(year) <= programme.term_end:
        return int(year)
    return min(max(this_year, programme.term_start), programme.term_end)


@role_required(*PILOT_READERS)
def assessment_list(request):
    programme = _programme_or_404(request.user)
    year = _year(request, programme)
    context = selectors.assessment_overview(request.user, programme, year)
    scope = scope_of(request.user)
    context.update(
        {
            "programme": programme,
            "year": year,
            "years": range(programme.term_start, programme.term_end + 1),
            "can_assess": scope.is_ward or scope.role == Role.ADMINISTRATOR,
            "can_confirm": scope.manages_city,
            "criteria_count": len(context["criteria_set"].criteria.all()) if context["criteria_set"] else 0,
        }
    )
    return render(request, "programs/assessment_list.html", context)


@role_required(Role.WARD_OFFICER)
def assessment_edit(request, area_pk, year):
    area = get_for_user_or_404(
        ResidentialArea.objects.editable_by(request.user).active().select_related("ward"), pk=area_pk
    )
    programme = _programme_or_404(request.user)
    criteria_set = selectors.criteria_set_for(programme, year)
    if criteria_set is None or not programme.term_start <= year <= programme.term_end:
        raise Http404(_("No criteria apply to that year."))
    criteria, initial = selectors.assessment_initial(area=area, criteria_set=criteria_set, year=year)
    formset = AnswerFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid() and len(formset.forms) == len(criteria):
        answers = [
            {
                "criterion": criterion,
                "met": form.cleaned_data["met"],
                "evidence": form.cleaned_data["evidence"],
            }
            for criterion, form in zip(criteria, formset.forms, strict=True)
        ]
        services.assessment_save(
            area=area, criteria_set=criteria_set, year=year, answers=answers, by=request.user
        )
        messages.success(request, _("Saved the self-assessment of %(area)s.") % {"area": area.name})
        return redirect(f"{reverse('programs:assessment_list')}?year={year}")
    return render(
        request,
        "programs/assessment_form.html",
        {
            "area": area,
            "year": year,
            "criteria_set": criteria_set,
            # A tampered form count pairs what it can; the save above refuses it.
            "rows": list(zip(criteria, formset.forms, strict=False)),
            "formset": formset,
        },
    )


@role_required(*CITY_MANAGERS)
@require_POST
def assessment_confirm(request, pk):
    assessment = get_for_user_or_404(
        SelfAssessment.objects.editable_by(request.user).select_related("area"), pk=pk
    )
    services.assessment_confirm(assessment=assessment, by=request.user)
    messages.success(
        request, _("Confirmed the self-assessment of %(area)s.") % {"area": assessment.area.name}
    )
    return redirect(f"{reverse('programs:assessment_list')}?year={assessment.year}")
