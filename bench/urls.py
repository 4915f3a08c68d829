"""The site's addresses plus ``/bench/ping/``, mounted by ``bench.settings`` only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urls


def bench_ping(request: HttpRequest) -> HttpResponse:
    """The cheapest page the stack can serve: every middleware, no query, no template."""
    return HttpResponse(b"pong", content_type="text/plain")


urlpatterns = [path("bench/ping/", bench_ping), *site_urls]
