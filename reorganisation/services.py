"""Administrative reorganisation: merge or rename units on a date without losing their history."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import Role, get_for_user_or_404, scope_of
from programs.models import Pilot
from reports.models import Period, PeriodUnit, UnitReport
from reports.services import period_populate_units
from wards.history import ONE_DAY
from wards.models import (
    Activity,
    AreaTransfer,
    Covenant,
    Reorganisation,
    ReorganisationSource,
    ResidentialArea,
    SelfManagementModel,
    User,
    UserAction,
    UserMove,
    Ward,
)


def reorganisations_for(user) -> list[Reorganisation]:
    return list(
        Reorganisation.objects.for_user(user)
        .select_related("target", "applied_by")
        .prefetch_related("sources__ward")
    )


def reorganisation_for(user, pk) -> Reorganisation:
    return get_for_user_or_404(
        Reorganisation.objects.for_user(user).select_related("target", "applied_by", "undone_by"), pk=pk
    )


def source_choices():
    return Ward.objects.filter(valid_to__isnull=True).order_by("kind", "name")


# The plan (preview) ---------------------------------------------------------------------------------


@dataclass
class Plan:
    """What a reorganisation will change, and what stays with the old units, for the preview."""

    sources: list[Ward]
    target: Ward | None
    target_label: str
    effective_date: datetime.date
    user_action: str
    areas: list[tuple[ResidentialArea, str]] = field(default_factory=list)  # (area, name after)
    users: list[User] = field(default_factory=list)
    staying: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def renamed(self) -> list[tuple[ResidentialArea, str]]:
        return [(area, name) for area, name in self.areas if name != area.name]


def _records_of(ward_ids: list[int]) -> dict:
    return {
        "activities": Activity.objects.filter(ward_id__in=ward_ids),
        "models": SelfManagementModel.objects.filter(ward_id__in=ward_ids),
        "pilots": Pilot.objects.filter(ward_id__in=ward_ids),
        "reports": UnitReport.objects.filter(ward_id__in=ward_ids),
    }


def reorganisation_plan(
    *,
    sources: list[Ward],
    target: Ward | None,
    new_target: dict | None,
    effective_date: datetime.date,
    user_action: str = UserAction.MOVE,
) -> Plan:
    """Check the request and list what will move; `errors` holds the reasons it cannot be applied."""
    label = (
        target.display_name
        if target
        else "{} {}".format(
            "Phường" if (new_target or {}).get("kind") == "phuong" else "Xã",
            (new_target or {}).get("name", ""),
        )
    )
    plan = Plan(sources, target, label, effective_date, user_action)
    ids = [w.pk for w in sources]
    if effective_date > timezone.localdate():
        # Users and areas move when it is applied: record it on or after the day it takes effect.
        plan.errors.append(_("Record the reorganisation on or after its effective date."))
    if not sources:
        plan.errors.append(_("Choose at least one source unit."))
    if target is None and not new_target:
        plan.errors.append(_("Choose the target unit or describe the new one."))
    if target is not None and target.pk in ids:
        plan.errors.append(_("The target unit cannot also be a source."))
    if target is not None and not target.is_valid_on(effective_date):
        plan.errors.append(_("The target unit is not valid on the effective date."))
    if new_target and Ward.objects.filter(code=new_target.get("code")).exists():
        plan.errors.append(_("Another unit already has the statistics code %(code)s.") % new_target)
    for ward in sources:
        if ward.valid_to is not None or ward.successor_id:
            plan.errors.append(_("%(unit)s has already ended.") % {"unit": ward.display_name})
        elif ward.valid_from >= effective_date:
            plan.errors.append(
                _("%(unit)s starts on or after the effective date.") % {"unit": ward.display_name}
            )
    records = _records_of(ids)
    late = (
        records["activities"].filter(date__gte=effective_date).count()
        + records["models"].filter(start_date__gte=effective_date).count()
        + records["pilots"].filter(selected_on__gte=effective_date).count()
    )
    if late:
        plan.errors.append(
            _(
                "%(count)s records of the source units are dated on or after the effective date; "
                "move them to the target unit first."
            )
            % {"count": late}
        )
    plan.staying = {
        "activities": records["activities"].count(),
        "models": records["models"].count(),
        "covenants": Covenant.objects.filter(area__ward_id__in=ids).count(),
        "pilots": records["pilots"].count(),
        "reports": records["reports"].count(),
    }
    moving = list(
        ResidentialArea.objects.filter(ward_id__in=ids).select_related("ward").order_by("ward__name", "name")
    )
    taken = Counter(a.name for a in moving)
    if target is not None:
        taken.update(ResidentialArea.objects.filter(ward=target).values_list("name", flat=True))
    plan.areas = [(a, a.name if taken[a.name] == 1 else f"{a.name} ({a.ward.name})") for a in moving]
    plan.users = list(User.objects.filter(role=Role.WARD_OFFICER, ward_id__in=ids).order_by("username"))
    return plan


# Services ------------------------------------------------------------------------------------------


def _require_city_manager(user) -> None:
    if user is not None and not scope_of(user).manages_city:
        raise PermissionDenied(_("Only the city office records a reorganisation."))


def _refresh_periods(day: datetime.date) -> None:
    for period in Period.objects.filter(window_end__gte=day - ONE_DAY):
        period_populate_units(period=period)


@transaction.atomic
def reorganisation_apply(
    *,
    sources: list[Ward],
    effective_date: datetime.date,
    resolution_number: str,
    resolution_date: datetime.date,
    target: Ward | None = None,
    new_target: dict | None = None,
    user_action: str = UserAction.MOVE,
    by: User | None,
) -> Reorganisation:
    """Apply the merger atomically: end the sources, move areas and users, record everything."""
    _require_city_manager(by)
    sources = list(Ward.objects.select_for_update().filter(pk__in=[w.pk for w in sources]).order_by("name"))
    plan = reorganisation_plan(
        sources=sources,
        target=target,
        new_target=new_target,
        effective_date=effective_date,
        user_action=user_action,
    )
    if plan.errors:
        raise ValidationError(plan.errors)
    if target is None:
        assert new_target is not None  # the plan refuses a merger with neither
        target = Ward.objects.create(
            kind=new_target["kind"],
            code=new_target["code"],
            name=new_target["name"],
            valid_from=effective_date,
        )
    names = [w.name for w in sources]
    reorganisation = Reorganisation.objects.create(
        target=target,
        target_name=target.display_name,
        target_created=plan.target is None,
        target_former_names_before=target.former_names,
        effective_date=effective_date,
        resolution_number=resolution_number,
        resolution_date=resolution_date,
        user_action=user_action,
        applied_by=by,
    )
    former = [n.strip() for n in target.former_names.split(",") if n.strip()]
    target.former_names = ", ".join(former + [n for n in names if n not in former])[:255]
    target.save(update_fields=["former_names"])
    for ward in sources:
        ReorganisationSource.objects.create(
            reorganisation=reorganisation,
            ward=ward,
            previous_valid_to=ward.valid_to,
            previous_successor=ward.successor,
        )
    Ward.objects.filter(pk__in=[w.pk for w in sources]).update(
        valid_to=effective_date - ONE_DAY, successor=target
    )
    transfers = []
    for area, new_name in plan.areas:
        transfers.append(
            AreaTransfer(
                reorganisation=reorganisation,
                area=area,
                from_ward_id=area.ward_id,
                to_ward=target,
                effective_date=effective_date,
                from_name=area.name,
                to_name=new_name,
            )
        )
        area.ward, area.name = target, new_name
    AreaTransfer.objects.bulk_create(transfers)
    ResidentialArea.objects.bulk_update([a for a, _n in plan.areas], ["ward", "name"])
    moves = [
        UserMove(
            reorganisation=reorganisation,
            user=u,
            from_ward_id=cast(int, u.ward_id),  # the users moved are the sources' ward officers
            was_active=u.is_active,
            action=user_action,
        )
        for u in plan.users
    ]
    UserMove.objects.bulk_create(moves)
    users = User.objects.filter(pk__in=[u.pk for u in plan.users])
    if user_action == UserAction.MOVE:
        users.update(ward=target)
    else:
        users.update(is_active=False)
    _refresh_periods(effective_date)
    return reorganisation


def undo_refusal(reorganisation: Reorganisation) -> str | None:
    """Why the reorganisation can no longer be undone, or None."""
    if reorganisation.is_undone:
        return _("This reorganisation was already undone.")
    target_id, since = cast(int, reorganisation.target_id), reorganisation.applied_at  # not undone: set
    if Reorganisation.objects.filter(
        sources__ward_id=target_id, undone_at__isnull=True, applied_at__gt=since
    ).exists():
        return _("The target unit was reorganised again afterwards.")
    counts = [
        (Activity.objects.filter(ward_id=target_id, created_at__gte=since).count(), _("activities")),
        (SelfManagementModel.objects.filter(ward_id=target_id, created_at__gte=since).count(), _("models")),
        (Covenant.objects.filter(area__ward_id=target_id, created_at__gte=since).count(), _("covenants")),
        (UnitReport.objects.filter(ward_id=target_id, created_at__gte=since).count(), _("reports")),
        (Pilot.objects.filter(ward_id=target_id, created_at__gte=since).count(), _("pilots")),
    ]
    added = [f"{count} {label}" for count, label in counts if count]
    if added:
        return _(
            "New records were added to %(unit)s after the reorganisation (%(what)s); "
            "it can no longer be undone."
        ) % {
            "unit": reorganisation.target_name,
            "what": ", ".join(added),
        }
    return None


@transaction.atomic
def reorganisation_undo(*, reorganisation: Reorganisation, by: User | None) -> Reorganisation:
    """Put everything back as it was, if the target has no new records since; else ValidationError."""
    _require_city_manager(by)
    reorganisation = Reorganisation.objects.select_for_update().get(pk=reorganisation.pk)
    reason = undo_refusal(reorganisation)
    if reason:
        raise ValidationError(reason)
    for transfer in reorganisation.transfers.select_related("area"):
        transfer.area.ward_id, transfer.area.name = transfer.from_ward_id, transfer.from_name
        transfer.area.save(update_fields=["ward", "name"])
    for move in reorganisation.user_moves.all():
        User.objects.filter(pk=move.user_id).update(ward_id=move.from_ward_id, is_active=move.was_active)
    for source in reorganisation.sources.all():
        Ward.objects.filter(pk=source.ward_id).update(
            valid_to=source.previous_valid_to, successor_id=source.previous_successor_id
        )
    reorganisation.transfers.all().delete()
    reorganisation.user_moves.all().delete()
    target = reorganisation.target
    assert target is not None  # an applied, not yet undone reorganisation always has its target
    reorganisation.undone_at, reorganisation.undone_by = timezone.now(), by
    if reorganisation.target_created:
        reorganisation.target = None
        reorganisation.save()
        PeriodUnit.objects.filter(ward=target).delete()
        target.delete()
    else:
        reorganisation.save()
        Ward.objects.filter(pk=target.pk).update(former_names=reorganisation.target_former_names_before)
    _refresh_periods(reorganisation.effective_date)
    return reorganisation


# Reference data: the 01/07/2025 reorganisation of Tam Kỳ (domain.md §3) ------------------------------

REFORM_2025_DATE = datetime.date(2025, 7, 1)
REFORM_2025_RESOLUTION = ("1659/NQ-UBTVQH15", datetime.date(2025, 6, 16))
# The official statistics codes of the new phường are not in domain.md: these codes are PROVISIONAL
# (prefix "TK25-"); correct them in the admin (Wards) when the official codes are known.
REFORM_2025 = [
    ("TK25-01", "Tam Kỳ", ["20341", "20347", "20353"]),
    ("TK25-02", "Quảng Phú", ["20356", "20359", "20371"]),
    ("TK25-03", "Hương Trà", ["20350", "20344", "20389"]),
    ("TK25-04", "Bàn Thạch", ["20335", "20375", "20362"]),
]


def load_reorganisation_2025(*, by: User | None = None) -> int:
    """Apply the four mergers of 01/07/2025 that are not applied yet; returns how many were applied."""
    applied = 0
    for code, name, source_codes in REFORM_2025:
        if Ward.objects.filter(code=code).exists():
            continue
        sources = list(Ward.objects.filter(code__in=source_codes))
        if len(sources) != len(source_codes):
            continue
        reorganisation_apply(
            sources=sources,
            new_target={"kind": "phuong", "code": code, "name": name},
            effective_date=REFORM_2025_DATE,
            resolution_number=REFORM_2025_RESOLUTION[0],
            resolution_date=REFORM_2025_RESOLUTION[1],
            user_action=UserAction.MOVE,
            by=by,
        )
        applied += 1
    return applied
