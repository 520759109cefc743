"""Pages for the organisation: wards, residential areas, member organisations, configuration."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of

from . import services
from .forms import MemberOrganisationForm, OrganisationForm, ResidentialAreaForm, WardForm
from .models import MemberOrganisation, Organisation, ResidentialArea, Ward

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
