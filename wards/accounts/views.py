"""The "Người dùng" section: city staff manage the portal's accounts (ward officers never reach it)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.scope import CITY_MANAGERS, get_for_user_or_404, role_required

from ..models import User
from . import services
from .forms import ROLE_RULES, UserCreateForm, UserEditForm, UserMoveForm

PAGE_SIZE = 25


@role_required(*CITY_MANAGERS)
def user_list(request):
    users = User.objects.for_user(request.user).select_related("ward", "organisation")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if request.GET.get("inactive") != "1":
        users = users.filter(is_active=True)
    page = Paginator(users.order_by("role", "ward__name", "organisation__name", "username"), PAGE_SIZE)
    return render(
        request,
        "accounts/user_list.html",
        {"page": page.get_page(request.GET.get("page")), "q": query, "inactive": request.GET.get("inactive")},
    )


@role_required(*CITY_MANAGERS)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(**form.cleaned_data)
        messages.success(
            request,
            _("Created the account %(name)s; the invitation was sent to %(email)s.")
            % {"name": user.username, "email": user.email},
        )
        return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": _("New account"), "rules": ROLE_RULES},
    )


@role_required(*CITY_MANAGERS)
def user_detail(request, pk):
    account = get_for_user_or_404(
        User.objects.for_user(request.user).select_related("ward", "organisation"), pk=pk
    )
    history = account.assignments.select_related(
        "by", "from_ward", "from_organisation", "to_ward", "to_organisation"
    )
    return render(request, "accounts/user_detail.html", {"account": account, "history": history})


@role_required(*CITY_MANAGERS)
def user_edit(request, pk):
    account = get_for_user_or_404(User.objects.editable_by(request.user), pk=pk)
    form = UserEditForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.user_update(user=account, **form.cleaned_data)
        messages.success(request, _("Saved %(name)s.") % {"name": account.username})
        return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "title": account.username, "account": account}
    )


@role_required(*CITY_MANAGERS)
def user_move(request, pk):
    account = get_for_user_or_404(User.objects.editable_by(request.user), pk=pk)
    initial = {"role": account.role, "ward": account.ward_id, "organisation": account.organisation_id}
    form = UserMoveForm(request.POST or None, user=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_move(user=account, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s now works for %(unit)s.") % {"name": account.username, "unit": account.unit_label},
        )
        return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "title": _("Move %(name)s to another unit") % {"name": account.username},
            "account": account,
            "rules": ROLE_RULES,
        },
    )


@role_required(*CITY_MANAGERS)
@require_POST
def user_set_active(request, pk):
    account = get_for_user_or_404(User.objects.editable_by(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=account, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(name)s can log in again.") if active else _("%(name)s can no longer log in.")
        messages.success(request, text % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@role_required(*CITY_MANAGERS)
@require_POST
def user_invite(request, pk):
    """Send a new invitation, e.g. when the first one expired or the officer forgot their password."""
    account = get_for_user_or_404(User.objects.editable_by(request.user).filter(is_active=True), pk=pk)
    if not account.email:
        messages.error(request, _("The account has no e-mail address."))
    else:
        services.send_invitation(user=account)
        messages.success(request, _("The invitation was sent to %(email)s.") % {"email": account.email})
    return redirect("accounts:user_detail", pk=account.pk)
