"""The quiz's hottest reads and writes, in plain SQL.

Every quiz step reads one student's attempt and the choices already ticked; every answer
writes them. Through the ORM each statement costs ≈ 0.2 ms of query building on these
machines, more than a whole bare view (docs/benchmarks.md), while the statement itself takes a
few microseconds. So these few statements are written out once, here: parameters are always
bound, every table and column name comes from the models and is quoted by the backend. They
run unchanged on SQLite (3.35 or later, for ``RETURNING``) and PostgreSQL; the whole test suite
runs on both.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection

from careers.models import ContentVersion
from quiz.models import Answer, Attempt, Question, Result

_ATTEMPT_FIELDS = ("id", "public_id", "questionnaire_id", "language", "level", "finished_at")
MAX_POSITION = 100_000  # a position in the URL beyond this reads as this (no OFFSET overflow)


@dataclass(frozen=True)
class StepRead:
    """What a quiz step needs to know, read in one statement."""

    attempt: Attempt
    content_version: int
    question_id: int | None  # the attempt's question at the position asked (None past the last)
    chosen: frozenset[int]  # the choices ticked in its answer


@dataclass(frozen=True)
class _Statements:
    attempt: str
    step: str
    chosen: str
    touch_attempt: str
    touch_attempt_level: str
    upsert_answer: str
    clear_choices: str
    add_choice_row: str  # one "(%s, %s)" per choice follows
    result_exists: str


@functools.cache
def _statements(vendor: str) -> _Statements:
    """The statements with this backend's quoted names, written once per process."""
    quote = connection.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def col(model, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    through = Answer.choices.through
    answer_col = col(through, Answer.choices.field.m2m_field_name())
    choice_col = col(through, Answer.choices.field.m2m_reverse_field_name())
    attempt_id, public_id, finished = (
        col(Attempt, "id"),
        col(Attempt, "public_id"),
        col(Attempt, "finished_at"),
    )
    of_attempt, of_question = col(Answer, "attempt"), col(Answer, "question")
    updated = col(Answer, "updated_at")
    touch = f"UPDATE {table(Attempt)} SET {col(Attempt, 'updated_at')} = %s"
    unfinished = f"WHERE {attempt_id} = %s AND {finished} IS NULL"
    question_id, answer_id = col(Question, "id"), col(Answer, "id")
    return _Statements(
        attempt=(
            f"SELECT {', '.join(col(Attempt, name) for name in _ATTEMPT_FIELDS)} "
            f"FROM {table(Attempt)} WHERE {public_id} = %s"
        ),
        # One row per ticked choice (or one row with none): the attempt, the content version
        # (careers.content_cache), the position-th question of the attempt's questionnaire in
        # Question's ordering, and the choices ticked in its answer.
        step=(
            f"SELECT {', '.join('a.' + col(Attempt, name) for name in _ATTEMPT_FIELDS)}, "
            f"v.{col(ContentVersion, 'token')}, q.{question_id}, t.{choice_col} "
            f"FROM {table(Attempt)} a "
            f"LEFT JOIN {table(ContentVersion)} v ON v.{col(ContentVersion, 'id')} = 1 "
            f"LEFT JOIN {table(Question)} q ON q.{question_id} = ("
            f"SELECT q2.{question_id} FROM {table(Question)} q2 "
            f"WHERE q2.{col(Question, 'questionnaire')} = a.{col(Attempt, 'questionnaire')} "
            f"ORDER BY q2.{col(Question, 'order')}, q2.{question_id} LIMIT 1 OFFSET %s) "
            f"LEFT JOIN {table(Answer)} an ON an.{of_attempt} = a.{attempt_id} AND an.{of_question} = q.{question_id} "
            f"LEFT JOIN {table(through)} t ON t.{answer_col} = an.{answer_id} "
            f"WHERE a.{public_id} = %s"
        ),
        chosen=(
            f"SELECT t.{choice_col} FROM {table(through)} t "
            f"INNER JOIN {table(Answer)} a ON a.{col(Answer, 'id')} = t.{answer_col} "
            f"WHERE a.{of_attempt} = %s AND a.{of_question} = %s"
        ),
        touch_attempt=f"{touch} {unfinished}",
        touch_attempt_level=f"{touch}, {col(Attempt, 'level')} = %s {unfinished}",
        upsert_answer=(
            f"INSERT INTO {table(Answer)} ({of_attempt}, {of_question}, {col(Answer, 'created_at')}, {updated}) "
            f"VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT ({of_attempt}, {of_question}) DO UPDATE SET {updated} = EXCLUDED.{updated} "
            f"RETURNING {col(Answer, 'id')}"
        ),
        clear_choices=f"DELETE FROM {table(through)} WHERE {answer_col} = %s",
        add_choice_row=f"INSERT INTO {table(through)} ({answer_col}, {choice_col}) VALUES ",
        result_exists=(
            f"SELECT 1 FROM {table(Attempt)} a INNER JOIN {table(Result)} r "
            f"ON r.{col(Result, 'attempt')} = a.{attempt_id} "
            f"WHERE a.{public_id} = %s AND a.{finished} IS NOT NULL"
        ),
    )


@functools.cache
def _attempt_converters(vendor: str) -> tuple[tuple, ...]:
    """Per selected field, what the ORM applies to a value read from this backend."""
    converters = []
    for name in _ATTEMPT_FIELDS:
        field = Attempt._meta.get_field(name)
        column = field.get_col(Attempt._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        converters.append(tuple((convert, column) for convert in found))
    return tuple(converters)


def _sql() -> _Statements:
    return _statements(connection.vendor)


def _uuid(value: uuid.UUID | str):
    """A public id as this backend stores it; None if it is no UUID at all."""
    try:
        return Attempt._meta.get_field("public_id").get_db_prep_value(value, connection)
    except (TypeError, ValueError, AttributeError, ValidationError):
        return None


def attempt_by_public_id(public_id: uuid.UUID | str) -> Attempt | None:
    """The attempt with this public id (its other fields deferred), or None."""
    key = _uuid(public_id)
    if key is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_sql().attempt, [key])
        row = cursor.fetchone()
    return _attempt(row) if row is not None else None


def step_read(public_id: uuid.UUID | str, position: int) -> StepRead | None:
    """The attempt with this public id, the content version, the attempt's question at this
    position (1-based) and the choices ticked in its answer; None if there is no such attempt."""
    key = _uuid(public_id)
    if key is None:
        return None
    offset = min(max(position - 1, 0), MAX_POSITION)
    with connection.cursor() as cursor:
        cursor.execute(_sql().step, [offset, key])
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(_ATTEMPT_FIELDS)
    first = rows[0]
    return StepRead(
        attempt=_attempt(first[:width]),
        content_version=first[width] or 0,
        question_id=first[width + 1],
        chosen=frozenset(row[width + 2] for row in rows if row[width + 2] is not None),
    )


def _attempt(row) -> Attempt:
    """An Attempt from the selected columns, converted as the ORM converts them (dates, UUIDs…)."""
    values = []
    for value, converters in zip(row, _attempt_converters(connection.vendor), strict=True):
        for convert, column in converters:
            value = convert(value, column, connection)
        values.append(value)
    return Attempt.from_db(connection.alias, _ATTEMPT_FIELDS, values)


def chosen_choice_ids(attempt_id: int, question_id: int) -> set[int]:
    """The choices ticked in this attempt's answer to this question (empty if unanswered)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql().chosen, [attempt_id, question_id])
        return {row[0] for row in cursor.fetchall()}


def answer_write(
    *, attempt_id: int, question_id: int, choice_ids: Iterable[int], level: str, now: dt.datetime
) -> bool:
    """Store the answer (replacing any earlier one); False if the attempt is finished.

    Call it inside a transaction. The attempt's row is updated first: on PostgreSQL the
    ``UPDATE`` locks it, so two writes to one attempt (two tabs, a double tap, the last
    answer racing the finish) happen one after the other, and the ``finished_at IS NULL``
    condition is checked again once the lock is held; on SQLite the transaction already holds
    the database's write lock (``IMMEDIATE``).
    """
    statements = _sql()
    stamp = connection.ops.adapt_datetimefield_value(now)
    choice_ids = list(choice_ids)
    with connection.cursor() as cursor:
        if level:
            cursor.execute(statements.touch_attempt_level, [stamp, level, attempt_id])
        else:
            cursor.execute(statements.touch_attempt, [stamp, attempt_id])
        if cursor.rowcount == 0:
            return False
        cursor.execute(statements.upsert_answer, [attempt_id, question_id, stamp, stamp])
        answer_id = cursor.fetchone()[0]
        cursor.execute(statements.clear_choices, [answer_id])
        if choice_ids:
            cursor.execute(
                statements.add_choice_row + ", ".join(["(%s, %s)"] * len(choice_ids)),
                [value for choice_id in choice_ids for value in (answer_id, choice_id)],
            )
    return True


def result_exists(public_id: uuid.UUID | str) -> bool:
    """Whether this attempt is finished and its result stored (the results page asks on every view,
    then serves the page it keeps: careers.content_cache)."""
    key = _uuid(public_id)
    if key is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(_sql().result_exists, [key])
        return cursor.fetchone() is not None
