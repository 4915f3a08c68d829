"""Site-wide views: the error pages, the rate-limit and admin-lockout pages, and the bare view
the benchmarks compare pages with."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, {}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # No RequestContext work that could fail again: a plain render of a static page.
    return _error(request, 500, "errors/500.html")


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """429, the same page for htmx and plain requests; the student just waits a few minutes."""
    minutes = max(1, -(-retry_after // 60))
    response = render(request, "errors/429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def admin_locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): too many failed admin logins."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, -(-seconds // 60))
    response = render(request, "errors/lockout.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "errors/403_csrf.html")
