"""The one place that turns numbers, money and dates into Vietnamese display text."""

import datetime

from django.utils import formats, timezone


def number(value: int | float | None) -> str:
    """1234567 -> '1.234.567'; None -> '' (so an unknown figure is not shown as 0)."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        whole, _, fraction = f"{value:,.1f}".partition(".")
        return whole.replace(",", ".") + "," + fraction
    return f"{int(value):,}".replace(",", ".")


def money(value: int | None) -> str:
    """An amount in đồng: 1234567 -> '1.234.567 đồng'."""
    if value is None:
        return ""
    return f"{number(value)} đồng"


def percent(part: int, whole: int) -> str:
    """A rate for reports: 7 of 12 -> '58,3%'; nothing expected -> '—'."""
    if not whole:
        return "—"
    rate = round(part * 100 / whole, 1)
    return number(int(rate) if rate.is_integer() else rate) + "%"


def long_date(value: datetime.date) -> str:
    """The administrative date line: 'ngày 05 tháng 6 năm 2025' (zero-padded days, months 1–2 too)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def document_number(sequence: int) -> str:
    """Numbers below 10 take a leading zero: 5 -> '05'."""
    return f"{sequence:02d}"


def short_date(value: datetime.date) -> str:
    """A date as the active locale writes it (dd/mm/yyyy in Vietnamese): for messages built in code."""
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def short_datetime(value: datetime.datetime) -> str:
    """A moment in local time as the active locale writes it (dd/mm/yyyy HH:MM in Vietnamese)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")
