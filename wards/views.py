"""Pages for the organisation: wards, residential areas, member organisations, configuration."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of

from . import services
from .forms import (
    ActivityTypeForm,
    MemberOrganisationForm,
    ModelTypeForm,
    OrganisationForm,
    ResidentialAreaForm,
    WardForm,
)
from .history import areas_on, unit_and_predecessor_ids
from .models import ActivityType, MemberOrganisation, ModelType, Organisation, ResidentialArea, Ward

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# Wards ---------------------------------------------------------------------------------------------


@role_required(*CITY_READERS)
def ward_list(request):
    wards = (
        Ward.objects.for_user(request.user)
        .select_related("successor")
        .annotate(area_count=Count("areas", filter=Q(areas__is_active=True)))
        .order_by("valid_to", "kind", "name")
    )
    return render(request, "wards/ward_list.html", {"page": _page(request, wards)})


@role_required(*CITY_MANAGERS)
def ward_create(request):
    form = WardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ward = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": ward})
        return redirect("wards:ward_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": _("New ward / commune"), "back": "wards:ward_list"},
    )


@role_required(*CITY_MANAGERS)
def ward_edit(request, pk):
    ward = get_for_user_or_404(Ward.objects.editable_by(request.user), pk=pk)
    form = WardForm(request.POST or None, instance=ward)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": ward})
        return redirect("wards:ward_list")
    return render(
        request, "wards/form.html", {"form": form, "title": ward.display_name, "back": "wards:ward_list"}
    )


@role_required(*CITY_MANAGERS)
def ward_deactivate(request, pk):
    ward = get_for_user_or_404(Ward.objects.editable_by(request.user), pk=pk)
    if request.method == "POST":
        services.ward_deactivate(ward=ward)
        messages.success(request, _("%(name)s is no longer active.") % {"name": ward})
        return redirect("wards:ward_list")
    return render(
        request,
        "confirm.html",
        {
            "title": _("End %(name)s?") % {"name": ward},
            "message": _(
                "The unit stays in the history and in past reports; from today it expects no reports."
            ),
            "back": "wards:ward_list",
            "button": _("End the unit"),
        },
    )


# Residential areas ---------------------------------------------------------------------------------


def _day(text: str) -> datetime.date | None:
    """An ISO date from a query string, or None when it is missing or not a date."""
    try:
        return parse_date(text)
    except ValueError:
        return None


def area_list(request):
    scope = scope_of(request.user)
    areas = ResidentialArea.objects.for_user(request.user).select_related("ward")
    wards = Ward.objects.for_user(request.user).current() if scope.is_city_wide else None
    ward_id = request.GET.get("ward", "")
    if wards is not None and ward_id.isdigit():
        areas = areas.filter(ward_id=int(ward_id))
    query = request.GET.get("q", "").strip()
    if query:
        areas = areas.filter(Q(name__icontains=query) | Q(front_head_name__icontains=query))
    if request.GET.get("inactive") != "1":
        areas = areas.filter(is_active=True)
    # The areas behind a report's KDC count: those a unit and the units merged into it had on a day.
    unit, day = request.GET.get("unit", ""), _day(request.GET.get("on", ""))
    if unit.isdigit() and day is not None:
        areas = areas.filter(pk__in=areas_on(unit_and_predecessor_ids(int(unit)), day).values("pk"))
    can_edit = scope.manages_city or scope.is_ward
    return render(
        request,
        "wards/area_list.html",
        {
            "page": _page(request, areas.order_by("ward__name", "name")),
            "wards": wards,
            "ward_id": ward_id,
            "query": query,
            "can_edit": can_edit,
        },
    )


def _area_form(request, instance=None):
    wards = Ward.objects.editable_by(request.user).current()
    return ResidentialAreaForm(request.POST or None, instance=instance, wards=wards)


@role_required(Role.CITY_STAFF, Role.WARD_OFFICER)
def area_create(request):
    form = _area_form(request)
    if request.method == "POST" and form.is_valid():
        area = form.save()
        messages.success(request, _("Saved residential area %(name)s.") % {"name": area})
        if "save_add" in request.POST:
            return redirect("wards:area_create")
        return redirect("wards:area_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": _("New residential area"), "back": "wards:area_list", "save_add": True},
    )


@role_required(Role.CITY_STAFF, Role.WARD_OFFICER)
def area_edit(request, pk):
    area = get_for_user_or_404(ResidentialArea.objects.editable_by(request.user), pk=pk)
    form = _area_form(request, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved residential area %(name)s.") % {"name": area})
        return redirect("wards:area_list")
    return render(request, "wards/form.html", {"form": form, "title": area.name, "back": "wards:area_list"})


@role_required(Role.CITY_STAFF, Role.WARD_OFFICER)
@require_POST
def area_toggle(request, pk):
    area = get_for_user_or_404(ResidentialArea.objects.editable_by(request.user), pk=pk)
    services.area_set_active(area=area, active=not area.is_active)
    if area.is_active:
        messages.success(request, _("%(name)s is active again.") % {"name": area})
    else:
        messages.success(request, _("%(name)s is no longer active.") % {"name": area})
    return redirect("wards:area_list")


# Member organisations ------------------------------------------------------------------------------


@role_required(*CITY_READERS)
def organisation_list(request):
    organisations = MemberOrganisation.objects.for_user(request.user)
    return render(request, "wards/organisation_list.html", {"page": _page(request, organisations)})


@role_required(*CITY_MANAGERS)
def organisation_create(request):
    form = MemberOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": organisation})
        return redirect("wards:organisation_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": _("New member organisation"), "back": "wards:organisation_list"},
    )


@role_required(*CITY_MANAGERS)
def organisation_edit(request, pk):
    organisation = get_for_user_or_404(MemberOrganisation.objects.editable_by(request.user), pk=pk)
    form = MemberOrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved %(name)s.") % {"name": organisation})
        return redirect("wards:organisation_list")
    return render(
        request,
        "wards/form.html",
        {"form": form, "title": organisation.name, "back": "wards:organisation_list"},
    )


@role_required(*CITY_MANAGERS)
@require_POST
def organisation_toggle(request, pk):
    organisation = get_for_user_or_404(MemberOrganisation.objects.editable_by(request.user), pk=pk)
    services.member_organisation_set_active(organisation=organisation, active=not organisation.is_active)
    messages.success(request, _("Saved %(name)s.") % {"name": organisation})
    return redirect("wards:organisation_list")


# Pick lists (model and activity types) ---------------------------------------------------------


@dataclass(frozen=True)
class PickList:
    model: type
    form: type
    title: str
    new_title: str


PICK_LISTS = {
    "model": PickList(ModelType, ModelTypeForm, gettext_lazy("Model types"), gettext_lazy("New model type")),
    "activity": PickList(
        ActivityType, ActivityTypeForm, gettext_lazy("Activity types"), gettext_lazy("New activity type")
    ),
}


def _pick_list(kind: str) -> PickList:
    if kind not in PICK_LISTS:
        raise Http404
    return PICK_LISTS[kind]


@role_required(*CITY_MANAGERS)
def picklist(request, kind):
    pick = _pick_list(kind)
    items = pick.model.objects.for_user(request.user).order_by("-is_active", "order", "name")
    return render(request, "wards/picklist.html", {"pick": pick, "kind": kind, "page": _page(request, items)})


@role_required(*CITY_MANAGERS)
def picklist_edit(request, kind, pk=None):
    pick = _pick_list(kind)
    item = get_for_user_or_404(pick.model.objects.editable_by(request.user), pk=pk) if pk else pick.model()
    form = pick.form(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.pick_list_save(item=form.save(commit=False))
        messages.success(request, _("Saved %(name)s.") % {"name": item})
        return redirect("wards:picklist", kind=kind)
    back = reverse("wards:picklist", kwargs={"kind": kind})
    title = item.name if pk else pick.new_title
    return render(request, "wards/form.html", {"form": form, "title": title, "back_url": back})


@role_required(*CITY_MANAGERS)
@require_POST
def picklist_toggle(request, kind, pk):
    pick = _pick_list(kind)
    item = get_for_user_or_404(pick.model.objects.editable_by(request.user), pk=pk)
    services.pick_list_set_active(item=item, active=not item.is_active)
    if item.is_active:
        messages.success(request, _("%(name)s can be chosen again.") % {"name": item})
    else:
        messages.success(request, _("%(name)s is retired: records that use it keep it.") % {"name": item})
    return redirect("wards:picklist", kind=kind)


# Deploying body ------------------------------------------------------------------------------------


@role_required(*CITY_MANAGERS)
def configuration(request):
    # The configuration is not unit data: every city manager sees all of it.
    versions = Organisation.objects.all()
    current = versions.first()
    form = OrganisationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.configuration_save(current_pk=current.pk if current else None, values=form.cleaned_data)
        messages.success(request, _("Saved the organisation configuration."))
        return redirect("wards:configuration")
    return render(request, "wards/configuration.html", {"form": form, "versions": versions})
