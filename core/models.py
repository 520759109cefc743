"""The audit trail: who did what, when, from where."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_datetime
from core.scope import ScopedQuerySet


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Workflow move")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    REFUSED = "refused", _("Access refused")


class AuditEventQuerySet(ScopedQuerySet):
    """City-wide roles read the trail; unit officers never do (no ward or organisation field)."""


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=255, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        db_table = "tamky_kdc_auditevent"  # the table predates the core app
        indexes = [models.Index(fields=["object_type", "object_id"], name="tamky_kdc_a_object__2abdb7_idx")]

    def __str__(self) -> str:
        return f"{short_datetime(self.at)} {self.username} {self.get_action_display()} {self.object_repr}"
