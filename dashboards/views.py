"""Home pages by role and the ward page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.formatting import short_date
from core.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of
from reports.models import PeriodUnit
from reports.notifications import notify_unit_officers
from wards.models import Ward

from . import selectors

HOME_TEMPLATES = {
    Role.CITY_STAFF: "home/city.html",
    Role.ADMINISTRATOR: "home/city.html",
    Role.LEADERSHIP: "home/leadership.html",
    Role.WARD_OFFICER: "home/ward.html",
    Role.ORG_OFFICER: "home/organisation.html",
}


def home(request):
    scope = scope_of(request.user)
    template = HOME_TEMPLATES.get(scope.role, "home/none.html")
    context = selectors.home_context(request.user)
    if scope.role == Role.LEADERSHIP:
        context.update(
            selectors.leadership_home(
                request.user, sort=request.GET.get("sort", "name"), page=request.GET.get("page")
            )
        )
        if request.htmx and request.htmx.target == "ward-table":
            return render(request, "home/_ward_table.html", context)
    elif scope.is_city_wide:
        context["home"] = selectors.city_home(request.user)
    elif scope.is_unit:
        context["home"] = selectors.unit_home(request.user)
    return render(request, template, context)


@role_required(*CITY_MANAGERS)
@require_POST
def remind_unit(request, pk):
    """Remind a unit that has not submitted; answers htmx with the button's replacement."""
    period_unit = get_for_user_or_404(
        PeriodUnit.objects.editable_by(request.user).select_related("period", "ward", "organisation"), pk=pk
    )
    period = period_unit.period
    text = _("Reminder from the city Front office: the report for %(code)s is due on %(due)s.") % {
        "code": period.code,
        "due": short_date(period.due_date),
    }
    notice = notify_unit_officers(
        ward_id=period_unit.ward_id,
        organisation_id=period_unit.organisation_id,
        text=text,
        url=reverse("reports:my_reports"),
    )
    sent = len(notice.notification_ids)
    if request.htmx:
        return render(request, "home/_reminded.html", {"sent": sent})
    messages.success(
        request,
        _("Reminder sent to %(count)s officer(s) of %(unit)s.")
        % {"count": sent, "unit": period_unit.unit_name},
    )
    return redirect("home")


HELP_SECTIONS = {
    Role.CITY_STAFF: "city",
    Role.ADMINISTRATOR: "city",
    Role.LEADERSHIP: "leadership",
    Role.WARD_OFFICER: "unit",
    Role.ORG_OFFICER: "unit",
}


def help_page(request):
    """ "Hướng dẫn": what the user's role does each period, the deadlines, how to fix a returned report."""
    section = HELP_SECTIONS.get(scope_of(request.user).role, "")
    return render(request, "home/help.html", {"section": section})


@role_required(*CITY_READERS, Role.WARD_OFFICER)
def ward_page(request, pk):
    """One ward at a glance: city readers see any ward, a ward officer only their own (else 404)."""
    ward = get_for_user_or_404(Ward.objects.for_user(request.user), pk=pk)
    return render(request, "home/ward_page.html", selectors.ward_page(request.user, ward))
