"""Quiz pages: landing, one question per screen, results, delete, error pages.

Views parse input, call one service, render. One template per page; htmx
requests get the page's fragment (a template partial) instead of the page.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from careers import content_cache
from careers.content_cache import content_version
from core import ratelimit
from core.views import too_many_requests
from quiz import cached, services, sql
from quiz.models import Attempt, Question
from quiz.presenters import results_context

# The quiz in progress is remembered by a signed cookie holding its attempt's random id, not by
# the session: a quiz step then reads no session row, and nothing about a student is kept on
# the server besides the attempt itself. Sessions serve the admin alone.
ATTEMPT_COOKIE_SALT = "quiz.attempt"
REJECTION_MESSAGES = {
    "empty": gettext_lazy("Choose an answer to go on."),
    "too_many": gettext_lazy("Choose only one answer to this question."),
    "foreign_choice": gettext_lazy("That answer does not belong to this question. Choose again."),
    "foreign_question": gettext_lazy("That question is not part of your quiz."),
    "invalid": gettext_lazy("That answer could not be read. Choose again."),
    "finished": gettext_lazy("Your quiz is already finished: your answers can no longer change."),
}


def _remembered_public_id(request: HttpRequest) -> str | None:
    """The public id in the quiz cookie; None without one, or with a forged or expired one."""
    return request.get_signed_cookie(
        settings.QUIZ_COOKIE_NAME, default=None, salt=ATTEMPT_COOKIE_SALT, max_age=settings.QUIZ_COOKIE_AGE
    )


def _current_attempt(request: HttpRequest) -> Attempt | None:
    public_id = _remembered_public_id(request)
    return sql.attempt_by_public_id(public_id) if public_id else None


def _remember_attempt(response: HttpResponse, attempt: Attempt) -> None:
    response.set_signed_cookie(
        settings.QUIZ_COOKIE_NAME,
        str(attempt.public_id),
        salt=ATTEMPT_COOKIE_SALT,
        max_age=settings.QUIZ_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def attempt_cookie_value(attempt: Attempt) -> str:
    """The quiz cookie's value for this attempt, as a browser holds it (tests, benchmarks)."""
    response = HttpResponse()
    _remember_attempt(response, attempt)
    return response.cookies[settings.QUIZ_COOKIE_NAME].value


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    version = content_version()
    questionnaire, question_count = cached.published_questionnaire(version)
    attempt = _current_attempt(request)
    resume = None
    if attempt is not None and not attempt.is_finished:
        questions = cached.questionnaire_questions(attempt.questionnaire_id, version)
        resume = services.progress(attempt, questions)
    context = {
        "question_count": question_count,
        "questionnaire": questionnaire,
        "attempt": attempt,
        "resume": resume,
    }
    if attempt is None:
        # The same page for every newcomer: kept per process, content version and language.
        key = ("landing", version, get_language())
        return content_cache.kept_page(request, key, lambda: ("quiz/landing.html", context))
    return render(request, "quiz/landing.html", context)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if ratelimit.start_limited(request):
        return too_many_requests(request, settings.QUIZ_START_RATE_WINDOW)
    questionnaire, question_count = cached.published_questionnaire(content_version())
    if questionnaire is None or not question_count:
        messages.error(request, _("The quiz is not available right now. Please come back later."))
        return redirect("quiz:landing")
    attempt = services.attempt_start(questionnaire=questionnaire, language=get_language() or "fr")
    response = redirect("quiz:question", position=1)
    _remember_attempt(response, attempt)
    return response


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, position: int) -> HttpResponse:
    public_id = _remembered_public_id(request)
    # One statement: the attempt, the content version, this question's id and its ticked choices.
    step = sql.step_read(public_id, position) if public_id else None
    if step is None:
        messages.info(request, _("Your quiz session has expired or was never started. Start a new quiz."))
        return _redirect(request, reverse("quiz:landing"))
    attempt = step.attempt
    if attempt.is_finished:
        messages.info(request, _("Your quiz is finished: here are your results."))
        return _redirect(request, reverse("quiz:results", kwargs={"public_id": attempt.public_id}))
    version = step.content_version
    questions = cached.questionnaire_questions(attempt.questionnaire_id, version)
    if not 1 <= position <= len(questions):
        raise Http404
    current = questions[position - 1]
    error = ""
    if request.method == "POST":
        error = _record(request, attempt, current)
        if not error:
            return _after_answer(request, attempt, questions, position, version)
        if error == "finished":
            # A double submit of the last answer lost the race to the finishing one: nothing
            # was lost, the results exist, so go there rather than show an error.
            return _redirect(request, reverse("quiz:results", kwargs={"public_id": attempt.public_id}))
    if request.method == "GET":
        # The kept questions and the statement agree unless the content changed without a new
        # version (a bare bulk update): then read the ticked choices again for this question.
        chosen = (
            step.chosen if step.question_id == current.pk else services.chosen_choice_ids(attempt, current)
        )
        response = _step_page(request, attempt, questions, position, chosen, version)
    else:
        # After a rejected answer nothing is pre-selected, so the message and the form agree.
        context = _card_context(questions, position, set(), error)
        response = render(request, _step_template(request), context, status=422)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def _step_template(request: HttpRequest) -> str:
    # The browser's back button makes htmx ask for the whole page (a history restore), not the card.
    card_only = request.htmx and not request.htmx.history_restore_request
    return "quiz/question.html#card" if card_only else "quiz/question.html"


def _step_page(
    request: HttpRequest,
    attempt: Attempt,
    questions: list[Question],
    position: int,
    chosen: AbstractSet[int],
    version: int,
) -> HttpResponse:
    """A question as a page or a card. It depends on the question and the choices already
    ticked, not on who asks: kept per process, content version, language and ticked choices."""
    template = _step_template(request)
    key = (
        "question",
        version,
        attempt.questionnaire_id,
        position,
        get_language(),
        template,
        frozenset(chosen),
    )
    return content_cache.kept_page(
        request,
        key,
        lambda: (template, _card_context(questions, position, chosen)),
        after_post=request.method == "POST",
    )


def _record(request: HttpRequest, attempt: Attempt, question: Question) -> str:
    """Record the posted answer; return an error code, or "" when it was saved."""
    raw = request.POST.getlist("choice")
    try:
        ids = {int(value) for value in raw}
    except (TypeError, ValueError):
        return "invalid"
    valid = {c.pk: c for c in question.choices.all()}
    if ids - valid.keys():
        return "foreign_choice"
    try:
        services.answer_record(attempt=attempt, question=question, choices=[valid[i] for i in sorted(ids)])
    except services.AnswerRejected as rejection:
        return str(rejection)
    return ""


def _after_answer(
    request: HttpRequest, attempt: Attempt, questions: list[Question], position: int, version: int
) -> HttpResponse:
    """Go forward one question; after the last one, finish or go back to what is missing."""
    target = position + 1
    if position == len(questions):
        target = services.first_unanswered_position(attempt, questions)
        if target is None:
            services.attempt_finish(attempt=attempt)
            return _redirect(request, reverse("quiz:results", kwargs={"public_id": attempt.public_id}))
    url = reverse("quiz:question", kwargs={"position": target})
    if request.htmx:
        # Swap the next card in place and let the address bar follow it.
        chosen = services.chosen_choice_ids(attempt, questions[target - 1])
        response = _step_page(request, attempt, questions, target, chosen, version)
        response["HX-Push-Url"] = url
        return response
    return HttpResponseRedirect(url)


def _card_context(
    questions: list[Question], position: int, chosen: AbstractSet[int], error: str = ""
) -> dict:
    current = questions[position - 1]
    return {
        "question": current,
        "choices": current.choices.all(),
        "position": position,
        "total": len(questions),
        "chosen": chosen,
        "error": REJECTION_MESSAGES.get(error, ""),
        "previous_url": reverse("quiz:question", kwargs={"position": position - 1}) if position > 1 else "",
    }


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A full-page redirect that also works when the request came from htmx."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    # Not redirect(): given an address, it first tries it as a view name (a caught exception).
    return HttpResponseRedirect(url)


@require_GET
def results(request: HttpRequest, public_id) -> HttpResponse:
    # One light query on every view: a kept page is served only while its result exists.
    if not sql.result_exists(public_id):
        raise Http404
    share_url = request.build_absolute_uri(reverse("quiz:results", kwargs={"public_id": public_id}))

    def build() -> tuple[str, dict]:
        attempt = get_object_or_404(Attempt.objects.select_related("result"), public_id=public_id)
        if not attempt.is_finished or not hasattr(attempt, "result"):
            raise Http404
        context = results_context(attempt.result.snapshot)
        context.update({"attempt": attempt, "share_url": share_url})
        return "quiz/results.html", context

    # A result is a snapshot: its page is rendered once per process, language and address, then kept.
    return content_cache.kept_page(request, ("results", public_id, get_language(), share_url), build)


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quiz/privacy.html",
        {
            "idle_days": settings.ATTEMPT_IDLE_DAYS,
            "retention_days": settings.RESULT_RETENTION_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def delete_results(request: HttpRequest, public_id) -> HttpResponse:
    attempt = get_object_or_404(Attempt, public_id=public_id)
    if request.method == "POST":
        services.attempt_delete(attempt=attempt)
        messages.success(request, _("Your results and answers have been deleted."))
        response = redirect("quiz:landing")
        if _remembered_public_id(request) == str(attempt.public_id):
            response.delete_cookie(settings.QUIZ_COOKIE_NAME, samesite="Lax")
        return response
    return render(request, "quiz/delete.html", {"attempt": attempt})
