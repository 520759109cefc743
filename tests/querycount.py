"""Query counting for page tests: the same page at two data sizes must run the same number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, **params) -> int:
    """Queries run by one GET of `url` (after a warm-up GET, so sessions and caches are settled)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries)
