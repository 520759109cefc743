"""Home pages by role, and the friendly error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_POST

from reports.models import PeriodUnit
from wards.models import Ward
from wards.scope import CITY_MANAGERS, CITY_READERS, Role, get_for_user_or_404, role_required, scope_of

from . import health as health_checks
from . import selectors, services
from .forms import AuditFilterForm
from .models import AuditEvent

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
        context.update(selectors.leadership_home(request.user, sort=request.GET.get("sort", "name")))
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
    sent = services.remind_unit(period_unit=period_unit, by=request.user)
    if request.htmx:
        return render(request, "home/_reminded.html", {"sent": sent})
    messages.success(
        request,
        _("Reminder sent to %(count)s officer(s) of %(unit)s.")
        % {"count": sent, "unit": period_unit.unit_name},
    )
    return redirect("home")


@role_required(*CITY_READERS, Role.WARD_OFFICER)
def ward_page(request, pk):
    """One ward at a glance: city readers see any ward, a ward officer only their own (else 404)."""
    ward = get_for_user_or_404(Ward.objects.for_user(request.user), pk=pk)
    return render(request, "home/ward_page.html", selectors.ward_page(request.user, ward))


@role_required(*CITY_MANAGERS)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.for_user(request.user).select_related("user"))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})


@login_not_required
@never_cache
@require_GET
def health(request):
    """For docker-compose and monitoring: 200 when every checked component answers, else 503.
    `?worker=1` also asks a Celery worker to answer a ping."""
    result = health_checks.status(include_worker=request.GET.get("worker") == "1")
    healthy = all(value == "ok" for value in result.values())
    return JsonResponse(result, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """A form posted without a valid token: refused, recorded, explained in Vietnamese."""
    from .audit import record_refusal

    record_refusal(request, status=403, detail="CSRF")
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def error_403(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the failure may be in one of them.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
