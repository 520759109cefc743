"""Request-wide safety: a request id for the logs and the error page, and no caching of private pages."""

import contextvars
import logging
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
PRIVATE = "no-store, private"


class RequestIdMiddleware:
    """First in the chain: every log line of the request, and the 500 page, carry the same id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:12]
        token = REQUEST_ID.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class PrivateCacheMiddleware:
    """A shared office PC must keep nothing of a signed-in user's pages or downloads after logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_signed_in = request.user.is_authenticated  # before the view: logout signs the user out
        response = self.get_response(request)
        if was_signed_in or request.user.is_authenticated:
            response["Cache-Control"] = PRIVATE
            response.headers.pop("Expires", None)
        return response


class RequestIdFilter(logging.Filter):
    """Adds %(request_id)s to every record ("-" outside a request, e.g. in a worker)."""

    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


class DropForbiddenFilter(logging.Filter):
    """Django logs each 403 with a traceback; the portal writes one line of its own (core.views)."""

    def filter(self, record):
        return getattr(record, "status_code", None) != 403
