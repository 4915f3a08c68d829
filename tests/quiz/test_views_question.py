from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from quiz import services
from quiz.models import Answer, Attempt, Choice, Question
from tests.factories import results_url

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def q_url(position: int) -> str:
    return reverse("quiz:question", kwargs={"position": position})


def started(client) -> Attempt:
    response = client.post(reverse("quiz:start"))
    assert response.status_code == 302
    assert response["Location"] == q_url(1)
    return Attempt.objects.get()


def choice_id(question_key: str, choice_key: str) -> int:
    return Choice.objects.get(question__key=question_key, key=choice_key).pk


PICKS = [
    ("niveau", ["bac"]),
    ("apres-midi", ["coder"]),
    ("maths", ["oui"]),
    ("sujets", ["python", "loi"]),
]


def answer_everything_from(client, first_position: int, headers=None) -> None:
    for position, (key, choice_keys) in enumerate(PICKS, start=1):
        if position < first_position:
            continue
        response = client.post(
            q_url(position), {"choice": [choice_id(key, c) for c in choice_keys]}, headers=headers or {}
        )
        assert response.status_code in (200, 302), response.content


def answer_everything(client, headers=None) -> Attempt:
    attempt = started(client)
    answer_everything_from(client, 1, headers)
    attempt.refresh_from_db()
    return attempt


def test_the_landing_page_says_how_many_questions(client, small_quiz):
    response = client.get("/")
    assert response.status_code == 200
    assert "Réponds à 4 questions courtes" in response.text


def test_starting_gives_the_first_question_with_progress(client, small_quiz):
    started(client)
    response = client.get(q_url(1))
    assert response.status_code == 200
    assert 'max="4" value="1"' in response.text
    assert 'type="radio"' in response.text
    assert "<html" in response.text


def test_a_plain_post_saves_and_redirects_to_the_next_question(client, small_quiz):
    attempt = started(client)
    response = client.post(q_url(2), {"choice": choice_id("apres-midi", "robot")})
    assert response.status_code == 302
    assert response["Location"] == q_url(3)
    assert Answer.objects.get(attempt=attempt).question.key == "apres-midi"


def test_an_htmx_post_returns_only_the_next_card_and_pushes_its_url(client, small_quiz):
    started(client)
    response = client.post(q_url(1), {"choice": choice_id("niveau", "bac")}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="quiz-card"' in response.text
    assert response["HX-Push-Url"] == q_url(2)
    assert "Question 2" in response.text


def test_an_htmx_post_shows_the_next_cards_answer_already_given(client, small_quiz):
    """The next card is kept per ticked choices: after going back, the answer given is shown."""
    started(client)
    coder = choice_id("apres-midi", "coder")
    blank = client.post(q_url(1), {"choice": choice_id("niveau", "bac")}, headers=HTMX)
    client.post(q_url(2), {"choice": coder}, headers=HTMX)
    again = client.post(q_url(1), {"choice": choice_id("niveau", "bac3")}, headers=HTMX)
    ticked = f'value="{coder}" id="choice-{coder}" checked'
    assert ticked not in blank.text
    assert ticked in again.text
    assert 'name="csrfmiddlewaretoken"' in again.text


def test_no_choice_gives_the_same_question_with_a_message(client, small_quiz):
    started(client)
    response = client.post(q_url(2), {})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert not Answer.objects.exists()
    htmx = client.post(q_url(2), {}, headers=HTMX)
    assert htmx.status_code == 422
    assert "<html" not in htmx.text


@pytest.mark.parametrize("value", ["abc", "", "1.5", "99999999999999999999999"])
def test_tampered_values_are_refused_without_a_500(client, small_quiz, value):
    started(client)
    response = client.post(q_url(2), {"choice": value})
    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_a_choice_of_another_question_is_refused(client, small_quiz):
    started(client)
    response = client.post(q_url(2), {"choice": choice_id("maths", "oui")})
    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_two_choices_on_a_single_choice_question_are_refused(client, small_quiz):
    started(client)
    response = client.post(
        q_url(2), {"choice": [choice_id("apres-midi", "coder"), choice_id("apres-midi", "robot")]}
    )
    assert response.status_code == 422
    assert not Answer.objects.exists()


def test_a_multiple_choice_question_accepts_several_or_none(client, small_quiz):
    attempt = started(client)
    ids = [choice_id("sujets", "loi"), choice_id("sujets", "python")]
    assert client.post(q_url(4), {"choice": ids}).status_code == 302
    assert set(Answer.objects.get(attempt=attempt).choices.values_list("pk", flat=True)) == set(ids)
    assert client.post(q_url(4), {}).status_code == 302
    assert Answer.objects.get(attempt=attempt).choices.count() == 0


def test_a_double_submit_leaves_one_answer(client, small_quiz):
    attempt = started(client)
    for _ in range(2):
        client.post(q_url(2), {"choice": choice_id("apres-midi", "coder")})
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_going_back_shows_the_answer_kept(client, small_quiz):
    started(client)
    client.post(q_url(1), {"choice": choice_id("niveau", "bac3")})
    response = client.get(q_url(1))
    assert (
        f'value="{choice_id("niveau", "bac3")}" id="choice-{choice_id("niveau", "bac3")}" checked'
        in response.text
    )
    assert client.get(q_url(2)).text.count(reverse("quiz:question", kwargs={"position": 1})) >= 2


def test_the_answer_kept_shows_even_if_questions_moved_without_a_new_content_version(client, small_quiz):
    """A bare bulk update skips the content version: the cached questions still say which question
    is at a position, and the choices ticked in its answer are read for that question."""
    started(client)
    coder = choice_id("apres-midi", "coder")
    client.post(q_url(2), {"choice": coder})
    client.get(q_url(2))  # the questions are kept by this process
    Question.objects.filter(key="maths").update(order=1)
    Question.objects.filter(key="apres-midi").update(order=2)

    response = client.get(q_url(2))
    assert f'value="{coder}" id="choice-{coder}" checked' in response.text


def test_the_back_link_works_with_htmx(client, small_quiz):
    started(client)
    response = client.get(q_url(1), headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text


def test_the_browser_back_button_gets_the_whole_page_from_htmx(client, small_quiz):
    started(client)
    response = client.get(q_url(1), headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert response.status_code == 200
    assert "<html" in response.text
    assert "HX-Request" in response["Vary"]


def test_the_last_answer_finishes_and_redirects_to_the_results(client, small_quiz):
    attempt = started(client)
    answer_everything_from(client, 1)
    attempt.refresh_from_db()
    assert attempt.is_finished
    assert Attempt.objects.get().result.snapshot["fits"]


def test_finishing_ends_the_quiz_cookie_so_the_next_student_starts_afresh(client, small_quiz):
    """On a shared school computer, the next student is offered neither the quiz nor its results:
    the result link is the way back."""
    attempt = started(client)
    for position, (key, choice_keys) in enumerate(PICKS, start=1):
        response = client.post(q_url(position), {"choice": [choice_id(key, c) for c in choice_keys]})
    assert response["Location"] == results_url(Attempt.objects.get())
    assert client.cookies[settings.QUIZ_COOKIE_NAME].value == ""
    home = client.get("/")
    assert str(attempt.public_id) not in home.text
    assert q_url(1) not in home.text and reverse("quiz:start") in home.text
    assert client.get(q_url(4))["Location"] == "/"


def test_with_htmx_the_last_answer_redirects_the_whole_page(client, small_quiz):
    started(client)
    for position, (key, c) in enumerate(
        [("niveau", "bac"), ("apres-midi", "coder"), ("maths", "oui")], start=1
    ):
        client.post(q_url(position), {"choice": choice_id(key, c)}, headers=HTMX)
    response = client.post(q_url(4), {"choice": choice_id("sujets", "python")}, headers=HTMX)
    attempt = Attempt.objects.get()
    assert response["HX-Redirect"] == results_url(attempt)


def test_a_skipped_question_is_asked_before_finishing(client, small_quiz):
    started(client)
    client.post(q_url(1), {"choice": choice_id("niveau", "bac")})
    response = client.post(q_url(4), {"choice": choice_id("sujets", "python")})
    assert response["Location"] == q_url(2)
    assert not Attempt.objects.get().is_finished


def test_a_late_answer_from_a_second_tab_goes_to_the_results(client, small_quiz):
    """A double submit of the last answer, sent before the first one ended the cookie."""
    started(client)
    cookie = client.cookies[settings.QUIZ_COOKIE_NAME].value
    answer_everything_from(client, 1)
    attempt = Attempt.objects.get()
    before = list(Answer.objects.values_list("pk", "question_id"))
    client.cookies[settings.QUIZ_COOKIE_NAME] = cookie
    response = client.post(q_url(2), {"choice": choice_id("apres-midi", "robot")})
    assert response.status_code == 302
    assert response["Location"] == results_url(attempt)
    assert list(Answer.objects.values_list("pk", "question_id")) == before


def test_without_a_quiz_cookie_a_question_sends_back_home_with_a_notice(client, small_quiz):
    response = client.get(q_url(1), follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Aucun quiz n’est en cours sur ce navigateur" in response.text


def test_the_quiz_is_remembered_by_a_signed_cookie_not_a_session(client, small_quiz):
    attempt = started(client)
    cookie = client.cookies[settings.QUIZ_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.QUIZ_COOKIE_AGE
    assert str(attempt.public_id) in cookie.value  # signed, not hidden: it is the student's own id
    answer_everything_from(client, 1)
    client.get("/")
    assert not Session.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


@pytest.mark.parametrize("tamper", ["swap-id", "bad-signature", "unsigned", "garbage"])
def test_a_forged_quiz_cookie_is_no_quiz(client, small_quiz, tamper):
    mine = started(client)
    other = services.attempt_start(questionnaire=small_quiz, language="fr")
    value = client.cookies[settings.QUIZ_COOKIE_NAME].value
    forged = {
        "swap-id": value.replace(str(mine.public_id), str(other.public_id)),
        "bad-signature": value[:-3] + "abc",
        "unsigned": str(other.public_id),
        "garbage": "\x00;" + "x" * 300,
    }[tamper]
    client.cookies[settings.QUIZ_COOKIE_NAME] = forged
    response = client.post(q_url(1), {"choice": choice_id("niveau", "bac")})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not Answer.objects.exists()


def test_an_expired_quiz_cookie_is_no_quiz(client, small_quiz, settings):
    started(client)
    settings.QUIZ_COOKIE_AGE = -1  # the cookie's timestamp is older than the age allowed
    response = client.get(q_url(1))
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_quiz_cookie_of_a_deleted_attempt_means_no_quiz(client, small_quiz):
    attempt = started(client)
    attempt.delete()  # e.g. purged after a week without activity
    response = client.get(q_url(1))
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("position", [0, 5, 999])
def test_an_unknown_position_is_a_404(client, small_quiz, position):
    started(client)
    assert client.get(q_url(position)).status_code == 404


def test_get_on_start_is_a_405_with_a_page_that_explains(client, small_quiz):
    response = client.get(reverse("quiz:start"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "ne peut pas être ouverte directement" in response.text
    assert reverse("quiz:landing") in response.text


def test_coming_back_home_offers_to_continue(client, small_quiz, django_assert_max_num_queries):
    started(client)
    client.post(q_url(1), {"choice": choice_id("niveau", "bac")})
    client.post(q_url(3), {"choice": choice_id("maths", "oui")})
    client.get("/")  # the quiz's duration is computed once an hour, not on every visit
    # The content version, the attempt, the questions answered (read once for both figures).
    with django_assert_max_num_queries(3):
        response = client.get("/")
    assert q_url(2) in response.text  # the first question not answered yet
    assert "Réponses déjà données\u00a0: 2 sur 4." in response.text
    assert reverse("quiz:start") in response.text


def test_an_expired_csrf_token_gets_the_explained_page(small_quiz):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("quiz:start"))
    assert response.status_code == 403
    assert 'href="/"' in response.text
    assert Attempt.objects.count() == 0


@pytest.mark.parametrize("extra", [0, 60])
def test_a_quiz_step_takes_constant_queries(client, small_quiz, extra, django_assert_max_num_queries):
    from tests.factories import ChoiceFactory, QuestionFactory, RoleFactory

    for i in range(extra):
        RoleFactory(profile={"code": i % 6})
        ChoiceFactory(question=QuestionFactory(questionnaire=small_quiz, order=10 + i))
    started(client)
    for position in (2, 3):
        client.get(q_url(position))  # each question is then cached under the content version
    coder = choice_id("apres-midi", "coder")
    # The attempt (with the content version), then the answer: the guarded update of the attempt,
    # the answer and its choices, in a savepoint.
    with django_assert_max_num_queries(10):
        client.post(q_url(2), {"choice": coder})
    # The attempt (with the content version) and the choices ticked in this question's answer.
    with django_assert_max_num_queries(2):
        client.get(q_url(3))
    assert Question.objects.count() == 4 + extra


def test_a_tick_all_question_says_how_to_answer_once(client, small_quiz):
    generic = "Coche tout ce qui te ressemble"
    started(client)
    assert generic in client.get(q_url(4)).text  # no hint of the editors' own: the generic one
    question = Question.objects.get(key="sujets")
    question.help_text = "Coche tout ce qui te tente, ou rien."
    question.save()  # a save moves the content version: the cached question is read again
    page = client.get(q_url(4)).text
    assert "Coche tout ce qui te tente, ou rien." in page and generic not in page
