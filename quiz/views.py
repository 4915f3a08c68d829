"""Quiz pages: landing, one question per screen, results (the owner's and the shared, read-only
one), delete, privacy.

Views bind a form, call one service or selector, render. One template per page; htmx requests
get the page's fragment (a template partial) instead of the page.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core import content_version, ratelimit
from core.qr import qr_svg_document
from core.views import too_many_requests
from quiz import selectors, services
from quiz.forms import AnswerForm, DeleteResultsForm
from quiz.models import Attempt, Question
from quiz.presenters import results_context

# The quiz in progress is remembered by a signed cookie holding its attempt's random id, not by
# the session: nothing about a student is kept on the server besides the attempt itself, and
# sessions serve the admin alone. The cookie ends when the quiz does: on a shared computer the
# next student is never offered someone else's results (the result link is the way back).
ATTEMPT_COOKIE_SALT = "quiz.attempt"


def _remembered_public_id(request: HttpRequest) -> str | None:
    """The public id in the quiz cookie; None without one, or with a forged or expired one."""
    return request.get_signed_cookie(
        settings.QUIZ_COOKIE_NAME, default=None, salt=ATTEMPT_COOKIE_SALT, max_age=settings.QUIZ_COOKIE_AGE
    )


def _current_attempt(request: HttpRequest) -> Attempt | None:
    public_id = _remembered_public_id(request)
    return selectors.attempt_by_public_id(public_id) if public_id else None


def remember_attempt(response: HttpResponse, attempt: Attempt) -> None:
    """Let this browser continue ``attempt`` (the quiz's pages, and class mode's join)."""
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
    remember_attempt(response, attempt)
    return response.cookies[settings.QUIZ_COOKIE_NAME].value


def _forget_attempt(response: HttpResponse) -> None:
    response.delete_cookie(settings.QUIZ_COOKIE_NAME, samesite="Lax")


def results_url(attempt: Attempt) -> str:
    """The owner's link: see, change and delete the results."""
    return reverse("quiz:results", kwargs={"public_id": attempt.public_id})


def shared_url(attempt: Attempt) -> str:
    """The link the owner shares: see the results, nothing more."""
    return reverse("quiz:shared", kwargs={"share_id": attempt.share_id})


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    version = content_version.for_request(request)
    questionnaire, question_count = selectors.published_questionnaire(version)
    attempt = _current_attempt(request)
    resume = None
    if attempt is not None and not attempt.is_finished:
        resume = selectors.progress(attempt, selectors.question_ids(attempt.questionnaire_id, version))
    context = {
        "question_count": question_count,
        "questionnaire": questionnaire,
        "duration": selectors.quiz_duration(questionnaire, version) if questionnaire else None,
        "resume": resume,
    }
    return render(request, "quiz/landing.html", context)


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    if ratelimit.start_limited(request):
        return too_many_requests(request, settings.QUIZ_START_RATE_WINDOW)
    questionnaire, question_count = selectors.published_questionnaire(content_version.for_request(request))
    if questionnaire is None or not question_count:
        messages.error(request, _("The quiz is not available right now. Please come back later."))
        return redirect("quiz:landing")
    attempt = services.attempt_start(questionnaire=questionnaire, language=get_language() or "fr")
    response = redirect("quiz:question", position=1)
    remember_attempt(response, attempt)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def question(request: HttpRequest, position: int) -> HttpResponse:
    attempt = _current_attempt(request)
    if attempt is None:
        # No quiz in progress on this browser: never started, expired, or finished (the cookie goes
        # with the finish, for shared computers), so say all three.
        messages.info(
            request,
            _(
                "No quiz is in progress on this browser. If you have just finished one, your results "
                "are at the link of your results page (your browser's Forward button or history). "
                "Otherwise, start a new quiz."
            ),
        )
        return _redirect(request, reverse("quiz:landing"))
    if attempt.is_finished:
        messages.info(request, _("Your quiz is finished: here are your results."))
        response = _redirect(request, results_url(attempt))
        _forget_attempt(response)
        return response
    # Read with the attempt, in the same statement.
    request.content_version = attempt.content_token or 0
    question_ids = selectors.question_ids(attempt.questionnaire_id, request.content_version)
    if not 1 <= position <= len(question_ids):
        raise Http404
    current = selectors.question_with_choices(question_ids[position - 1], request.content_version)
    if request.method == "POST":
        form = AnswerForm(request.POST, question=current)
        if form.is_valid():
            try:
                services.answer_record(attempt=attempt, question=current, choices=form.choices)
            except services.AttemptFinished:
                # A double submit of the last answer lost the race to the finishing one: nothing
                # was lost, the results exist, so go there rather than show an error.
                response = _redirect(request, results_url(attempt))
                _forget_attempt(response)
                return response
            return _after_answer(request, attempt, question_ids, position)
        # After a rejected answer nothing is pre-selected, so the message and the form agree.
        response = _step_page(request, current, position, len(question_ids), set(), form.error_message, 422)
    else:
        chosen = selectors.chosen_choice_ids(attempt, current)
        response = _step_page(request, current, position, len(question_ids), chosen)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def _step_page(
    request: HttpRequest,
    question: Question,
    position: int,
    total: int,
    chosen: set[int],
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """A question as a page, or as a card for htmx (the browser's back button makes htmx ask for
    the whole page: a history restore)."""
    card_only = request.htmx and not request.htmx.history_restore_request
    template = "quiz/question.html#card" if card_only else "quiz/question.html"
    context = {
        "question": question,
        "choices": question.choices.all(),
        "position": position,
        "total": total,
        "chosen": chosen,
        "error": error,
        "previous_url": reverse("quiz:question", kwargs={"position": position - 1}) if position > 1 else "",
    }
    return render(request, template, context, status=status)


def _after_answer(
    request: HttpRequest, attempt: Attempt, question_ids: list[int], position: int
) -> HttpResponse:
    """Go forward one question; after the last one, finish or go back to what is missing."""
    target = position + 1
    if position == len(question_ids):
        target = selectors.first_unanswered_position(attempt, question_ids)
        if target is None:
            services.attempt_finish(attempt=attempt)
            response = _redirect(request, results_url(attempt))
            _forget_attempt(response)
            return response
    url = reverse("quiz:question", kwargs={"position": target})
    if request.htmx:
        # Swap the next card in place and let the address bar follow it.
        following = selectors.question_with_choices(question_ids[target - 1], request.content_version)
        chosen = selectors.chosen_choice_ids(attempt, following)
        response = _step_page(request, following, target, len(question_ids), chosen)
        response["HX-Push-Url"] = url
        return response
    return HttpResponseRedirect(url)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A full-page redirect that also works when the request came from htmx."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


@never_cache
@require_safe
def results(request: HttpRequest, public_id) -> HttpResponse:
    attempt = selectors.finished_attempt_with_result(public_id)
    if attempt is None:
        raise Http404
    context = _results_context(request, attempt)
    context.update({"attempt": attempt, "own_url": request.build_absolute_uri(results_url(attempt))})
    return render(request, "quiz/results.html", context)


@never_cache
@require_safe
def shared_results(request: HttpRequest, share_id) -> HttpResponse:
    """The results as whoever got the shared link sees them: the same page, read only (no delete,
    no change of answers, no class share), and nothing on it names the owner's link."""
    attempt = selectors.shared_attempt_with_result(share_id)
    if attempt is None:
        raise Http404
    context = _results_context(request, attempt)
    context["shared"] = True
    return render(request, "quiz/results.html", context)


def _results_context(request: HttpRequest, attempt: Attempt) -> dict:
    request.content_version = attempt.content_token or 0  # read with the attempt
    published = selectors.published_role_slugs(content_version.for_request(request))
    return {**results_context(attempt.result.snapshot, published=published), **_share_links(request, attempt)}


def _share_links(request: HttpRequest, attempt: Attempt) -> dict:
    """What the results page shares (the phone's share sheet, the link to copy, the QR code): the
    read-only link, on the owner's page as on the shared one."""
    return {
        "share_url": request.build_absolute_uri(shared_url(attempt)),
        "qr_url": reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id}),
        "finished_at": attempt.finished_at,
    }


@require_POST
def change_answers(request: HttpRequest, public_id) -> HttpResponse:
    """A new quiz prefilled with this result's answers: the student changes what they like and gets
    a new result; this one stays as it was (its link keeps working)."""
    source = selectors.finished_attempt_with_result(public_id)
    if source is None:
        raise Http404
    if ratelimit.start_limited(request):
        return too_many_requests(request, settings.QUIZ_START_RATE_WINDOW)
    questionnaire, question_count = selectors.published_questionnaire(content_version.for_request(request))
    if questionnaire is None or not question_count:
        messages.error(request, _("The quiz is not available right now. Please come back later."))
        return redirect("quiz:results", public_id=source.public_id)
    attempt = services.attempt_copy(
        source=source, questionnaire=questionnaire, language=get_language() or "fr"
    )
    messages.info(
        request, _("Your answers are filled in: change the ones you like, then see your new results.")
    )
    response = redirect("quiz:question", position=1)
    remember_attempt(response, attempt)
    return response


@require_safe
def shared_qr(request: HttpRequest, share_id) -> HttpResponse:
    """The QR code of a result's read-only link, as an image: the results pages ask for it only
    when "show a QR code" is opened, and the browser keeps it. Never of the owner's link."""
    attempt = selectors.shared_attempt_with_result(share_id)
    if attempt is None:
        raise Http404
    svg = qr_svg_document(request.build_absolute_uri(shared_url(attempt)))
    response = HttpResponse(svg, content_type="image/svg+xml")
    patch_cache_control(response, private=True, max_age=24 * 60 * 60)
    return response


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {"idle_days": settings.ATTEMPT_IDLE_DAYS, "retention_days": settings.RESULT_RETENTION_DAYS}
    return render(request, "quiz/privacy.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete_results(request: HttpRequest, public_id) -> HttpResponse:
    attempt = get_object_or_404(Attempt, public_id=public_id)
    form = DeleteResultsForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.attempt_delete(attempt=attempt)
        messages.success(request, _("Your results and answers have been deleted."))
        response = redirect("quiz:landing")
        if _remembered_public_id(request) == str(attempt.public_id):
            _forget_attempt(response)
        return response
    status = 400 if form.is_bound else 200
    return render(request, "quiz/delete.html", {"attempt": attempt, "form": form}, status=status)
