"""The organisation: units (wards), residential areas, member organisations, users, and the unit logs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = _("Organisation and units")
