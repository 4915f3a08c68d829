"""Whatever a browser or a script sends, no page answers 5xx and no answer is lost or doubled.

Hypothesis draws form data for every POST endpoint (start, a question, delete my
results, the language switch) and query strings for the GET pages that read one
(catalogue, comparison): missing fields, oversized strings, wrong types, foreign or
unknown ids, negative and huge integers, repeated fields, raw bodies of any content
type, with and without ``HX-Request``, with no quiz, a quiz started, half answered
or finished in the quiz cookie, at any position in the URL.
"""

from __future__ import annotations

import ipaddress
import uuid

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import selectors, services
from quiz.models import Answer, Attempt, Choice, Question, Questionnaire, Result
from quiz.views import attempt_cookie_value
from tests.factories import ChoiceFactory, QuestionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a WSGI server can hand over in a header or a cookie (PEP 3333: latin-1 strings).
LATIN1 = st.characters(max_codepoint=255)
# Replaced by a real choice id: of this question, of another one, or of another questionnaire.
ID_PLACEHOLDER = "<choice-id>"
integers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63), 10**100]),
).map(str)
texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩²³ \t\n\x00-+_.e", max_size=20),
    st.builds(lambda n, c: c * n, st.integers(1000, 20000), st.sampled_from(["9", "a", "é", "\x00"])),
    st.sampled_from(["", " ", "1.5", "1e3", "null", "None", "true", "[]", "{}", "NaN", "0x10", " 7 ", "²"]),
)
values = st.one_of(st.just(ID_PLACEHOLDER), integers, texts)
field_names = st.one_of(
    st.just("choice"),
    st.just("choice"),
    st.sampled_from(["choice[]", "language", "next", "csrfmiddlewaretoken", "position"]),
    st.text(max_size=12),
)
# A field may come 0 to 5 times (a QueryDict list), up to 4 different fields.
form_data = st.dictionaries(field_names, st.lists(values, min_size=0, max_size=5), max_size=4)
# Mostly real forms; now and then a raw body of any content type.
raw_bodies = (
    st.none()
    | st.none()
    | st.none()
    | st.tuples(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=bogus",
                "multipart/form-data",
                "multipart/form-data; boundary=xyz",
                "application/json",
                "text/plain; charset=utf-16",
            ]
        ),
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from([b"choice=%ff%fe&choice=%00", b"choice=1&" * 1200, b"--xyz\r\n\r\n--xyz--"]),
        ),
    )
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HX-Request": st.sampled_from(["true", "true", "false", ""]),
        "HX-Current-URL": st.text(alphabet=LATIN1, max_size=40),
        "HX-Target": st.text(alphabet=LATIN1, max_size=20),
        "HX-Trigger": st.text(alphabet=LATIN1, max_size=20),
        "HX-Boosted": st.sampled_from(["true", "1"]),
    },
)
# Mostly a quiz in progress, so the answer is actually read; sometimes none or a finished one.
states = st.sampled_from(["started", "answered", "started", "answered", "none", "finished"])
# Mostly a question of the quiz (small_quiz has 4); sometimes 0, past the end, or huge.
positions = st.one_of(
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=10**30),
)
csrf_checks = st.sampled_from([False] * 5 + [True])


@pytest.fixture(autouse=True)
def no_start_limit(settings):
    settings.QUIZ_START_RATE_LIMIT = 0


@pytest.fixture
def quiz(small_quiz):
    """The small quiz, next to an old unpublished questionnaire whose ids are foreign to it."""
    old = QuestionnaireFactory(title="Ancien", is_published=False)
    ChoiceFactory(question=QuestionFactory(questionnaire=old, key="ancienne"), key="vieux")
    return small_quiz


def resolve(data: dict) -> dict:
    """Replace the placeholders with real choice ids, chosen by position among all of them."""
    choice_ids = list(Choice.objects.order_by("pk").values_list("pk", flat=True))
    return {
        name: [
            str(choice_ids[(len(name) + i) % len(choice_ids)]) if value == ID_PLACEHOLDER else value
            for i, value in enumerate(items)
        ]
        for name, items in data.items()
    }


def client_in(state: str, *, csrf: bool = False) -> tuple[Client, Attempt | None]:
    """A browser whose quiz cookie holds no quiz, or one started, half answered or finished.

    The state is built with the services (the HTTP journey has its own tests), so each
    example costs only the fuzzed requests.
    """
    client = Client(enforce_csrf_checks=csrf)
    if state == "none":
        return client, None
    attempt = services.attempt_start(questionnaire=Questionnaire.objects.published().get(), language="fr")
    questions = selectors.questions_with_effects(attempt.questionnaire_id)
    given_answers = {"started": 0, "answered": 2, "finished": len(questions)}[state]
    for question in questions[:given_answers]:
        services.answer_record(attempt=attempt, question=question, choices=[question.choices.all()[0]])
    if state == "finished":
        services.attempt_finish(attempt=attempt)
    client.cookies[django_settings.QUIZ_COOKIE_NAME] = attempt_cookie_value(attempt)
    return client, attempt


def post(client: Client, path: str, data: dict, extra_headers: dict, raw: tuple[str, bytes] | None = None):
    if raw is not None:
        content_type, body = raw
        return client.generic("POST", path, body, content_type=content_type, headers=extra_headers)
    return client.post(path, data, headers=extra_headers)


def answers_of(attempt: Attempt | None) -> set[tuple[int, int | None]]:
    if attempt is None:
        return set()
    return set(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))


def assert_invariants() -> None:
    # One answer per attempt and question…
    assert not Answer.objects.values("attempt", "question").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # …with at most one choice to a single-choice question, all of that question…
    single = Answer.objects.filter(question__kind=Question.Kind.SINGLE).annotate(n=Count("choices"))
    assert not single.filter(n__gt=1).exists()
    assert not Answer.objects.exclude(choices__isnull=True).exclude(choices__question=F("question")).exists()
    # …of a question of the attempt's own questionnaire.
    assert not Answer.objects.exclude(question__questionnaire=F("attempt__questionnaire")).exists()
    # Every finished attempt has its one result, and only finished ones have one.
    assert Attempt.objects.filter(finished_at__isnull=False).count() == Result.objects.count()
    assert not Result.objects.filter(attempt__finished_at__isnull=True).exists()


@FUZZ
@given(data=form_data, extra=headers, state=states, position=positions, raw=raw_bodies, csrf=csrf_checks)
def test_answering_never_fails(quiz, data, extra, state, position, raw, csrf):
    client, attempt = client_in(state, csrf=csrf)
    before = answers_of(attempt)
    path = reverse("quiz:question", kwargs={"position": position})
    response = post(client, path, resolve(data), extra, raw)
    assert response.status_code < 500
    assert client.get(path, headers=extra).status_code < 500
    if state == "finished" or response.status_code >= 400:
        assert answers_of(attempt) == before  # a frozen quiz or a refused answer changes nothing
    assert_invariants()


@FUZZ
@given(data=form_data, extra=headers, state=states, raw=raw_bodies, csrf=csrf_checks)
def test_starting_never_fails(quiz, data, extra, state, raw, csrf):
    client, attempt = client_in(state, csrf=csrf)
    before = answers_of(attempt)
    response = post(client, reverse("quiz:start"), resolve(data), extra, raw)
    assert response.status_code < 500
    assert answers_of(attempt) == before  # starting over never touches the previous quiz
    assert_invariants()


@FUZZ
@given(
    data=form_data,
    extra=headers,
    state=states,
    whose=st.sampled_from(["own", "unknown", "other"]),
    raw=raw_bodies,
    csrf=csrf_checks,
)
def test_deleting_results_never_fails(quiz, data, extra, state, whose, raw, csrf):
    someone_else = client_in("finished")[1] if whose == "other" else None
    client, attempt = client_in(state, csrf=csrf)
    public_id = {
        "own": attempt.public_id if attempt else uuid.uuid4(),
        "unknown": uuid.uuid4(),
        "other": someone_else.public_id if someone_else else None,
    }[whose]
    url = reverse("quiz:delete", kwargs={"public_id": public_id})
    assert client.get(url, headers=extra).status_code < 500
    assert post(client, url, resolve(data), extra, raw).status_code < 500
    # Whatever happened, the results link and the quiz cookie still lead somewhere sensible.
    assert client.get(reverse("quiz:results", kwargs={"public_id": public_id})).status_code < 500
    assert client.get(reverse("quiz:question", kwargs={"position": 1}), headers=extra).status_code < 500
    assert_invariants()


@FUZZ
@given(
    data=form_data,
    extra=headers,
    state=states,
    language=st.one_of(st.sampled_from(["fr", "en", "de", "", "EN", "en-us"]), st.text(max_size=20)),
    next_url=st.one_of(
        st.sampled_from(
            [
                "/",
                "//evil.example/",
                "https://evil.example/",
                "/metiers/",
                "javascript:alert(1)",
                "/\r\nSet-Cookie: a=b",
                "/%0d%0aLocation:%20x",
                "http://[",
                "/" + "a" * 5000,
            ]
        ),
        st.text(max_size=60),
    ),
    cookie=st.none() | st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=20),
    raw=raw_bodies,
)
def test_switching_language_never_fails(quiz, data, extra, state, language, next_url, cookie, raw):
    client, _ = client_in(state)
    if cookie is not None:
        client.cookies["django_language"] = cookie
    fields = resolve(data) | {"language": [language], "next": [next_url]}
    response = post(client, reverse("set_language"), fields, extra, raw)
    assert response.status_code < 500
    assert client.get(reverse("quiz:landing"), headers=extra).status_code == 200


@FUZZ
@given(
    query=st.lists(
        st.tuples(st.one_of(st.sampled_from(["niveau", "dimension", "page", "roles"]), field_names), values),
        max_size=6,
    ),
    extra=headers,
    slug=st.text(max_size=90),
)
def test_browsing_the_careers_never_fails(quiz, query, extra, slug):
    client = Client()
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault(name, []).append(value)
    params.setdefault("roles", []).append("dev")
    for name in ("niveau", "dimension"):
        params.setdefault(name, ["code"])
    for path in (reverse("careers:catalogue"), reverse("careers:compare")):
        assert client.get(path, params, headers=extra).status_code < 500
    assert client.get(f"/metiers/{slug}/", headers=extra).status_code < 500


@FUZZ
@given(
    path=st.one_of(
        st.builds("/quiz/question/{}/".format, st.text(max_size=30)),
        st.builds("/quiz/question/{}/".format, st.sampled_from(["9" * 5000, "0" * 50 + "1", "１", "-1"])),
        st.builds("/resultats/{}/".format, st.one_of(st.text(max_size=40), st.uuids().map(str))),
        st.builds("/resultats/{}/supprimer/".format, st.text(max_size=40)),
    ),
    method=st.sampled_from(["get", "post", "put", "delete", "head", "options"]),
    extra=headers,
)
def test_any_address_never_fails(quiz, path, method, extra):
    client, _ = client_in("started")
    response = getattr(client, method)(path, headers=extra)
    assert response.status_code < 500


@FUZZ
@given(
    username=st.one_of(st.just("editrice"), texts),
    password=st.one_of(st.just("un-mot-de-passe-solide"), texts),
    data=form_data,
    forwarded=st.one_of(
        st.none(),
        st.sampled_from(["198.51.100.4", "198.51.100.4, 10.0.0.1", "2001:db8::1", "", " , ", "unknown"]),
        st.text(alphabet=LATIN1, max_size=40),
    ),
    behind_proxy=st.booleans(),
)
def test_the_admin_login_never_fails(quiz, settings, username, password, data, forwarded, behind_proxy):
    User.objects.get_or_create(username="editrice", defaults={"is_staff": True})
    settings.BEHIND_PROXY = behind_proxy
    extra = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    fields = resolve(data) | {"username": [username], "password": [password]}
    response = Client().post(reverse("admin:login"), fields, headers=extra)
    assert response.status_code < 500
    # django-axes keeps the address in an IP column (PostgreSQL: inet): never anything else.
    for address in AccessAttempt.objects.values_list("ip_address", flat=True):
        assert address is None or ipaddress.ip_address(address)


cookie_values = st.one_of(
    st.text(alphabet=LATIN1, max_size=40),
    st.sampled_from(["abcdefgh\x00ijkl", "x" * 5000, "0" * 32, "../../etc", "é" * 40]),
)


@FUZZ
@given(
    cookies=st.dictionaries(
        st.sampled_from(["sessionid", "capia_quiz", "csrftoken", "messages", "django_language"]),
        cookie_values,
        max_size=5,
    ),
    extra=headers,
    position=st.integers(min_value=0, max_value=5),
)
def test_any_cookie_never_fails(quiz, cookies, extra, position):
    """Cookies a script forges (a NUL byte in the session key made PostgreSQL fail)."""
    raw = "; ".join(f"{name}={value}" for name, value in cookies.items())
    client = Client()
    for method, path in (
        ("get", reverse("quiz:landing")),
        ("post", reverse("quiz:start")),
        ("post", reverse("quiz:question", kwargs={"position": position})),
    ):
        response = getattr(client, method)(path, headers=extra, HTTP_COOKIE=raw)
        assert response.status_code < 500
