"""Parse amounts of money typed the Vietnamese way ("1.500.000", "1,5 triệu", "2 tỷ") into đồng."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_AMOUNT = 100_000_000_000  # 100 billion đồng: anything above is a typing mistake

UNITS = {
    "": 1,
    "d": 1,
    "dong": 1,
    "đ": 1,
    "đong": 1,
    "đồng": 1,
    "dồng": 1,
    "nghin": 1_000,
    "nghìn": 1_000,
    "ngan": 1_000,
    "ngàn": 1_000,
    "k": 1_000,
    "trieu": 1_000_000,
    "triệu": 1_000_000,
    "tr": 1_000_000,
    "ty": 1_000_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
    "ti": 1_000_000_000,
}

PATTERN = re.compile(r"^(?P<number>[0-9][0-9., ]*)\s*(?P<unit>[^\d\s.,]*)$")
GROUPED = re.compile(r"^\d{1,3}([., ]\d{3})+$")


def _number(text: str, has_unit: bool) -> Decimal:
    text = text.strip()
    if GROUPED.match(text) and not (has_unit and re.match(r"^\d{1,3},\d{3}$", text)):
        # 1.500.000 or 1 500 000: the separators group thousands
        return Decimal(re.sub(r"[., ]", "", text))
    if " " in text:
        raise InvalidOperation
    # 1,5 (Vietnamese decimal comma) or 1.5
    if text.count(",") + text.count(".") > 1:
        raise InvalidOperation
    return Decimal(text.replace(",", "."))


def parse_amount(value) -> int:
    """Return the amount in đồng, or raise ValidationError with a Vietnamese message (and nothing else)."""
    invalid = ValidationError(
        _("Enter an amount in đồng, for example 1.500.000 or 1,5 triệu."), code="invalid"
    )
    if value is None:
        raise invalid
    if isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip().lower()
        if text.startswith("-"):
            raise ValidationError(_("The amount cannot be negative."), code="negative")
        match = PATTERN.match(text)
        if not match:
            raise invalid
        unit = match.group("unit").strip()
        if unit not in UNITS:
            raise invalid
        try:
            number = _number(match.group("number"), bool(unit)) * UNITS[unit]
        except (InvalidOperation, ValueError):
            raise invalid from None
    if number < 0:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if number > MAX_AMOUNT:
        raise ValidationError(_("The amount cannot exceed 100 billion đồng."), code="too_large")
    if number != number.to_integral_value():
        raise ValidationError(_("The amount must be a whole number of đồng."), code="fraction")
    return int(number)
