"""Who may see and change what: the one place that turns a user into a scope.

Every scoped model's QuerySet derives from ScopedQuerySet, and every view reaches rows only through
`.for_user(user)` (to read) or `.editable_by(user)` (to change). Views never call
`get_object_or_404(Model, ...)` or `Model.objects.get(...)` directly; a test scans the views for that,
so a view that forgets the scope is easy to spot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_STAFF = "city_staff", _("City staff")
    LEADERSHIP = "leadership", _("Leadership")
    WARD_OFFICER = "ward_officer", _("Ward officer")
    ORG_OFFICER = "org_officer", _("Member-organisation officer")
    ADMINISTRATOR = "administrator", _("Administrator")


@dataclass(frozen=True)
class Scope:
    role: str | None
    ward_id: int | None = None
    organisation_id: int | None = None
    # A ward officer reads (never changes) the records of the units merged into their ward.
    readable_ward_ids: tuple[int, ...] = ()

    @property
    def is_city_wide(self) -> bool:
        """Sees every unit's data: city staff, leadership, administrators."""
        return self.role in (Role.CITY_STAFF, Role.LEADERSHIP, Role.ADMINISTRATOR)

    @property
    def manages_city(self) -> bool:
        """May change city-level data and review units: city staff and administrators."""
        return self.role in (Role.CITY_STAFF, Role.ADMINISTRATOR)

    @property
    def is_ward(self) -> bool:
        return self.role == Role.WARD_OFFICER and self.ward_id is not None

    @property
    def is_organisation(self) -> bool:
        return self.role == Role.ORG_OFFICER and self.organisation_id is not None

    @property
    def is_unit(self) -> bool:
        """A ward or member-organisation officer: logs and reports for one unit."""
        return self.is_ward or self.is_organisation


NO_SCOPE = Scope(role=None)


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(role=Role.ADMINISTRATOR)
    cached = getattr(user, "_kdc_scope", None)
    key = (user.role, user.ward_id, user.organisation_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    scope = Scope(
        role=user.role,
        ward_id=user.ward_id,
        organisation_id=user.organisation_id,
        readable_ward_ids=_readable_ward_ids(user.ward_id) if user.role == Role.WARD_OFFICER else (),
    )
    user._kdc_scope = (key, scope)  # once per request: the user object lives as long as the request
    return scope


def _readable_ward_ids(ward_id: int | None) -> tuple[int, ...]:
    """The ward and every unit merged into it, through the whole chain of mergers.

    The rule lives with the units (settings.SCOPE_READABLE_WARD_IDS names it: wards/history.py); core
    only asks, so it imports no app.
    """
    if ward_id is None:
        return ()
    return tuple(import_string(settings.SCOPE_READABLE_WARD_IDS)(ward_id))


class ScopedQuerySet(models.QuerySet):
    """Rows filtered to a user's scope.

    Subclasses name the path to the owning ward and/or member organisation. A row owned by an
    organisation (scope_organisation_field set and not null) is not a ward's row, even when it is
    located in that ward: each record belongs to exactly one reporting unit.

    A ward officer also reads (never changes) the rows of the units merged into their ward, directly or
    through earlier mergers, so a new unit keeps its history after a reorganisation: `ward_id IN (...)`
    over the ids of Scope.readable_ward_ids, which uses the indexes.
    """

    scope_ward_field: str | None = None
    scope_organisation_field: str | None = None
    readable_by_wards = False
    readable_by_organisations = False

    def _ward_q(self, ward_ids: tuple[int, ...]) -> Q:
        if self.scope_ward_field is None:
            return Q(pk__in=[])
        field = self.scope_ward_field
        q = Q(**{f"{field}__in": ward_ids}) if len(ward_ids) > 1 else Q(**{field: ward_ids[0]})
        if self.scope_organisation_field and self.scope_organisation_field != "pk":
            q &= Q(**{f"{self.scope_organisation_field}__isnull": True})
        return q

    def _organisation_q(self, organisation_id: int) -> Q:
        if self.scope_organisation_field is None:
            return Q(pk__in=[])
        return Q(**{self.scope_organisation_field: organisation_id})

    def for_user(self, user):
        """Rows the user may see."""
        scope = scope_of(user)
        if scope.is_city_wide:
            return self.all()
        if scope.is_ward:
            if self.readable_by_wards:
                return self.all()
            return self.filter(self._ward_q(scope.readable_ward_ids or (scope.ward_id,)))
        if scope.is_organisation:
            if self.readable_by_organisations:
                return self.all()
            return self.filter(self._organisation_q(scope.organisation_id))
        return self.none()

    def editable_by(self, user):
        """Rows the user may change: city staff everything, a unit officer their unit's rows."""
        scope = scope_of(user)
        if scope.manages_city:
            return self.all()
        if scope.is_ward:
            return self.filter(self._ward_q((scope.ward_id,)))
        if scope.is_organisation:
            return self.filter(self._organisation_q(scope.organisation_id))
        return self.none()


def get_for_user_or_404(queryset: models.QuerySet, **lookup):
    """Fetch one row from an already scoped queryset, or 404: out of scope looks like absent."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, queryset.model.MultipleObjectsReturned, ValueError, TypeError):
        _record_refusal(f"404 {queryset.model._meta.label_lower} {lookup}")
        raise Http404(_("No such record, or it is not yours.")) from None


# Sent on every refusal; the audit trail (core/audit.py) records it. A signal keeps this module free of
# the audit model, which itself uses ScopedQuerySet.
access_refused = Signal()


def _record_refusal(detail: str) -> None:
    access_refused.send(sender=None, detail=detail)


def role_required(*roles: str) -> Callable:
    """Refuse (403) a user whose role is not among `roles`; administrators always pass."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            scope = scope_of(request.user)
            if scope.role not in roles and scope.role != Role.ADMINISTRATOR:
                _record_refusal(f"403 role {scope.role}")
                raise PermissionDenied(_("Your role does not allow this page."))
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


CITY_MANAGERS = (Role.CITY_STAFF,)
CITY_READERS = (Role.CITY_STAFF, Role.LEADERSHIP)
UNIT_OFFICERS = (Role.WARD_OFFICER, Role.ORG_OFFICER)
