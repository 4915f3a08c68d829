"""Views that belong to no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def bench_ping(request: HttpRequest) -> HttpResponse:
    """The cheapest page the stack can serve: every middleware, no query, no template.

    Mounted only when ``settings.BENCH`` is on (``make bench``), as the ceiling the
    real pages are compared with.
    """
    return HttpResponse(b"pong", content_type="text/plain")
