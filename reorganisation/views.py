"""Pages for recording, previewing, applying and undoing a reorganisation (city staff only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.scope import CITY_MANAGERS, role_required

from . import services as reorg
from .forms import ReorganisationForm


@role_required(*CITY_MANAGERS)
def reorganisation_list(request):
    return render(
        request,
        "reorganisation/list.html",
        {"reorganisations": reorg.reorganisations_for(request.user)},
    )


@role_required(*CITY_MANAGERS)
def reorganisation_create(request):
    form = ReorganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "1":
            return render(request, "reorganisation/preview.html", {"form": form, "plan": form.plan})
        try:
            done = reorg.reorganisation_apply(**form.service_kwargs(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reorganisation was applied."))
            return redirect("reorganisation:detail", pk=done.pk)
    return render(request, "reorganisation/form.html", {"form": form})


@role_required(*CITY_MANAGERS)
def reorganisation_detail(request, pk):
    item = reorg.reorganisation_for(request.user, pk)
    return render(
        request,
        "reorganisation/detail.html",
        {
            "item": item,
            "sources": item.sources.select_related("ward"),
            "transfers": item.transfers.select_related("from_ward", "to_ward"),
            "moves": item.user_moves.select_related("user", "from_ward"),
            "undo_refusal": reorg.undo_refusal(item),
        },
    )


@role_required(*CITY_MANAGERS)
def reorganisation_undo(request, pk):
    item = reorg.reorganisation_for(request.user, pk)
    if request.method == "POST":
        try:
            reorg.reorganisation_undo(reorganisation=item, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reorganisation was undone."))
        return redirect("reorganisation:detail", pk=item.pk)
    return render(
        request,
        "confirm.html",
        {
            "title": _("Undo the reorganisation"),
            "message": reorg.undo_refusal(item)
            or _("The units, residential areas and users go back to how they were before %(item)s.")
            % {"item": item},
            "back": "reorganisation:list",
            "button": _("Undo"),
        },
    )
