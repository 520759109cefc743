"""Home pages by role, and the friendly error pages."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from wards.scope import Role, scope_of

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
    return render(request, template, selectors.home_context(request.user))


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
