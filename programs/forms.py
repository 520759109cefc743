"""Forms for the programme: validation and normalisation only."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, ChooseLabels
from core.uploads import UploadsField
from wards.models import ResidentialArea, Ward

from .models import (
    ContentArea,
    CriteriaSet,
    Criterion,
    Evaluation,
    Pilot,
    PilotLevel,
    PilotStatus,
    Programme,
)


class ProgrammeForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "plan_number",
            "plan_date",
            "issuing_body",
            "term_start",
            "term_end",
            "status",
            "motto",
            "purpose",
        ]
        widgets = {"plan_date": DATE_WIDGET}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned


ContentAreaFormSet = inlineformset_factory(
    Programme,
    ContentArea,
    fields=["number", "short_title", "title", "focus_topics"],
    extra=0,
    can_delete=False,
    widgets={"title": forms.Textarea(attrs={"rows": 3}), "focus_topics": forms.Textarea(attrs={"rows": 5})},
)


class PilotForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = Pilot
        fields = [
            "level",
            "ward",
            "area",
            "decision_number",
            "decision_date",
            "selected_on",
            "responsible_officer",
            "goals",
        ]
        widgets = {"decision_date": DATE_WIDGET, "selected_on": DATE_WIDGET}

    def __init__(self, *args, programme: Programme, replacing: Pilot | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.replacing = replacing
        self.instance.programme = programme
        self.fields["ward"].queryset = Ward.objects.current().order_by("kind", "name")
        self.fields["area"].queryset = ResidentialArea.objects.active().select_related("ward")
        self.fields["area"].label_from_instance = lambda area: f"{area.name} – {area.ward.display_name}"
        if replacing is not None:
            # A replacement stays at the same level and in the same ward.
            for name in ("level", "ward"):
                self.fields[name].disabled = True
            self.initial.update({"level": replacing.level, "ward": replacing.ward_id})

    def clean(self):
        cleaned = super().clean()
        level, ward, area = cleaned.get("level"), cleaned.get("ward"), cleaned.get("area")
        if level == PilotLevel.WARD and not ward:
            self.add_error("ward", _("Choose the ward whose pilot this is."))
        if level == PilotLevel.CITY:
            cleaned["ward"] = None
            self.instance.ward = None
        if level == PilotLevel.WARD and ward and area and area.ward_id != ward.pk:
            self.add_error("area", _("The residential area must belong to the chosen ward."))
        if level and not self.errors:
            existing = Pilot.objects.current().filter(programme=self.programme, level=level)
            existing = existing.filter(ward=ward) if level == PilotLevel.WARD else existing
            if self.replacing is not None:
                existing = existing.exclude(pk=self.replacing.pk)
            clash = existing.select_related("area", "ward").first()
            if clash is not None:
                if level == PilotLevel.CITY:
                    message = _(
                        "The city already has its pilot: %(pilot)s. "
                        "Replace that pilot instead of adding another."
                    )
                else:
                    message = _(
                        "%(ward)s already has its pilot: %(pilot)s. "
                        "Replace that pilot instead of adding another."
                    )
                raise forms.ValidationError(
                    message % {"pilot": clash.area.name, "ward": ward.display_name if ward else ""}
                )
        return cleaned


class PilotMoveForm(ChooseLabels, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=PilotStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplaceReasonForm(ChooseLabels, forms.Form):
    reason = forms.CharField(label=_("Reason for the replacement"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(ChooseLabels, forms.ModelForm):
    attachments = UploadsField(label=_("Attachments"))
    mark_evaluated = forms.BooleanField(
        label=_("Move the pilot to “Evaluated”"), required=False, initial=True
    )

    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "rating", "results", "lessons", "recommend_replication"]
        widgets = {"evaluated_on": DATE_WIDGET}


class CriteriaSetForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = ["name", "is_example", "year_from"]

    def clean_name(self):
        # The programme is not a field of the form, so the unique constraint is checked here.
        name = self.cleaned_data["name"]
        clash = CriteriaSet.objects.filter(programme_id=self.instance.programme_id, name=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("The programme already has a criteria set named %(name)s.") % {"name": name}
            )
        return name


class CriterionForm(ChooseLabels, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["group", "content_area", "code", "text", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, criteria_set: CriteriaSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.criteria_set = criteria_set
        self.fields["content_area"].queryset = criteria_set.programme.content_areas.all()

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Criterion.objects.filter(criteria_set=self.instance.criteria_set, code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This set already has a criterion with code %(code)s.") % {"code": code}
            )
        return code


class AnswerForm(ChooseLabels, forms.Form):
    met = forms.BooleanField(label=_("Met"), required=False)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


AnswerFormSet = forms.formset_factory(AnswerForm, extra=0)
