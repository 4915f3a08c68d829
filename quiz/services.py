"""The quiz's writes: start an attempt, record an answer, finish it, delete it.

Views validate input with a form, call one of these, render. Reads live in
:mod:`quiz.selectors`, the result snapshot in :mod:`quiz.snapshot`, the maths in
:mod:`quiz.scoring`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from core import content_version
from quiz import selectors
from quiz.models import Answer, Attempt, Choice, Question, Questionnaire, Result
from quiz.snapshot import build_snapshot


class AnswerRejected(Exception):
    """An answer that cannot be recorded: the attempt is finished, or the answer is not this
    question's (the view's form checks the choices first; this guards every other caller)."""


class AttemptFinished(AnswerRejected):
    """The attempt was finished before this answer arrived: nothing was lost, the result exists."""


def attempt_start(*, questionnaire: Questionnaire, language: str) -> Attempt:
    return Attempt.objects.create(questionnaire=questionnaire, language=language[:8])


def attempt_copy(*, source: Attempt, questionnaire: Questionnaire, language: str) -> Attempt:
    """A new attempt on ``questionnaire`` holding ``source``'s answers, so a student can change a few
    and see what moves, while ``source`` and its result stay as they were.

    Answers are matched by the questions' and choices' keys: when the questionnaire changed since,
    a question that no longer exists is dropped, and a new one is left to answer.
    """
    questions = {
        q.key: q for q in Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices")
    }
    given = Answer.objects.filter(attempt=source).select_related("question").prefetch_related("choices")
    with transaction.atomic():
        copy = Attempt.objects.create(
            questionnaire=questionnaire,
            language=language[:8],
            diploma=source.diploma,
            situation=source.situation,
        )
        for answer in given:
            question = questions.get(answer.question.key)
            if question is None:
                continue
            keys = {choice.key for choice in answer.choices.all()}
            choices = [choice for choice in question.choices.all() if choice.key in keys]
            if choices or question.multiple:
                Answer.objects.create(attempt=copy, question=question).choices.set(choices)
    return copy


def answer_record(*, attempt: Attempt, question: Question, choices: Sequence[Choice]) -> None:
    """Record (or replace) the answer to one question. Never doubles an answer.

    The attempt's row is updated first, on the condition that it is not finished: on PostgreSQL
    the ``UPDATE`` locks the row, so two answers to one attempt (two tabs, a double tap, the last
    answer racing the finish) happen one after the other and the condition is checked again once
    the lock is held; on SQLite the transaction holds the database's write lock (``IMMEDIATE``).
    A late answer therefore loses cleanly to the finish: :class:`AnswerRejected`.
    """
    choices = list({c.pk: c for c in choices}.values())
    if question.questionnaire_id != attempt.questionnaire_id:
        raise AnswerRejected("That question is not part of this attempt.")
    if any(c.question_id != question.pk for c in choices):
        raise AnswerRejected("A choice does not belong to this question.")
    if not question.multiple and len(choices) != 1:
        raise AnswerRejected("A single-choice question takes exactly one choice.")
    now = timezone.now()
    changes = {"updated_at": now}
    # The education questions set what the training path starts from.
    if question.asks == Question.Asks.DIPLOMA and choices[0].diploma:
        changes["diploma"] = choices[0].diploma
    elif question.asks == Question.Asks.SITUATION and choices[0].situation:
        changes["situation"] = choices[0].situation
    with transaction.atomic():
        if not Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(**changes):
            raise AttemptFinished("The attempt is finished.")
        answer = Answer.objects.filter(attempt=attempt, question=question).first()
        if answer is None:
            answer = Answer.objects.create(attempt=attempt, question=question)
        else:
            answer.save(update_fields=["updated_at"])
        answer.choices.set(choices)
    for name, value in changes.items():
        setattr(attempt, name, value)


def attempt_finish(*, attempt: Attempt) -> Result:
    """Score the attempt and freeze the result. Idempotent: a double submit gets the same result."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        existing = Result.objects.filter(attempt=locked).first()
        if existing is not None:
            return existing
        version = content_version.current()
        snapshot = build_snapshot(
            locked,
            questions=selectors.scoring_questions(locked.questionnaire_id, version),
            dimensions=selectors.dimensions(version),
            roles=selectors.scoring_roles(version),
            answers=selectors.attempt_answers(locked),
        )
        result = Result.objects.create(attempt=locked, snapshot=snapshot)
        locked.finished_at = timezone.now()
        locked.save(update_fields=["finished_at", "updated_at"])
    attempt.finished_at = locked.finished_at
    return result


def attempt_delete(*, attempt: Attempt) -> None:
    """Delete the attempt with its answers and result (cascade): nothing is kept."""
    attempt.delete()
