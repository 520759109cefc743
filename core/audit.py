"""Recording the audit trail: a request context, signal receivers for every project model, and the
login signals. Passwords and tokens are never stored: sensitive fields are masked."""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .client_ip import client_ip
from .exports import Column
from .models import AuditEvent
from .scope import access_refused

logger = logging.getLogger(__name__)

AUDITED_APPS = {"wards", "programs", "reports"}
SENSITIVE_FIELDS = {"password", "token", "secret", "signed_scan_token"}
IGNORED_FIELDS = {"last_login", "updated_at"}


@dataclass
class RequestContext:
    user: object | None
    ip: str | None
    path: str


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("audit", default=None)


class AuditContextMiddleware:
    """Remembers who is asking and from where, for the signal receivers below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _context.set(
            RequestContext(getattr(request, "user", None), client_ip(request) or None, request.path[:255])
        )
        try:
            return self.get_response(request)
        finally:
            _context.reset(token)


def _actor():
    ctx = _context.get()
    if ctx is None:
        return None, "", None, ""
    user = ctx.user if ctx.user is not None and getattr(ctx.user, "is_authenticated", False) else None
    return user, (user.get_username() if user else ""), ctx.ip, ctx.path


def record(
    *,
    action: str,
    obj=None,
    detail: str = "",
    changes: dict | None = None,
    user=None,
    username: str = "",
    request=None,
) -> None:
    """Write one audit event; never lets an audit failure break the user's action."""
    actor, actor_name, ip, path = _actor()
    if request is not None:
        ip, path = client_ip(request) or None, request.path[:255]
    user = user or actor
    try:
        AuditEvent.objects.create(
            user=user if user is not None and getattr(user, "pk", None) else None,
            username=(username or (user.get_username() if user else actor_name))[:150],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            changes=changes or {},
            ip_address=ip,
            path=path,
            detail=detail[:255],
        )
    except Exception:  # noqa: BLE001 - auditing must not make a save fail
        logger.exception("could not record an audit event (%s)", action)


def _audited(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_label in AUDITED_APPS
        and not meta.object_name.startswith("Historical")
        and meta.object_name not in {"Notification"}
    )


def _sensitive(field) -> bool:
    return field.name in SENSITIVE_FIELDS or any(s in field.name for s in ("password", "token"))


def _value(field, instance):
    value = getattr(instance, field.attname)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@receiver(pre_save)
def _remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or not _audited(sender) or instance._state.adding or instance.pk is None:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    if old is not None:
        instance._audit_old = old


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _audited(sender):
        return
    if created:
        action = "transition" if sender._meta.object_name.endswith("Transition") else "create"
        record(action=action, obj=instance)
        return
    old = getattr(instance, "_audit_old", None)
    changes = {}
    if old is not None:
        for field in sender._meta.concrete_fields:
            if field.name in IGNORED_FIELDS:
                continue
            before, after = _value(field, old), _value(field, instance)
            if before != after:
                changes[field.name] = ["***", "***"] if _sensitive(field) else [before, after]
        del instance._audit_old
    if old is not None and not changes:
        return  # e.g. a login that only touched last_login
    record(action="update", obj=instance, changes=changes)


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if _audited(sender):
        record(action="delete", obj=instance)


@receiver(auth_signals.user_logged_in)
def _record_login(sender, request, user, **kwargs):
    record(action="login", user=user, request=request)


@receiver(auth_signals.user_logged_out)
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        record(action="logout", user=user, request=request)


@receiver(auth_signals.user_login_failed)
def _record_login_failed(sender, credentials, request=None, **kwargs):
    # credentials holds the password too: only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    record(action="login_failed", username=username, request=request, detail="")


@receiver(access_refused)
def _record_scope_refusal(sender, detail: str, **kwargs):
    record(action="refused", detail=detail)


def record_refusal(request, *, status: int, detail: str = "") -> None:
    record(action="refused", request=request, detail=f"{status} {detail}".strip())


def audited_models() -> list[str]:
    return sorted(m._meta.label_lower for m in apps.get_models() if _audited(m))


@dataclass
class ReadableEvent:
    """An audit event as people read it: the record's kind and each changed field in Vietnamese."""

    event: AuditEvent
    kind: str
    changes: list[tuple[str, object, object]]


def _value_label(field, value):
    """A recorded value as the pages show it: a choice by its Vietnamese label, yes/no for a flag, and
    structured data (a report's figures, a compiled report's content) as such, not as its raw codes."""
    if value is None or value == "":
        return value
    if isinstance(field, models.JSONField):
        return _("(structured data)") if value not in ({}, [], "{}", "[]") else "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def readable(events) -> list[ReadableEvent]:
    """Model and field names from their verbose names (the catalogue's Vietnamese), not internal ones."""
    rows = []
    for event in events:
        try:
            model = apps.get_model(event.object_type) if event.object_type else None
        except (LookupError, ValueError):
            model = None
        fields = {f.name: f for f in model._meta.concrete_fields} if model else {}
        changes = [
            (str(fields[name].verbose_name), *(_value_label(fields[name], value) for value in pair))
            if name in fields
            else (name, *pair)
            for name, pair in event.changes.items()
        ]
        kind = str(model._meta.verbose_name) if model else event.object_type
        rows.append(ReadableEvent(event=event, kind=kind, changes=changes))
    return rows


def _local_time(row: ReadableEvent):
    """Spreadsheets have no time zones: the office's local time, as the page shows it."""
    return timezone.localtime(row.event.at).replace(tzinfo=None)


def _changes_text(row: ReadableEvent) -> str:
    return "\n".join(f"{name}: {before or '—'} → {after or '—'}" for name, before, after in row.changes)


def _action_text(row: ReadableEvent) -> str:
    return " — ".join(filter(None, [row.event.get_action_display(), row.event.detail]))


def _record_text(row: ReadableEvent) -> str:
    event = row.event
    return f"{row.kind} #{event.object_id} {event.object_repr}" if event.object_type else ""


EXPORT_COLUMNS = [
    Column(_("Time"), _local_time, 18),
    Column(_("User"), lambda row: row.event.username, 16),
    Column(_("Action"), _action_text, 22),
    Column(_("Record"), _record_text, 36),
    Column(_("Changes"), _changes_text, 60),
    Column(_("Address"), lambda row: " ".join(filter(None, [row.event.ip_address, row.event.path])), 30),
]


def export_rows(events) -> Iterator[ReadableEvent]:
    """The readable rows of a whole filtered trail, read in chunks rather than held at once."""
    for event in events.iterator(chunk_size=500):
        yield from readable([event])
