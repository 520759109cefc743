"""THE one helper for notifications: to a unit's officers or to city staff, in the portal and by e-mail.

Every notification is a row (shown in the navigation bar) and an e-mail queued after the commit; when
the broker is down the periodic task sends what is still pending."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wards.models import User

from .models import Notification

logger = logging.getLogger(__name__)


@dataclass
class Notice:
    """What happened to the notifications of one event, for the message shown to the user."""

    notification_ids: list[int] = field(default_factory=list)
    email_deferred: bool = False


def _notify(users, *, text: str, url: str) -> Notice:
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, text=text[:500], url=url) for user in users]
    )
    notice = Notice(notification_ids=[n.pk for n in notifications])
    if notice.notification_ids:
        transaction.on_commit(lambda: _publish_emails(notice))
    return notice


def notify_unit_officers(*, ward_id: int | None, organisation_id: int | None, text: str, url: str) -> Notice:
    """Every active officer of one unit (a ward or a member organisation)."""
    return _notify(
        User.objects.officers_of(ward_id=ward_id, organisation_id=organisation_id), text=text, url=url
    )


def notify_city_staff(*, text: str, url: str) -> Notice:
    """Every active member of the city staff (who review the units' reports)."""
    return _notify(User.objects.staff_of_city(), text=text, url=url)


def _publish_emails(notice: Notice) -> None:
    try:
        send_notification_emails.delay(notice.notification_ids)
    except Exception:
        # The broker is down: the change is saved; the periodic task sends what is still pending.
        logger.exception("Could not queue notification emails %s", notice.notification_ids)
        notice.email_deferred = True


# The Celery entry point lives beside its publisher (reports/tasks.py imports it, never the reverse);
# its name is the one it always had, so messages already queued still find it.
@shared_task(name="reports.tasks.send_notification_emails")
def send_notification_emails(notification_ids: list[int]) -> int:
    return sum(send_notification_email(notification_id=pk) for pk in notification_ids)


def send_notification_email(*, notification_id: int) -> bool:
    """Email one notification to its user, at most once; True when an email went out."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    # Claim the notification first, so a retry and the periodic task cannot both send it.
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    link = f"{settings.PORTAL_URL.rstrip('/')}{notification.url}" if notification.url else ""
    try:
        send_mail(
            subject=_("KDC portal: %(text)s") % {"text": notification.text[:80]},
            message=f"{notification.text}\n\n{link}".strip(),
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


def send_pending_notification_emails(*, now: datetime.datetime | None = None) -> int:
    """Emails not sent yet (the broker was down), from the last week; recent ones are left to the queue."""
    now = now or timezone.now()
    pending = Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__gte=now - datetime.timedelta(days=7),
        created_at__lte=now - datetime.timedelta(minutes=10),
    ).exclude(user__email="")
    return sum(send_notification_email(notification_id=pk) for pk in pending.values_list("pk", flat=True))
