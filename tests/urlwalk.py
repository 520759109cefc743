"""Enumerate every URL pattern of the project with placeholder arguments, for tests that walk them all."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

PLACEHOLDERS = {
    "int": "999999",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ""), prefix + str(entry.pattern), entry


def project_urls():
    """(name, example path) for every pattern outside Django's admin."""
    result = []
    for name, pattern, _entry in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue
        path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: PLACEHOLDERS[m.group(1) or "str"], pattern)
        path = "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")
        result.append((name, path))
    return result
