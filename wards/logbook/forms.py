"""Entry forms for models, activities and covenants: owner fields fixed by the user's scope."""

import datetime

from django import forms
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, ChooseLabels
from core.scope import scope_of
from core.uploads import UploadsField
from wards.history import ward_refusal
from wards.models import (
    Activity,
    ActivityType,
    Covenant,
    MemberOrganisation,
    ModelType,
    ResidentialArea,
    SelfManagementModel,
    Ward,
)

from .amounts import parse_amount


class AmountField(forms.CharField):
    """Money typed as '1.500.000', '1500000', '1,5 triệu' or '2 tỷ'; cleaned to int đồng."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("In đồng; you may type 1.500.000 or 1,5 triệu."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return 0 if value in ("", None) else parse_amount(value)


class EvidenceField(UploadsField):
    """Several photos or documents at once; each checked by core.uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Photos and documents"))
        kwargs.setdefault("help_text", _("JPEG, PNG, PDF, DOCX or XLSX, at most 10 MB each."))
        super().__init__(*args, **kwargs)


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.ward.display_name}"


class AreasField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.ward.display_name}"

    def _check_values(self, value):
        # An id beyond the database's integer range is refused here, not by the database (a 500).
        for pk in value:
            if not str(pk).isdigit() or int(pk) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def _programmes():
    """The programmes, reached through the foreign key that files an activity under a content area.

    The logbook sits below programs in the layers: it names the programme only through the models'
    foreign keys (declared in wards/models.py), never by importing the programs app.
    """
    content_area = Activity._meta.get_field("content_area").related_model
    return content_area._meta.get_field("programme").related_model.objects.all()


def check_day(form, field: str) -> None:
    """Refuse a date in the future or outside the programme term."""
    day = form.cleaned_data.get(field)
    if not isinstance(day, datetime.date):
        return
    if day > timezone.localdate():
        form.add_error(field, _("The date cannot be in the future."))
        return
    programme = _programmes().order_by("-term_start").first()
    if programme and not (programme.term_first_day <= day <= programme.term_last_day):
        form.add_error(
            field,
            _("The date must fall within the programme term (%(start)s–%(end)s).")
            % {"start": programme.term_start, "end": programme.term_end},
        )


class OwnedForm(ChooseLabels, forms.ModelForm):
    """Sets the owning unit from the user's scope; city staff choose it."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=255,
        help_text=_("Required when the period's report is already accepted; it is kept in the history."),
    )
    files = EvidenceField()
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.scope = scope_of(user)
        if not self.scope.manages_city:
            self.fields.pop("reason")
        if "ward" in self.fields:
            wards = Ward.objects.current().order_by("kind", "name")
            if self.scope.is_ward:
                wards = wards.filter(pk=self.scope.ward_id)
                self.fields["ward"].initial = self.scope.ward_id
                self.fields["ward"].required = True
                self.fields["ward"].empty_label = None
            elif self.scope.is_organisation:
                self.fields["ward"].help_text = _("Empty: city-wide.")
            self.fields["ward"].queryset = wards
        if "organisation" in self.fields:
            if self.scope.manages_city:
                self.fields["organisation"].queryset = MemberOrganisation.objects.active()
                self.fields["organisation"].help_text = _("Empty: the record belongs to the ward.")
            else:
                self.fields.pop("organisation")
        if "content_area" in self.fields:
            self.fields["content_area"].queryset = self.fields["content_area"].queryset.select_related(
                "programme"
            )
        for name in self.date_fields:
            self.fields[name].widget = DATE_WIDGET

    def _owner(self, cleaned):
        """Return (ward, organisation) after applying the scope."""
        if self.scope.is_ward:
            return Ward.objects.get(pk=self.scope.ward_id), None
        if self.scope.is_organisation:
            return cleaned.get("ward"), MemberOrganisation.objects.get(pk=self.scope.organisation_id)
        return cleaned.get("ward"), cleaned.get("organisation")

    def clean(self):
        cleaned = super().clean()
        for name in self.date_fields:
            check_day(self, name)
        ward, organisation = self._owner(cleaned)
        if ward is None and organisation is None and "ward" in self.fields and "ward" not in self.errors:
            self.add_error("ward", _("Choose the ward, or the organisation for a city-wide record."))
        if self.date_fields and (refusal := ward_refusal(ward, cleaned.get(self.date_fields[0]))):
            self.add_error("ward" if "ward" in self.fields else None, refusal)
        self.instance.ward = ward
        self.instance.organisation = organisation
        return cleaned


class SelfManagementModelForm(OwnedForm):
    date_fields = ("start_date", "ended_on")
    areas = AreasField(label=_("Residential areas"), queryset=ResidentialArea.objects.none(), required=False)

    class Meta:
        model = SelfManagementModel
        fields = [
            "name",
            "model_type",
            "content_area",
            "ward",
            "areas",
            "organisation",
            "lead_organisation",
            "start_date",
            "status",
            "ended_on",
            "households",
            "description",
            "replicated_from",
            "is_exemplary",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired type is not offered on new records; a record that has one keeps it.
        self.fields["model_type"].queryset = ModelType.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.model_type_id)
        )
        self.fields["areas"].queryset = (
            ResidentialArea.objects.for_user(self.user).active().select_related("ward")
        )
        self.fields["lead_organisation"].queryset = MemberOrganisation.objects.active()
        origins = SelfManagementModel.objects.alive().select_related("ward")
        if self.instance.pk:
            origins = origins.exclude(pk=self.instance.pk)
        self.fields["replicated_from"].queryset = origins
        if not self.scope.manages_city:
            self.fields.pop("is_exemplary")
        if self.scope.is_organisation and not self.instance.pk:
            self.fields["lead_organisation"].initial = self.scope.organisation_id
        if not self.instance.pk:
            self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        status, ended_on, start = cleaned.get("status"), cleaned.get("ended_on"), cleaned.get("start_date")
        if status == "ended" and not ended_on:
            self.add_error("ended_on", _("Enter the date the model ended."))
        if status != "ended" and ended_on:
            self.add_error("ended_on", _("Only an ended model has an end date."))
        if start and ended_on and ended_on < start:
            self.add_error("ended_on", _("The end date cannot be before the start date."))
        areas = cleaned.get("areas") or []
        ward = self.instance.ward
        if any(ward is None or area.ward_id != ward.pk for area in areas):
            self.add_error("areas", _("All residential areas must belong to the chosen ward."))
        elif areas and cleaned.get("households", 0) > sum(area.households for area in areas):
            self.add_error("households", _("More households than the chosen residential areas have."))
        return cleaned


class ActivityForm(OwnedForm):
    date_fields = ("date",)
    area = AreaChoiceField(
        label=_("Residential area"),
        queryset=ResidentialArea.objects.none(),
        required=False,
        help_text=_("Empty: the whole ward."),
    )
    funds_cash = AmountField(label=_("Funds mobilised in cash (đồng)"))
    funds_in_kind = AmountField(label=_("In-kind value (đồng)"))

    class Meta:
        model = Activity
        fields = [
            "date",
            "title",
            "content_area",
            "activity_type",
            "ward",
            "area",
            "model",
            "organisation",
            "organiser",
            "participants",
            "beneficiary_households",
            "funds_cash",
            "funds_in_kind",
            "houses",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].queryset = ActivityType.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.activity_type_id)
        )
        areas = ResidentialArea.objects.for_user(self.user).active().select_related("ward")
        if not self.is_bound:
            # The list offers the chosen ward's areas; choosing another ward reloads it (htmx). A posted
            # form keeps every area in scope so that clean() can say which ward an area belongs to.
            initial = self.fields["ward"].initial if "ward" in self.fields else None
            ward_id = self.instance.ward_id or initial or self.scope.ward_id
            if ward_id:
                areas = areas.filter(ward_id=ward_id)
        self.fields["area"].queryset = areas
        if "ward" in self.fields:
            self.fields["ward"].widget.attrs.update(
                {
                    "hx-get": reverse("wards:activity_area_options"),
                    "hx-target": "#id_area",
                    "hx-trigger": "change",
                    "hx-swap": "innerHTML",
                }
            )
        self.fields["model"].queryset = (
            SelfManagementModel.objects.for_user(self.user)
            .alive()
            .filter(~Q(status="ended") | Q(pk=self.instance.model_id))
        )
        self.fields["organiser"].queryset = MemberOrganisation.objects.active()
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate()
            if self.scope.is_organisation:
                self.fields["organiser"].initial = self.scope.organisation_id

    def clean(self):
        cleaned = super().clean()
        ward, area = self.instance.ward, cleaned.get("area")
        if area is not None and (ward is None or area.ward_id != ward.pk):
            self.add_error("area", _("The residential area must belong to the chosen ward."))
        model = cleaned.get("model")
        if model is not None and ward is not None and model.ward_id not in (None, ward.pk):
            self.add_error("model", _("The model belongs to another ward."))
        kind = cleaned.get("activity_type")
        if kind is not None and not kind.counts_houses and cleaned.get("houses"):
            self.add_error("houses", _("Houses are counted only for the house-building activity type."))
        participants = cleaned.get("participants")
        if ward is not None and participants:
            population = ResidentialArea.objects.filter(ward=ward).aggregate(total=Sum("population"))["total"]
            if population and participants > population:
                self.add_error(
                    "participants",
                    _("More participants than the population of the ward (%(population)s).")
                    % {"population": population},
                )
        return cleaned


class CovenantForm(OwnedForm):
    date_fields = ("meeting_date", "sent_on", "file_complete_on", "recognition_date", "review_date")
    area = AreaChoiceField(label=_("Residential area"), queryset=ResidentialArea.objects.none())

    class Meta:
        model = Covenant
        fields = [
            "area",
            "kind",
            "title",
            "version",
            "status",
            "meeting_date",
            "method",
            "households_in_favour",
            "households_total",
            "sent_on",
            "file_complete_on",
            "recognition_number",
            "recognition_date",
            "review_date",
            "review_result",
        ]
        widgets = {"review_result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            ResidentialArea.objects.editable_by(self.user).active().select_related("ward")
        )

    def _owner(self, cleaned):
        return None, None

    def clean(self):
        cleaned = forms.ModelForm.clean(self)
        for name in self.date_fields:
            check_day(self, name)
        meeting, sent = cleaned.get("meeting_date"), cleaned.get("sent_on")
        complete, recognised = cleaned.get("file_complete_on"), cleaned.get("recognition_date")
        if meeting and sent and sent < meeting:
            self.add_error("sent_on", _("The file cannot be sent before the meeting."))
        if complete and recognised and recognised < complete:
            self.add_error("recognition_date", _("Recognition cannot come before the file is complete."))
        area, total = cleaned.get("area"), cleaned.get("households_total")
        if area is not None and total and area.households and total > area.households:
            self.add_error(
                "households_total",
                _("The residential area has only %(count)s households.") % {"count": area.households},
            )
        return cleaned
