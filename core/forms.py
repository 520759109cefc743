"""Filters for the audit trail page."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditAction.choices)
    )
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=100)
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
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["object_type"]:
            events = events.filter(object_type__icontains=data["object_type"])
        if data["ip_address"]:
            events = events.filter(ip_address=data["ip_address"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lt=data["date_to"] + datetime.timedelta(days=1))
        return events
