from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from quiz.models import Questionnaire


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    questionnaire = Questionnaire.objects.published().first()
    count = questionnaire.questions.count() if questionnaire else 0
    return render(request, "quiz/landing.html", {"question_count": count})


def _error(request: HttpRequest, status: int, template: str, context=None) -> HttpResponse:
    return render(request, template, context or {}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "errors/500.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "errors/403_csrf.html")
