"""The client's address, as seen by the last trusted proxy in front of the portal.

Behind docker-compose the office's reverse proxy appends the caller's address to X-Forwarded-For. Only
the entries added by proxies we trust (TRUSTED_PROXY_COUNT, counted from the right) are believed; anything
a client wrote into the header itself is ignored.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
