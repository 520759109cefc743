"""The form that records a reorganisation: sources, target (existing or new), date and legal basis."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, ChooseLabels
from wards.models import UserAction, Ward, WardKind

from .services import Plan, reorganisation_plan, source_choices


class ReorganisationForm(ChooseLabels, forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Source units"),
        queryset=Ward.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The units that end the day before the effective date."),
    )
    target = forms.ModelChoiceField(
        label=_("Existing target unit"),
        queryset=Ward.objects.none(),
        required=False,
        help_text=_("Leave empty to create a new unit below."),
    )
    new_kind = forms.ChoiceField(label=_("New unit: kind"), choices=WardKind.choices, initial=WardKind.WARD)
    new_name = forms.CharField(label=_("New unit: name"), max_length=100, required=False)
    new_code = forms.CharField(
        label=_("New unit: statistics code"),
        max_length=10,
        required=False,
        help_text=_("Use a clearly provisional code if the official one is not known yet."),
    )
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=60)
    resolution_date = forms.DateField(label=_("Resolution date"), widget=DATE_WIDGET)
    user_action = forms.ChoiceField(
        label=_("Users bound to a source unit"),
        choices=UserAction.choices,
        initial=UserAction.MOVE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = source_choices()
        self.fields["target"].queryset = source_choices()
        self.plan: Plan | None = None

    def clean(self):
        cleaned = super().clean()
        target, name, code = cleaned.get("target"), cleaned.get("new_name", ""), cleaned.get("new_code", "")
        if target is not None and (name or code):
            self.add_error("target", _("Choose an existing target or describe a new one, not both."))
        if target is None and not (name and code):
            self.add_error("new_name", _("Give the name and the statistics code of the new unit."))
        effective, resolution = cleaned.get("effective_date"), cleaned.get("resolution_date")
        if effective and resolution and resolution > effective:
            self.add_error("resolution_date", _("The resolution cannot be dated after the effective date."))
        if self.errors or not cleaned.get("sources"):
            return cleaned
        self.plan = reorganisation_plan(
            sources=list(cleaned["sources"]),
            target=target,
            new_target=None if target else {"kind": cleaned["new_kind"], "name": name, "code": code},
            effective_date=effective,
            user_action=cleaned["user_action"],
        )
        for error in self.plan.errors:
            self.add_error(None, error)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        target = data["target"]
        return {
            "sources": list(data["sources"]),
            "target": target,
            "new_target": None
            if target
            else {"kind": data["new_kind"], "name": data["new_name"], "code": data["new_code"]},
            "effective_date": data["effective_date"],
            "resolution_number": data["resolution_number"],
            "resolution_date": data["resolution_date"],
            "user_action": data["user_action"],
        }
