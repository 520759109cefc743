"""Template filters that delegate to core.formatting, so templates never format by hand."""

from django import template
from django.utils.html import format_html

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


@register.filter
def linked(text, url):
    """The text as a link to the records behind a figure when there is a URL, else the text as it is."""
    return format_html('<a class="figure-link" href="{}">{}</a>', url, text) if url else text


@register.filter
def linked_by(text, row):
    """The text linked to `row["link"]` when the row has one (rows shared by the web preview, which has
    links, and the PDF, which has none)."""
    return linked(text, row.get("link", "")) if isinstance(row, dict) else text
