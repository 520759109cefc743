"""Forms for the accounts: validation and normalisation only; the role/unit rule is the model's."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.scope import Role

from ..models import MemberOrganisation, User, Ward

# City staff create every role but the administrator's (that one stays with the Django admin).
ASSIGNABLE_ROLES = [(value, label) for value, label in Role.choices if value != Role.ADMINISTRATOR]

ROLE_RULES = _(
    "A ward officer belongs to exactly one ward or commune; a member-organisation officer to exactly "
    "one member organisation; city staff and leadership belong to no unit. The database refuses any "
    "other combination."
)


def _unit_fields(form: forms.BaseForm) -> None:
    form.fields["role"].choices = ASSIGNABLE_ROLES
    form.fields["role"].help_text = ROLE_RULES
    form.fields["ward"].queryset = Ward.objects.current().order_by("kind", "name")
    form.fields["ward"].help_text = _("Only for a ward officer.")
    form.fields["organisation"].queryset = MemberOrganisation.objects.active().order_by("name")
    form.fields["organisation"].help_text = _("Only for a member-organisation officer.")


class UserCreateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "email", "phone", "role", "ward", "organisation"]
        labels = {"last_name": _("Family and middle names"), "first_name": _("Given name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The invitation with the link to set a password goes here.")
        _unit_fields(self)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "email", "phone"]
        labels = {"last_name": _("Family and middle names"), "first_name": _("Given name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email


class UserMoveForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    ward = forms.ModelChoiceField(label=_("Ward / commune"), queryset=Ward.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"), queryset=MemberOrganisation.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("Kept in the account's history, e.g. the decision that transfers the officer."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _unit_fields(self)

    def clean(self):
        cleaned = super().clean()
        role, ward, organisation = cleaned.get("role"), cleaned.get("ward"), cleaned.get("organisation")
        if role is None:
            return cleaned
        # The same rule the database enforces (User.clean and its check constraint), said in Vietnamese.
        try:
            User(role=role, ward=ward, organisation=organisation).clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        same = (role, getattr(ward, "pk", None), getattr(organisation, "pk", None)) == (
            self.user.role,
            self.user.ward_id,
            self.user.organisation_id,
        )
        if same:
            raise ValidationError(_("This is already the account's role and unit."))
        return cleaned


class _ClearsForcedChange:
    """The user chose their own password: the forced change at the next login is no longer needed."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = False
        if commit:
            user.save()
        return user


class PortalPasswordChangeForm(_ClearsForcedChange, PasswordChangeForm):
    pass


class PortalSetPasswordForm(_ClearsForcedChange, SetPasswordForm):
    pass
