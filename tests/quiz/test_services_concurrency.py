"""Concurrent writes to one attempt (PostgreSQL only: SQLite serialises every write).

A student double-taps "Next", or the page is open in two tabs: two requests
record the same question at the same moment. Each test starts real threads
(each with its own database connection) released together by a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from quiz import scoring, selectors, services
from quiz.models import Answer, Question, Result

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has one writer at a time, so there is no race to test "
        "(run `make test-pg`)",
    ),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 5  # a race may not show on every try: repeat it on fresh attempts


RECORDED = "recorded"  # what a call to answer_record that did not raise gives the test


def together(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread, all released at once; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # reported to the test, which decides
            outcomes[index] = error
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return outcomes


def record(attempt, question: Question, choice_key: str) -> Callable[[], str]:
    chosen = question.choices.get(key=choice_key)

    def call() -> str:
        services.answer_record(attempt=attempt, question=question, choices=[chosen])
        return RECORDED

    return call


def test_two_identical_submissions_leave_one_answer(small_quiz):
    question = small_quiz.questions.get(key="apres-midi")
    for _ in range(ROUNDS):
        attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
        outcomes = together(record(attempt, question, "coder"), record(attempt, question, "coder"))
        assert outcomes == [RECORDED, RECORDED], outcomes
        answer = Answer.objects.get(attempt=attempt, question=question)
        assert [c.key for c in answer.choices.all()] == ["coder"]


def test_two_different_submissions_leave_one_answer_with_one_choice(small_quiz):
    question = small_quiz.questions.get(key="apres-midi")
    for _ in range(ROUNDS):
        attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
        record(attempt, question, "debattre")()  # an earlier answer, changed twice at once
        outcomes = together(record(attempt, question, "coder"), record(attempt, question, "robot"))
        assert outcomes == [RECORDED, RECORDED], outcomes
        answer = Answer.objects.get(attempt=attempt, question=question)
        assert [c.key for c in answer.choices.all()] in (["coder"], ["robot"])


def test_an_answer_racing_the_finish_is_refused_or_kept_before_it(small_quiz):
    picks = {"niveau": "bac", "apres-midi": "coder", "maths": "oui", "sujets": "python"}
    for _ in range(ROUNDS):
        attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
        for question in small_quiz.questions.all():
            record(attempt, question, picks[question.key])()
        maths = small_quiz.questions.get(key="maths")
        outcomes = together(
            lambda attempt=attempt: services.attempt_finish(attempt=attempt),
            record(attempt, maths, "non"),
        )
        result, late = outcomes
        assert isinstance(result, Result), outcomes
        assert late == RECORDED or isinstance(late, services.AnswerRejected), outcomes
        if isinstance(late, services.AnswerRejected):
            assert isinstance(late, services.AttemptFinished)
        # Whichever came first, the answers kept are the ones the snapshot was built from.
        questions = selectors.questions_data(selectors.questions_with_effects(attempt.questionnaire_id))
        profile = scoring.student_profile(questions, selectors.attempt_answers(attempt))
        assert {slug: round(value, 3) for slug, value in profile.items()} == result.snapshot["profile"]
