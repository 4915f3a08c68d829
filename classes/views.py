"""Class mode's pages: students join with a code and share a result; teachers open sessions and
read the class's picture.

Teacher pages start from the teacher's own sessions (``selectors.teacher_sessions``): another
teacher's session is a 404, never a 403 that would say it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from careers.charts import Series, bar_chart
from classes import codes, selectors, services
from classes.forms import ConfirmForm, JoinForm, SessionForm, ShareForm
from classes.models import ClassSession
from core import content_version, ratelimit
from core.qr import qr_svg_document
from core.views import too_many_requests
from quiz import selectors as quiz_selectors
from quiz.presenters import BAND_LABELS, results_context
from quiz.views import remember_attempt, results_url

# ---- Students -------------------------------------------------------------------------------


def _join_key(request: HttpRequest) -> str:
    return ratelimit.client_key(request, "class-join")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """The join form; ``/classe/<code>/`` (the QR code) fills it in. Only a POST checks a code, and
    every wrong or expired one counts toward the address's limit."""
    if request.method != "POST":
        initial = {"code": codes.display(codes.normalise(code))} if code else None
        return render(request, "classes/join.html", {"form": JoinForm(initial=initial)})
    limit, window = settings.CLASS_JOIN_FAILURE_LIMIT, settings.CLASS_JOIN_FAILURE_WINDOW
    if ratelimit.rate_limit_reached(_join_key(request), limit=limit, window=window):
        return too_many_requests(request, window)
    form = JoinForm(request.POST)
    if not form.is_valid():
        return render(request, "classes/join.html", {"form": form}, status=400)
    session = selectors.open_session_by_code(form.cleaned_data["code"]) if form.well_formed else None
    if session is None:
        ratelimit.rate_limit_hit(_join_key(request), limit=limit, window=window)
        return render(request, "classes/join.html", {"form": form, "wrong_code": True}, status=404)
    if ratelimit.start_limited(request):
        return too_many_requests(request, settings.QUIZ_START_RATE_WINDOW)
    questionnaire, question_count = quiz_selectors.published_questionnaire(
        content_version.for_request(request)
    )
    if questionnaire is None or not question_count:
        messages.error(request, _("The quiz is not available right now. Please come back later."))
        return redirect("quiz:landing")
    membership = services.session_join(
        session=session, questionnaire=questionnaire, language=get_language() or "fr"
    )
    messages.info(
        request,
        _("You joined “%(name)s”. Your teacher sees the class's overall picture, never your answers.")
        % {"name": session.name},
    )
    response = redirect("quiz:question", position=1)
    remember_attempt(response, membership.attempt)
    return response


def share_box_context(request: HttpRequest, attempt) -> dict:
    """What ``classes/_share_box.html`` needs; an empty dict outside a class."""
    membership = selectors.membership_of_attempt(attempt.pk)
    if membership is None:
        return {}
    return {
        "membership": membership,
        "attempt": attempt,
        "form": ShareForm(initial={"pseudonym": membership.pseudonym}),
        "request": request,
    }


@never_cache
@require_POST
def share(request: HttpRequest, public_id) -> HttpResponse:
    """Share a finished result with the class, or stop sharing it (the secret link is the right to)."""
    attempt = quiz_selectors.finished_attempt_with_result(public_id)
    membership = selectors.membership_of_attempt(attempt.pk) if attempt is not None else None
    if membership is None:
        raise Http404
    form = ShareForm(request.POST)
    if not form.is_valid():
        context = {**share_box_context(request, attempt), "form": form}
        template = "classes/_share_box.html" if request.htmx else "classes/share_error.html"
        return render(request, template, context, status=400 if not request.htmx else 422)
    if form.cleaned_data["action"] == ShareForm.SHARE:
        done = services.result_share(membership=membership, pseudonym=form.cleaned_data["pseudonym"])
    else:
        done = services.result_unshare(membership=membership)
    if not done:
        raise Http404
    if request.htmx:
        return render(request, "classes/_share_box.html", share_box_context(request, attempt))
    return redirect(results_url(attempt) + "#class-share")


# ---- Teachers -------------------------------------------------------------------------------


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and in the "Enseignants" group; others are sent to sign in, or refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                # The refresh of a page whose sign-in ended: reload the whole page to the login,
                # rather than swap the login form into the picture.
                return HttpResponseClientRedirect(reverse("classes:login"))
            return redirect_to_login(request.get_full_path())
        if not selectors.is_teacher(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _own_session(request: HttpRequest, pk: int) -> ClassSession:
    return get_object_or_404(selectors.teacher_sessions(request.user), pk=pk)


def _join_url(request: HttpRequest, session: ClassSession) -> str:
    return request.build_absolute_uri(reverse("classes:join_code", kwargs={"code": session.code}))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@teacher_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The teacher's sessions, and the form to open a new one."""
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            allow_pseudonyms=form.cleaned_data["allow_pseudonyms"],
        )
        return redirect("classes:session", pk=session.pk)
    context = {"form": form, "sessions": selectors.teacher_sessions_with_counts(request.user)}
    return render(request, "classes/dashboard.html", context, status=400 if form.is_bound else 200)


def _picture_context(session: ClassSession) -> dict:
    picture = selectors.class_picture(session, band_labels={k: str(v) for k, v in BAND_LABELS.items()})
    chart = None
    if picture.average_profile and picture.dimensions:
        series = [Series(_("Class average"), "series-student", picture.average_profile)]
        if picture.top_role is not None:
            series.append(Series(picture.top_role.label, "series-role", picture.top_role_profile))
        chart = bar_chart(picture.dimensions, series, title=_("The class's average profile"))
    return {"session": session, "picture": picture, "chart": chart}


@never_cache
@require_safe
@teacher_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The class's picture; htmx refreshes its fragment every few seconds, a reload does the same."""
    session = _own_session(request, pk)
    context = _picture_context(session)
    context["join_url"] = _join_url(request, session)
    template = "classes/session.html#picture" if request.htmx else "classes/session.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@require_safe
@teacher_required
def session_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The class's picture on one A4 page, to print."""
    session = _own_session(request, pk)
    return render(request, "classes/summary.html", _picture_context(session))


@require_safe
@teacher_required
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code of the join address (with the code), to project."""
    session = _own_session(request, pk)
    response = HttpResponse(qr_svg_document(_join_url(request, session)), content_type="image/svg+xml")
    patch_cache_control(response, private=True, max_age=60 * 60)
    return response


@require_POST
@teacher_required
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    if not ConfirmForm(request.POST).is_valid():
        return render(request, "errors/400.html", status=400)
    services.session_close(session=session)
    messages.success(request, _("The session is closed: nobody can join it any more."))
    return redirect("classes:session", pk=session.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@teacher_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.session_delete(session=session)
        messages.success(request, _("The session was deleted. The students keep their own results."))
        return redirect("classes:dashboard")
    status = 400 if form.is_bound else 200
    return render(request, "classes/session_delete.html", {"session": session, "form": form}, status=status)


@never_cache
@require_safe
@teacher_required
def shared_result(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A result a student shared: first roles with their bands and the profile, never the answers
    (the student's own page cites them; this one does not)."""
    session = _own_session(request, pk)
    membership = selectors.shared_membership(session, number)
    if membership is None:
        raise Http404
    results = results_context(membership.attempt.result.snapshot, student_label=str(membership.label))
    context = {
        "session": session,
        "membership": membership,
        "top": results["top"],
        "low_confidence": results["low_confidence"],
        "profile_chart": results["profile_chart"],
    }
    return render(request, "classes/shared_result.html", context)
