"""The portal's shared form pieces (the Vietnamese date field, select labels) and the audit filters."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .audit import audited_models
from .models import AuditAction

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class VietnameseDateInput(forms.DateInput):
    """A text field that shows and takes dd/mm/yyyy whatever the browser's language.

    A browser's own date input follows the browser's locale (mm/dd/yyyy in an English Chromium). The
    server parses the locale's DATE_INPUT_FORMATS (tamky_kdc/formats/vi/formats.py); static/js/portal.js
    adds the slashes while typing.
    """

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "placeholder": "dd/mm/yyyy",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
            "maxlength": "10",
            "autocomplete": "off",
            "data-date-mask": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


# The one date widget of every form.
DATE_WIDGET = VietnameseDateInput()


def choose_label(label: StrOrPromise) -> str:
    """The empty choice of a select: "— Chọn khu dân cư —"."""
    return gettext("— Choose %(label)s —") % {"label": str(label).lower()}


def choose_labels(form: forms.BaseForm, *, filtering: bool = False) -> forms.BaseForm:
    """Replace Django's "---------" in the selects: "— Chọn xã, phường —" ("— Tất cả —" in a filter)."""
    for field in form.fields.values():
        text = gettext("— All —") if filtering else choose_label(field.label or "")
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        # Model choices and django-filter's choice fields print their own empty_label.
        if getattr(field, "empty_label", None) is not None:
            field.empty_label = text  # type: ignore[attr-defined]  # ModelChoiceField and django-filter's
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)  # type: ignore[arg-type]  # always a list once the form is built
            if choices and choices[0][0] in ("", None) and str(choices[0][1]).startswith("---"):
                field.choices = [("", text), *choices[1:]]
    return form


class ChooseLabels:
    """Form mixin: Vietnamese empty labels in every select (choose_labels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_labels(self)


def audited_kinds() -> list[tuple[str, str]]:
    """The kinds of record in the trail by their Vietnamese names (the catalogue's), alphabetically."""
    kinds = [(label, str(apps.get_model(label)._meta.verbose_name)) for label in audited_models()]
    named = sorted(((label, name[:1].upper() + name[1:]) for label, name in kinds), key=lambda c: c[1])
    return [("", gettext("— All —")), *named]


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditAction.choices)
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Record type"), required=False, choices=audited_kinds)
    ip_address = forms.GenericIPAddressField(label=_("Address"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be before the start date."))
        return cleaned

    def filter(self, events):
        """The events matching the valid filters; an invalid form filters nothing but shows its errors."""
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["username"]:
            events = events.filter(username__icontains=data["username"])
        if data["unit"]:
            # The unit of whoever acted (the account's ward or member organisation).
            unit = data["unit"]
            events = events.filter(
                Q(user__ward__name__icontains=unit) | Q(user__organisation__name__icontains=unit)
            )
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["ip_address"]:
            events = events.filter(ip_address=data["ip_address"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lt=data["date_to"] + datetime.timedelta(days=1))
        return events
