from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from . import summaries  # noqa: F401 - keeps the dashboard summary equal to the activities
