"""How the quiz is used: counts only, for the editors, and the same queries for 10 attempts or 100,000."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quiz import selectors, services
from quiz.models import Answer, AnswerChoice, Attempt, Question, Result

pytestmark = pytest.mark.django_db
URL = reverse("admin:quiz_usage")


def answer_all(questionnaire, pick: int = 0, stop: int | None = None) -> Attempt:
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for at, question in enumerate(selectors.questions_with_effects(questionnaire.pk)):
        if stop is not None and at >= stop:
            return attempt
        choices = list(question.choices.all())
        services.answer_record(
            attempt=attempt, question=question, choices=[choices[min(pick, len(choices) - 1)]]
        )
    services.attempt_finish(attempt=attempt)
    return attempt


def test_only_staff_with_the_usage_permission_see_it(editor_client, small_quiz, django_user_model):
    assert editor_client.get(URL).status_code == 200
    assert f'href="{URL}"' in editor_client.get(reverse("admin:index")).content.decode()
    staff = django_user_model.objects.create_user("curieux", password="x-x-x-x-x-x", is_staff=True)
    other = Client()
    other.force_login(staff)
    assert other.get(URL).status_code == 403
    assert f'href="{URL}"' not in other.get(reverse("admin:index")).content.decode()
    assert Client().get(URL).status_code == 302


def test_it_counts_starts_finishes_stops_and_answers(editor_client, small_quiz):
    for _ in range(3):
        answer_all(small_quiz)
    answer_all(small_quiz, stop=2)  # stops before the third question
    response = editor_client.get(URL)
    report = response.context["report"]
    assert (report.started, report.finished) == (4, 3)
    assert [q.reached for q in report.questions] == [4, 4, 3, 3]
    assert [q.stopped for q in report.questions] == [0, 0, 1, 0]
    assert report.results == 3
    assert sum(r.count for r in report.first_roles) == 3
    assert all(r.predicted is not None for r in report.first_roles)
    text = response.content.decode()
    assert "<svg" in text and "<table" in text


def test_it_flags_a_choice_nobody_picks_and_a_question_everyone_answers_alike(editor_client, small_quiz):
    for _ in range(20):
        answer_all(small_quiz, pick=0)
    report = editor_client.get(URL).context["report"]
    first = report.questions[1]
    assert first.same_answer
    assert (
        first.never_picked == [c.text for c in Question.objects.get(pk=_qid(small_quiz, 1)).choices.all()][1:]
    )


def _qid(questionnaire, index: int) -> int:
    return list(questionnaire.questions.values_list("pk", flat=True))[index]


def test_the_date_range_filters_and_the_csv_downloads(editor_client, small_quiz):
    answer_all(small_quiz)
    old = answer_all(small_quiz)
    Attempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=90))
    assert editor_client.get(URL).context["report"].started == 1
    today = timezone.localdate()
    longer = {"start": (today - datetime.timedelta(days=100)).isoformat(), "end": today.isoformat()}
    assert editor_client.get(URL, longer).context["report"].started == 2
    response = editor_client.get(URL, {**longer, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "completion rate" in response.content.decode()
    assert editor_client.get(URL, {"start": "2026-02-01", "end": "2026-01-01"}).status_code == 200


# --- Volume: the same queries with 10 attempts or 100,000 -----------------------------------------

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
