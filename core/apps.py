from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from . import audit  # noqa: F401 - connects the audit trail's signal receivers
