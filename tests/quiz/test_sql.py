"""The quiz's hand-written statements (quiz/sql.py) agree with the ORM, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from careers.content_cache import content_version
from quiz import services, sql
from quiz.models import Answer, Attempt
from tests.factories import AttemptFactory

pytestmark = pytest.mark.django_db


def question(quiz, key):
    return quiz.questions.get(key=key)


def choice_ids(quiz, key, *choice_keys) -> list[int]:
    return list(question(quiz, key).choices.filter(key__in=choice_keys).values_list("pk", flat=True))


def write(attempt, quiz, key, *choice_keys, level="", now=None) -> bool:
    return sql.answer_write(
        attempt_id=attempt.pk,
        question_id=question(quiz, key).pk,
        choice_ids=choice_ids(quiz, key, *choice_keys),
        level=level,
        now=now or timezone.now(),
    )


def stored(attempt) -> dict[str, set[str]]:
    return {
        answer.question.key: {c.key for c in answer.choices.all()}
        for answer in Answer.objects.filter(attempt=attempt).select_related("question")
    }


@pytest.mark.parametrize("finished", [False, True])
def test_an_attempt_reads_as_the_orm_reads_it(small_quiz, finished):
    attempt = AttemptFactory(questionnaire=small_quiz, level="bac3", language="en")
    if finished:
        attempt.finished_at = timezone.now()
        attempt.save()
    expected = Attempt.objects.get(pk=attempt.pk)

    for key in (attempt.public_id, str(attempt.public_id)):
        read = sql.attempt_by_public_id(key)
        assert isinstance(read, Attempt)
        assert (
            read.pk,
            read.public_id,
            read.questionnaire_id,
            read.language,
            read.level,
            read.finished_at,
        ) == (
            expected.pk,
            expected.public_id,
            expected.questionnaire_id,
            expected.language,
            expected.level,
            expected.finished_at,
        )
        assert isinstance(read.public_id, uuid.UUID)
        assert read.is_finished is finished
        assert read.created_at == expected.created_at  # a deferred field still loads on demand


@pytest.mark.parametrize("key", [uuid.uuid4(), "not-a-uuid", "", "0" * 32, "é" * 36])
def test_an_unknown_or_malformed_id_reads_as_no_attempt(small_quiz, key):
    AttemptFactory(questionnaire=small_quiz)
    assert sql.attempt_by_public_id(key) is None


def test_a_step_reads_the_attempt_version_question_and_ticked_choices(small_quiz):
    # Orders with ties and gaps: the position follows Question's ordering (order, then id).
    for order, q in zip([5, 5, 9, 40], small_quiz.questions.order_by("id"), strict=True):
        q.order = order
        q.save()
    attempt = AttemptFactory(questionnaire=small_quiz, level="bac")
    write(attempt, small_quiz, "sujets", "python", "loi")
    questions = services.questionnaire_questions(small_quiz)

    for position, q in enumerate(questions, start=1):
        step = sql.step_read(str(attempt.public_id), position)
        assert step.attempt.pk == attempt.pk and step.attempt.level == "bac"
        assert step.content_version == content_version() != 0
        assert step.question_id == q.pk
        expected = set(choice_ids(small_quiz, "sujets", "python", "loi")) if q.key == "sujets" else set()
        assert step.chosen == expected


@pytest.mark.parametrize("position", [0, 5, 10**30])
def test_a_step_past_the_questions_has_no_question(small_quiz, position):
    attempt = AttemptFactory(questionnaire=small_quiz)
    step = sql.step_read(attempt.public_id, position)
    assert step.attempt.pk == attempt.pk
    first = services.questionnaire_questions(small_quiz)[0]
    assert step.question_id == (first.pk if position == 0 else None)
    assert step.chosen == frozenset()


@pytest.mark.parametrize("key", [uuid.uuid4(), "not-a-uuid"])
def test_a_step_of_no_attempt_reads_as_none(small_quiz, key):
    assert sql.step_read(key, 1) is None


def test_writing_creates_then_replaces_an_answer_without_doubling(small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz)
    first = timezone.now() - dt.timedelta(minutes=5)
    assert write(attempt, small_quiz, "apres-midi", "coder", now=first)
    answer = Answer.objects.get()
    assert write(attempt, small_quiz, "apres-midi", "robot")

    again = Answer.objects.get()
    assert again.pk == answer.pk
    assert stored(attempt) == {"apres-midi": {"robot"}}
    assert again.created_at == answer.created_at == first
    assert again.updated_at > first
    attempt.refresh_from_db()
    assert attempt.updated_at == again.updated_at


def test_several_choices_and_none_at_all_are_stored_as_given(small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz)
    assert write(attempt, small_quiz, "sujets", "python", "loi")
    assert stored(attempt) == {"sujets": {"python", "loi"}}
    assert write(attempt, small_quiz, "sujets")  # a multiple choice with nothing ticked
    assert stored(attempt) == {"sujets": set()}
    assert sql.chosen_choice_ids(attempt.pk, question(small_quiz, "sujets").pk) == set()


def test_the_chosen_ids_are_those_of_this_attempt_and_question(small_quiz):
    mine, other = AttemptFactory(questionnaire=small_quiz), AttemptFactory(questionnaire=small_quiz)
    write(mine, small_quiz, "sujets", "python", "loi")
    write(mine, small_quiz, "maths", "oui")
    write(other, small_quiz, "sujets", "python")

    assert sql.chosen_choice_ids(mine.pk, question(small_quiz, "sujets").pk) == set(
        choice_ids(small_quiz, "sujets", "python", "loi")
    )
    assert sql.chosen_choice_ids(other.pk, question(small_quiz, "maths").pk) == set()


def test_the_level_is_written_only_when_given(small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz, level="")
    write(attempt, small_quiz, "niveau", "bac3", level="bac3")
    write(attempt, small_quiz, "maths", "oui")
    attempt.refresh_from_db()
    assert attempt.level == "bac3"


def test_a_finished_attempt_takes_nothing(small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz)
    write(attempt, small_quiz, "maths", "oui")
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now())
    # The attempt in hand still looks unfinished (finished by another request): the row decides.
    assert not write(attempt, small_quiz, "maths", "non", level="bac")
    assert stored(attempt) == {"maths": {"oui"}}
    attempt.refresh_from_db()
    assert attempt.level == ""


def test_result_exists_only_for_a_finished_attempt_with_its_result(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    assert not sql.result_exists(attempt.public_id)
    for q in services.questionnaire_questions(small_quiz):
        services.answer_record(attempt=attempt, question=q, choices=list(q.choices.all())[:1])
    services.attempt_finish(attempt=attempt)
    assert sql.result_exists(attempt.public_id)
    assert sql.result_exists(str(attempt.public_id))
    assert not sql.result_exists(uuid.uuid4())
    assert not sql.result_exists("not-a-uuid")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_step_read_many_times_is_prepared_once_on_its_connection(small_quiz):
    """PostgreSQL plans a step's statement once per connection, not on every read (settings:
    DATABASE_PREPARED_STATEMENTS); each later read still sees the current answer."""
    attempt = AttemptFactory(questionnaire=small_quiz)
    public_id = str(attempt.public_id)
    for _ in range(6):
        sql.step_read(public_id, 1)
    write(attempt, small_quiz, "apres-midi", "coder")
    position = [q.key for q in services.questionnaire_questions(small_quiz)].index("apres-midi") + 1
    for _ in range(6):
        step = sql.step_read(public_id, position)
    assert step.chosen == set(choice_ids(small_quiz, "apres-midi", "coder"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            [sql._sql().step.split(" FROM ")[0] + " FROM %"],
        )
        (prepared,) = cursor.fetchone()
    assert prepared == 1
