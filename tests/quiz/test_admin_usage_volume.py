"""How the quiz is used, at volume: the same queries with 100,000 attempts as with 10, counts only.

In a module of its own: its data is built once, outside the tests' transactions, and removed when the
module ends, so no other test ever sees it.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quiz.models import Answer, AnswerChoice, Attempt, Result

URL = reverse("admin:quiz_usage")

VOLUME = 100_000
DAYS = 50


@pytest.fixture(scope="module")
def volume(django_db_setup, django_db_blocker):
    """100,000 attempts over 50 days (one answer each, four in five finished with a result), and 10
    attempts on a day of their own; built once for the module, removed after it."""
    from tests.conftest import build_small_quiz

    with django_db_blocker.unblock():
        questionnaire = build_small_quiz()
        question = questionnaire.questions.order_by("order").last()
        choices = list(question.choices.all())
        snapshot = {"fits": [{"role": "dev"}], "low_confidence": False}
        now = timezone.now()
        for day in range(DAYS + 1):
            size = 10 if day == DAYS else VOLUME // DAYS
            attempts = Attempt.objects.bulk_create(
                Attempt(questionnaire=questionnaire, finished_at=now if i % 5 else None) for i in range(size)
            )
            Attempt.objects.filter(pk__in=[a.pk for a in attempts]).update(
                created_at=now - datetime.timedelta(days=day + (400 if day == DAYS else 0))
            )
            answers = Answer.objects.bulk_create(Answer(attempt=a, question=question) for a in attempts)
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, choice=choices[i % len(choices)])
                for i, answer in enumerate(answers)
            )
            Result.objects.bulk_create(
                Result(attempt=a, snapshot=snapshot) for a in attempts if a.finished_at
            )
        yield questionnaire
        # Table by table, children first, each one DELETE: a receiver of every model's post_delete
        # would make delete() load the 100,000 rows one by one.
        for model in (Result, AnswerChoice, Answer, Attempt):
            rows = model.objects.all()
            rows._raw_delete(rows.db)
        questionnaire.questions.all().delete()
        questionnaire.delete()
        from careers.models import Dimension, Role

        Role.objects.all().delete()
        Dimension.objects.all().delete()


@pytest.mark.django_db
def test_the_page_reads_the_same_queries_with_100000_attempts_as_with_10(volume, editor_client):
    today = timezone.localdate()
    few = {
        "start": (today - datetime.timedelta(days=DAYS + 400)).isoformat(),
        "end": (today - datetime.timedelta(days=DAYS + 400)).isoformat(),
    }
    many = {"start": (today - datetime.timedelta(days=DAYS)).isoformat(), "end": today.isoformat()}
    editor_client.get(URL, few)  # the fairness prediction is built once and cached
    with CaptureQueriesContext(connection) as small:
        response = editor_client.get(URL, few)
    assert response.context["report"].started == 10
    with CaptureQueriesContext(connection) as large:
        response = editor_client.get(URL, many)
    assert response.context["report"].started == VOLUME
    assert len(large) == len(small), [q["sql"][:120] for q in large]
    text = response.content.decode()
    # Counts only: no attempt's secret id, no link to an attempt or a result.
    some = Attempt.objects.order_by("?").first()
    assert str(some.public_id) not in text
    assert "/admin/quiz/attempt/" + str(some.pk) not in text
    assert "/admin/quiz/result/" not in text
