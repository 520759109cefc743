"""Forms of the reports app: they validate and normalise, the services decide."""

import filetype
from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.uploads import validate_upload
from wards.models import Organisation

from .models import NARRATIVE_FIELDS, CompiledReport, Nomination, Period, UnitReport


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ["window_start", "window_end", "due_date", "compile_date", "lock_date"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in fields}


class ReportForm(forms.ModelForm):
    """The unit's text. Figures and status are not fields: a crafted POST cannot set them."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = UnitReport
        fields = [name for name, _label in NARRATIVE_FIELDS] + ["late_reason"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}

    def __init__(self, *args, show_late_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if not show_late_reason:
            del self.fields["late_reason"]
        else:
            self.fields["late_reason"].widget.attrs["rows"] = 2

    @property
    def text_fields(self) -> list[str]:
        return [name for name in self.Meta.fields if name in self.fields]


NominationFormSet = inlineformset_factory(
    UnitReport,
    Nomination,
    fields=["kind", "name", "achievement"],
    widgets={"achievement": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write the reason.")},
    )


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Signed and stamped scan (PDF or image)"))

    ALLOWED = {"application/pdf", "image/jpeg", "image/png"}

    def clean_scan(self):
        upload = self.cleaned_data["scan"]
        kind = filetype.guess(upload.read(2048))
        upload.seek(0)
        if kind is None or kind.mime not in self.ALLOWED:
            raise forms.ValidationError(_("Please upload a PDF, JPEG or PNG file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        validate_upload(upload)  # the full content check of every upload: images, scripts
        return upload


class OrganisationPartForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)
    takes_part = forms.BooleanField(required=False)


class CompileForm(forms.Form):
    """Ask for a compiled version; the one-time token makes a double click produce one version."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=16)
    document_number = forms.IntegerField(
        label=_("Document number (blank: the next free one)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    document_date = forms.DateField(
        label=_("Document date (blank: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean_document_date(self):
        """The header is the configuration in force on the document's date: there must be one."""
        day = self.cleaned_data.get("document_date")
        if day is not None and Organisation.objects.in_force_on(day) is None:
            raise forms.ValidationError(
                _("No deploying-body configuration is in force on %(date)s.") % {"date": short_date(day)}
            )
        return day

    def clean(self):
        data = super().clean()
        number, day = data.get("document_number"), data.get("document_date")
        if number:
            year = (day or timezone.localdate()).year
            token = data.get("token")
            taken = CompiledReport.objects.filter(document_year=year, document_number=number)
            if taken.exclude(request_token=token).exists():
                raise forms.ValidationError(
                    _("Number %(number)s of %(year)s is already used by another report.")
                    % {"number": number, "year": year}
                )
        return data
