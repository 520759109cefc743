"""Writes for the logbook: models, activities, covenants, evidence, soft delete and restore."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import uploads
from core.scope import scope_of
from wards import reference
from wards.models import ActivityType, Evidence, LockedChange, ModelType, User

from . import locks


def logbook_load_reference() -> int:
    """Create the model types and activity types that are missing; returns how many were created."""
    created = 0
    for order, name in enumerate(reference.MODEL_TYPES, 1):
        created += ModelType.objects.get_or_create(name=name, defaults={"order": order})[1]
    for order, (code, name, counts_houses) in enumerate(reference.ACTIVITY_TYPES, 1):
        created += ActivityType.objects.get_or_create(
            code=code, defaults={"name": name, "counts_houses": counts_houses, "order": order}
        )[1]
    return created


def check_unlocked(
    *, record, by: User, reason: str = "", original=None, action: str = "", lookup=locks.lock_for
) -> None:
    """Refuse a unit's change inside an accepted report's window; city staff need a reason, recorded
    on the report as a change after acceptance. `lookup` is locks.lock_for, or a WindowCache's for
    many records at once."""
    days = {locks.record_day(record)}
    if original is not None:
        days.add(original[2])
    units = {record.unit_ids}
    if original is not None:
        units.add(original[:2])
    held = {
        lock.report_id: lock
        for day in days
        for ward_id, organisation_id in units
        if day is not None and (lock := lookup(ward_id, organisation_id, day)) is not None
    }
    if not held:
        return
    names = ", ".join(sorted(lock.report_label for lock in held.values()))
    if not scope_of(by).manages_city:
        raise ValidationError(
            _(
                "The report %(report)s has already been accepted: records of its period can no longer be "
                "added, changed or deleted. Contact the city Front office."
            )
            % {"report": names}
        )
    if not reason.strip():
        raise ValidationError(
            _("This period is locked by the accepted report %(report)s: enter the reason for the change.")
            % {"report": names}
        )
    label = (
        str(record)[:300] if record.pk or getattr(record, "title", "") or getattr(record, "name", "") else ""
    )
    LockedChange.objects.bulk_create(
        LockedChange(
            report_id=report_id,
            record_label=label or str(record._meta.verbose_name),
            action=action or (_("change") if record.pk else _("addition")),
            reason=reason.strip(),
            by=by,
        )
        for report_id in held
    )


def snapshot(record) -> tuple | None:
    """What check_unlocked needs to know about a record before the form changes it."""
    ward_id, organisation_id = record.unit_ids if record.pk else (None, None)
    return (ward_id, organisation_id, locks.record_day(record)) if record.pk else None


@transaction.atomic
def record_save(*, record, areas=None, by: User, reason: str = "", original=None, files=()) -> object:
    """Save a validated model, activity or covenant (owner already set) with its areas and evidence.

    `original` is the snapshot() taken before the form changed the record: a lock on the old day or
    unit counts too."""
    check_unlocked(record=record, by=by, reason=reason, original=original)
    if not record.pk:
        record.created_by = by
    record._change_reason = reason.strip() or None
    record.save()
    if areas is not None:
        record.areas.set(areas)
    for upload in files:
        _store_evidence(record=record, upload=upload, by=by)
    return record


@transaction.atomic
def record_delete(*, record, by: User, reason: str = "") -> None:
    """Soft delete: the row stays, hidden from lists and figures, and city staff can restore it."""
    check_unlocked(record=record, by=by, reason=reason, action=_("deletion"))
    record.is_deleted = True
    record.deleted_at = timezone.now()
    record.deleted_by = by
    record._change_reason = reason.strip() or None
    record.save(update_fields=["is_deleted", "deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def record_restore(*, record, by: User, reason: str = "") -> None:
    check_unlocked(record=record, by=by, reason=reason, action=_("restoration"))
    record.is_deleted = False
    record.deleted_at = None
    record.deleted_by = None
    record._change_reason = reason.strip() or _("Restored")
    record.save(update_fields=["is_deleted", "deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def evidence_add(*, record, upload: uploads.CheckedUpload, by: User, reason: str = "") -> Evidence:
    """Attach one file to a record (refused inside an accepted report's window, see check_unlocked)."""
    return evidence_upload(record=record, files=[upload], by=by, reason=reason)[0]


@transaction.atomic
def evidence_upload(
    *, record, files: list[uploads.CheckedUpload], by: User, reason: str = ""
) -> list[Evidence]:
    """Attach checked files to a record, checking the lock once for all of them."""
    check_unlocked(record=record, by=by, reason=reason, action=_("file added"))
    return [_store_evidence(record=record, upload=upload, by=by) for upload in files]


def _store_evidence(*, record, upload: uploads.CheckedUpload, by: User) -> Evidence:
    """Store one checked file under a name the server made; a photo gets a thumbnail."""
    evidence = Evidence(
        content_type_ref=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_name=upload.display_name,
        content_type=upload.mime,
        size=upload.size,
        uploaded_by=by,
    )
    stored = upload.as_file()
    evidence.file.save(upload.stored_name(stored), stored, save=False)
    if upload.is_image:
        thumb = uploads.make_thumbnail(upload.content)
        if thumb:
            evidence.thumbnail.save("thumb.jpg", ContentFile(thumb), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, record, by: User, reason: str = "") -> None:
    """Remove a file attached by mistake; the files go once the transaction commits."""
    check_unlocked(record=record, by=by, reason=reason, action=_("file removed"))
    files = [stored for stored in (evidence.file, evidence.thumbnail) if stored]
    evidence.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files) -> None:
    for stored in files:
        stored.storage.delete(stored.name)
