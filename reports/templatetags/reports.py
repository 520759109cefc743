"""Template helpers of the reports app: the notification badge and status colours."""

from django import template

from reports.models import Notification, ReportStatus

register = template.Library()

STATUS_CLASSES = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.SUBMITTED: "primary",
    ReportStatus.RETURNED: "warning",
    ReportStatus.RESUBMITTED: "info",
    ReportStatus.ACCEPTED: "success",
}


@register.simple_tag
def unread_notifications(user) -> int:
    """One count query per page, for the navigation bar."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "secondary")
