"""The real URLs plus views that fail on purpose, for the error pages and the error log.

Used with ``@pytest.mark.urls("tests.core.urls")``.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as real

logger = logging.getLogger(__name__)

handler400 = real.handler400
handler403 = real.handler403
handler404 = real.handler404
handler500 = real.handler500


class Boom(Exception):
    pass


def boom(request: HttpRequest) -> HttpResponse:
    raise Boom("a view that always fails")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request that looks forged")


def logs(request: HttpRequest) -> HttpResponse:
    logger.warning("a line logged by a view")
    return HttpResponse("logged")


urlpatterns = [
    path("test-only/logs/", logs),
    path("test-only/boom/", boom),
    path("test-only/forbidden/", forbidden),
    path("test-only/suspicious/", suspicious),
    *real.urlpatterns,
]
