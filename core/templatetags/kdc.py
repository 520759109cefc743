"""Template filters that delegate to core.formatting, so templates never format by hand."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def number(value):
    return formatting.number(value)


@register.filter
def money(value):
    return formatting.money(value)


@register.filter
def long_date(value):
    return formatting.long_date(value) if value else ""


@register.simple_tag
def percent(part, whole):
    return formatting.percent(part, whole)


@register.filter
def minutes(value):
    """A timedelta as whole minutes, rounded up: for "try again in N minutes"."""
    if not value:
        return 0
    seconds = int(value.total_seconds())
    return -(-seconds // 60)
