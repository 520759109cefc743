"""Official documents as PDF: WeasyPrint with a fetcher that serves only the portal's static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered against this never-resolvable origin (RFC 2606 .invalid); the fetcher maps
# its /static/ paths to files and refuses everything else, so user text can never make us fetch.
BASE_URL = "https://portal.invalid/"
STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL


class StaticOnlyFetcher(URLFetcher):
    """Serve files found by the static-files finders; refuse http(s), file://, data and the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        relative = url.split("?", 1)[0].split("#", 1)[0]
        if not relative.startswith(STATIC_PREFIX):
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url}")
        relative = relative.removeprefix(STATIC_PREFIX)
        path = self.find(relative) if ".." not in Path(relative).parts else None
        if not path:
            self.refused.append(url)
            raise ValueError(f"No such static file: {relative}")
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime})

    @staticmethod
    def find(relative: str) -> str | None:
        """A source file by its plain name, else a collected one: the manifest storage's hashed names
        (`{% static %}` links css/document.<hash>.css under production settings) exist only there."""
        found = finders.find(relative)
        if found:
            return found
        try:
            return staticfiles_storage.path(relative) if staticfiles_storage.exists(relative) else None
        except (NotImplementedError, SuspiciousFileOperation):
            return None


def render_pdf(template: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf()
