"""Wiring only: settings, URLs, the Celery app, formats, the catalogue and the project-wide commands."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tamky_kdc"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Create the embedded broker's folders so a fresh checkout can queue work at once.
        from django.conf import settings

        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        if settings.CELERY_BROKER_URL.startswith("filesystem://"):
            from pathlib import Path

            for key in ("data_folder_in", "data_folder_out", "control_folder"):
                if key in options:
                    Path(options[key]).mkdir(parents=True, exist_ok=True)
