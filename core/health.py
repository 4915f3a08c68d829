"""``/healthz`` for load balancers and uptime probes: is this process up, does its database answer?"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

PATHS = {"/healthz", "/healthz/"}
logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answers ``/healthz`` before any other middleware does work.

    ``200 ok`` (text/plain) when a trivial query succeeds, ``503 unavailable``
    when the database cannot be reached. Near the top of ``MIDDLEWARE``, so a
    probe costs one query and no session, locale, CSRF, CSP or template work;
    it is answered over plain HTTP (no HTTPS redirect) and whatever the Host
    header, since probes often use the bare address and it reveals nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        elif database_answers():
            response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
        else:
            response = HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # whatever the failure, the probe must get a 503, not a 500
        logger.exception("Health check failed: the database does not answer")
        return False
    return True
