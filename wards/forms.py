"""Forms for the organisation: validation and normalisation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, ChooseLabels

from .models import (
    ActivityType,
    AreaKind,
    MemberOrganisation,
    ModelType,
    Organisation,
    ResidentialArea,
    Ward,
    WardKind,
    folded,
)


class WardForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["kind", "code", "name", "valid_from", "valid_to", "successor", "former_names"]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        successors = Ward.objects.all()
        if self.instance.pk:
            successors = successors.exclude(pk=self.instance.pk)
        self.fields["successor"].queryset = successors

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date cannot be before the start date."))
        return cleaned


class ResidentialAreaForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = ResidentialArea
        fields = [
            "ward",
            "kind",
            "name",
            "households",
            "population",
            "household_groups",
            "front_head_name",
            "front_head_phone",
        ]

    def __init__(self, *args, wards=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The ward pick-list is limited to the wards the user may edit; a tampered id fails validation.
        self.fields["ward"].queryset = wards if wards is not None else Ward.objects.none()
        only = list(self.fields["ward"].queryset[:2])
        if len(only) == 1:
            self.fields["ward"].initial = only[0].pk
            if not self.instance.pk:
                is_urban = only[0].kind == WardKind.WARD
                self.fields["kind"].initial = AreaKind.BLOCK if is_urban else AreaKind.VILLAGE

    def clean_front_head_phone(self):
        phone = self.cleaned_data["front_head_phone"].replace(" ", "").replace(".", "")
        if phone and not (phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
            raise forms.ValidationError(_("Enter a phone number of 9 to 12 digits."))
        return phone

    def clean(self):
        cleaned = super().clean()
        households, population = cleaned.get("households"), cleaned.get("population")
        if households and population and population < households:
            self.add_error("population", _("The population cannot be smaller than the number of households."))
        ward, name = cleaned.get("ward"), cleaned.get("name")
        if ward and name:
            clash = ResidentialArea.objects.filter(ward=ward, name__iexact=name.strip())
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("This ward already has a residential area with this name."))
        return cleaned


class MemberOrganisationForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = MemberOrganisation
        fields = ["name", "short_name", "kind"]


class OrganisationForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "valid_from",
            "header_parent",
            "header_name",
            "header_unit",
            "right_header_line_1",
            "right_header_line_2",
            "place_name",
            "document_suffix",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "recipients",
        ]
        widgets = {"valid_from": DATE_WIDGET, "recipients": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        """No placeholder left, and the issuing body never among its own recipients."""
        cleaned = super().clean()
        if not self.errors:
            problems = Organisation(**{name: cleaned.get(name) for name in self.Meta.fields}).problems()
            if problems:
                raise forms.ValidationError(problems)
        return cleaned


class PickListForm(forms.ModelForm):
    """A pick-list entry (model or activity type): its name must differ from every other entry's
    by more than case or accents, so the lists never show two "Câu lạc bộ" that look the same."""

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = type(self.instance).objects.exclude(pk=self.instance.pk).values_list("name", flat=True)
        clash = next((other for other in others if folded(other) == folded(name)), None)
        if clash:
            raise forms.ValidationError(_("“%(name)s” is already in the list.") % {"name": clash})
        return name


class ModelTypeForm(PickListForm):
    class Meta:
        model = ModelType
        fields = ["name", "order"]


class ActivityTypeForm(PickListForm):
    class Meta:
        model = ActivityType
        fields = ["name", "counts_houses", "order"]
