"""Writes for the programme: loading the plan's reference text."""

from django.db import transaction

from . import reference
from .models import ContentArea, Programme


@transaction.atomic
def programme_load_reference() -> tuple[Programme, bool]:
    """Create the programme of plan 48/KH-MTTQ-BTT and its content areas unless they exist."""
    values = dict(reference.PROGRAMME)
    programme, created = Programme.objects.get_or_create(
        plan_number=values.pop("plan_number"), defaults=values
    )
    for number, title, short_title, topics in reference.CONTENT_AREAS:
        ContentArea.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={"title": title, "short_title": short_title, "focus_topics": "\n".join(topics)},
        )
    return programme, created
