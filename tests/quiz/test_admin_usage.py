"""How the quiz is used: counts only, for the editors, and the same queries for 10 attempts or 100,000."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quiz import selectors, services
from quiz.models import Attempt, Question

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


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "9999-12-31", "end": "9999-12-31"}, "Choisissez une date jusqu’à aujourd’hui."),
        ({"end": "9999-12-31"}, "Choisissez une date jusqu’à aujourd’hui."),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "La date de début est après la date de fin."),
    ],
)
def test_a_wrong_range_is_a_form_error_and_the_last_30_days_are_shown(
    editor_client, small_quiz, query, message
):
    response = editor_client.get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    report = response.context["report"]
    assert report.end == timezone.localdate() and (report.end - report.start).days == 29
