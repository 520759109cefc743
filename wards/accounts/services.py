"""Writes to the accounts: create (with an invitation), edit, move to another unit, (de)activate.

Every save goes through the model, so the audit trail (core/audit.py) records it with its changes; the
moves are also kept as UserAssignment rows, the account's own history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..models import MemberOrganisation, User, UserAssignment, Ward


def invitation_link(user: User) -> str:
    """The one-time link to set a password: Django's reset token, void once the password is set."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.PORTAL_URL.rstrip('/')}{path}"


def send_invitation(*, user: User) -> None:
    """E-mail the account's invitation after the commit (the link must find the saved account)."""
    context = {"user": user, "link": invitation_link(user), "days": settings.PASSWORD_RESET_TIMEOUT // 86400}

    def send() -> None:
        send_mail(
            subject=render_to_string("accounts/invitation_subject.txt", context).strip(),
            message=render_to_string("accounts/invitation_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )

    transaction.on_commit(send)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    role: str,
    ward: Ward | None,
    organisation: MemberOrganisation | None,
) -> User:
    """A new account without a password; the invitation lets its owner choose one."""
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        role=role,
        ward=ward,
        organisation=organisation,
        must_change_password=False,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    send_invitation(user=user)
    return user


def user_update(*, user: User, first_name: str, last_name: str, email: str, phone: str) -> User:
    user.first_name, user.last_name, user.email, user.phone = first_name, last_name, email, phone
    user.save(update_fields=["first_name", "last_name", "email", "phone"])
    return user


@transaction.atomic
def user_move(
    *,
    user: User,
    role: str,
    ward: Ward | None,
    organisation: MemberOrganisation | None,
    reason: str,
    by: User,
) -> UserAssignment:
    """Give the account another role or unit from now on; the earlier one stays in its history.

    The records the officer made stay with the unit they were made for: only the account moves."""
    user = User.objects.select_for_update().get(pk=user.pk)
    assignment = UserAssignment(
        user=user,
        by=by,
        reason=reason,
        from_role=user.role,
        from_ward=user.ward,
        from_organisation=user.organisation,
        to_role=role,
        to_ward=ward,
        to_organisation=organisation,
    )
    user.role, user.ward, user.organisation = role, ward, organisation
    user.full_clean()
    user.save(update_fields=["role", "ward", "organisation"])
    assignment.save()
    return assignment


def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Deactivated accounts cannot log in; their records and history stay."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
