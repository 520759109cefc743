"""Pages every app shares: the health check, the audit trail, and the Vietnamese error pages."""

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import health as health_checks
from .audit import EXPORT_COLUMNS, export_rows, readable, record_refusal
from .exports import export_response
from .forms import AuditFilterForm
from .models import AuditEvent
from .scope import Role, role_required

logger = logging.getLogger(__name__)


@role_required(Role.CITY_STAFF)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    events = form.filter(AuditEvent.objects.for_user(request.user).select_related("user"))
    if request.GET.get("format") == "xlsx":
        return export_response(export_rows(events), EXPORT_COLUMNS, "xlsx", "nhat-ky-thay-doi")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page, "rows": readable(page)})


@login_not_required
@never_cache
@require_GET
def health(request):
    """For docker-compose and monitoring: 200 when every checked component answers, else 503.
    `?worker=1` also asks a Celery worker to answer a ping."""
    result = health_checks.status(include_worker=request.GET.get("worker") == "1")
    healthy = all(value == "ok" for value in result.values())
    return JsonResponse(result, status=200 if healthy else 503)


def log_refusal(request, reason: str) -> None:
    """One line per refused access: who, where, why; never a traceback."""
    user = request.user.get_username() if request.user.is_authenticated else "anonymous"
    logger.warning("refused user=%s path=%s reason=%s", user, request.path, reason)


class LogoutView(auth_views.LogoutView):
    """Logout flushes the session (Django) and asks the browser to forget this site's cache, cookies
    and storage: the next person at a shared office PC finds nothing of the last one."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        response["Cache-Control"] = "no-store, private"
        return response


def csrf_failure(request, reason=""):
    """A form posted without a valid token: refused, recorded, explained in Vietnamese."""
    record_refusal(request, status=403, detail="CSRF")
    log_refusal(request, f"CSRF: {reason}")
    return render(request, "403_csrf.html", status=403)


@requires_csrf_token
def error_403(request, exception=None):
    log_refusal(request, str(exception) or "permission denied")
    return render(request, "403.html", status=403)


@requires_csrf_token
def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the failure may be in one of them. The id is the one in the log's lines.
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
