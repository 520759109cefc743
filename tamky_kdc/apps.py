"""Cross-cutting pieces: home pages, formatting helpers, template tags, error pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tamky_kdc"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Create the embedded broker's folders so a fresh checkout can queue work at once.
        from django.conf import settings

        from . import (
            audit,  # noqa: F401 - connects the audit trail's signal receivers
            summaries,  # noqa: F401 - keeps the dashboard summary equal to the activities
        )

        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            from pathlib import Path

            for key in ("data_folder_in", "data_folder_out", "control_folder"):
                if key in options:
                    Path(options[key]).mkdir(parents=True, exist_ok=True)
