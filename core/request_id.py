"""Request ids: one per request, sent back in ``X-Request-ID`` and written in every log line.

Behind a trusted proxy (``BEHIND_PROXY``), the proxy's id (nginx ``$request_id``, a load
balancer's) is reused when it looks like one, so a log line here can be matched with the
proxy's; otherwise, and without a proxy (where the header could only come from the client,
who could then pick the id of someone else's log lines), every request gets a fresh
``uuid4().hex``.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, at most 128 characters: nothing that could forge a log line.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being handled, or ``"-"`` outside a request."""
    return _current.get()


class RequestIDMiddleware:
    """Gives each request an id (``request.request_id``) and the response its header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "") if settings.BEHIND_PROXY else ""
        request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIDFilter(logging.Filter):
    """Adds ``record.request_id`` (for the ``%(request_id)s`` of a log format); never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request passes the request along; otherwise the request being handled.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True
