"""Links to pages that another app may or may not provide yet."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name, *args, **query):
    """The URL of `name` (with `?key=value` for keyword arguments), or "" when no such page exists."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@register.filter
def area_label(area) -> str:
    """“Thôn Thạch Tân”, but “Khối phố 4” rather than “Khối phố Khối phố 4”."""
    kind = str(area.get_kind_display())
    return area.name if area.name.lower().startswith(kind.lower()) else f"{kind} {area.name}"
