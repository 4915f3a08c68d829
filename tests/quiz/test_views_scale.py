"""Query counts of the hot pages at the seeded size and with 1,000 more roles and 200 more
questions (bench/generate.py, what `make bench SCALE=1` loads): the same at both sizes.

The first request after a content change builds what is cached under the content version:
"cold" counts include that; "warm" counts are every later request, what a busy server mostly does.
The content (and the 1,000 roles) is built once per size for the whole module, in a transaction
rolled back at the end, as Django's TestCase.setUpTestData does.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.generate import generate
from quiz import selectors, services
from quiz.models import Attempt, Question
from quiz.presenters import RANKING_SHOWN
from tests.factories import results_url

pytestmark = pytest.mark.django_db

# Warm: the attempt with the content version, the choices ticked in this question's answer.
# Cold: the questionnaire's question ids, then this question and its choices, too.
STEP_GET = {"cold": 5, "warm": 2}
# Warm: the attempt, then the answer (the guarded update of the attempt, the answer, its choices
# read, cleared, checked and inserted) inside the test's savepoint and its release, which a real request
# replaces with BEGIN and COMMIT.
STEP_POST = {"cold": 12, "warm": 10}
# The attempt with its result; its class membership, if any (the "share with my class" box of
# classes/_share_with_class.html: the quiz never imports the classes app, so a query of its own).
# Cold: the slugs of the published roles too (a role unpublished since gets no link), cached.
RESULTS = {"cold": 3, "warm": 2}


@pytest.fixture(scope="module", params=["seeded", "scaled"])
def size(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_content", dir=settings.CONTENT_DIR, stdout=io.StringIO())
            if request.param == "scaled":
                generate(roles=1000, questions=200)
                if connection.vendor == "postgresql":
                    # Autovacuum never sees rows of a transaction still open: without fresh
                    # statistics (ANALYZE counts this transaction's own rows), statistics left by
                    # earlier tests can make the planner loop over thousands of choice effects
                    # (minutes per test in a full run).
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
            yield request.param
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def question_url(position: int) -> str:
    return reverse("quiz:question", kwargs={"position": position})


def single_choice_position(attempt: Attempt) -> int:
    questions = selectors.questions_with_effects(attempt.questionnaire_id)
    for position, question in enumerate(questions, start=1):
        if not question.multiple and question.is_scored and position < len(questions):
            return position
    raise AssertionError("no single-choice question")


def test_a_quiz_step_costs_the_same_queries_at_any_size(client, size, django_assert_max_num_queries):
    assert client.post(reverse("quiz:start")).status_code == 302
    attempt = Attempt.objects.get()
    position = single_choice_position(attempt)
    question = Question.objects.filter(questionnaire=attempt.questionnaire)[position - 1]
    first, second = list(question.choices.all())[:2]
    cache.clear()

    with django_assert_max_num_queries(STEP_GET["cold"]):
        assert client.get(question_url(position)).status_code == 200
    with django_assert_max_num_queries(STEP_GET["warm"]):
        assert client.get(question_url(position)).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(STEP_POST["cold"]):
        response = client.post(question_url(position), {"choice": first.pk})
    assert response["Location"] == question_url(position + 1)
    with django_assert_max_num_queries(STEP_POST["warm"]):
        client.post(question_url(position), {"choice": second.pk})
    assert list(attempt.answers.get(question=question).choices.all()) == [second]


def test_a_quiz_step_reads_only_its_own_question_and_choices(client, size):
    """With 25 or 225 questions a step builds and caches its own question, not the questionnaire:
    reading every question and its choices back from the cache on each step grew with their number."""
    assert client.post(reverse("quiz:start")).status_code == 302
    attempt = Attempt.objects.get()
    position = single_choice_position(attempt)
    question = Question.objects.filter(questionnaire=attempt.questionnaire)[position - 1]
    cache.clear()

    with CaptureQueriesContext(connection) as cold:
        assert client.get(question_url(position)).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(question_url(position)).status_code == 200
    cache.clear()

    # Choice rows are read for this question only (the ids' query asks only whether choices exist).
    reading_choices = [q["sql"] for q in cold.captured_queries if q["sql"].startswith('SELECT "quiz_choice"')]
    assert len(reading_choices) == 1
    assert f'"quiz_choice"."question_id" IN ({question.pk})' in reading_choices[0]
    reading_questions = [q["sql"] for q in cold.captured_queries if 'FROM "quiz_question"' in q["sql"]]
    assert len(reading_questions) == 2  # the ids of the questionnaire's questions, then this one
    assert len(warm.captured_queries) == STEP_GET["warm"]
    assert not [q for q in warm.captured_queries if "quiz_question" in q["sql"] or "quiz_choice" in q["sql"]]


def test_the_results_page_costs_the_same_queries_at_any_size(client, size, django_assert_max_num_queries):
    questionnaire = Question.objects.first().questionnaire
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in selectors.questions_with_effects(attempt.questionnaire_id):
        services.answer_record(attempt=attempt, question=question, choices=list(question.choices.all())[:1])
    services.attempt_finish(attempt=attempt)
    visitor = Client()  # someone the link was shared with: no session

    with django_assert_max_num_queries(RESULTS["cold"]):
        cold = visitor.get(results_url(attempt))
    with django_assert_max_num_queries(RESULTS["warm"]):
        warm = visitor.get(results_url(attempt))
    assert cold.status_code == warm.status_code == 200
    ranking = warm.text[warm.text.index('<ol class="ranking-list">') :]
    ranking = ranking[: ranking.index("</details>")]
    if size == "scaled":  # the 30 closest roles are listed, the other 980 counted
        assert ranking.count("<li>") == RANKING_SHOWN
        assert "Et 980 autres métiers, plus éloignés de tes réponses." in ranking
    else:
        assert ranking.count("<li>") == 10
        assert "autres métiers" not in ranking


@pytest.mark.parametrize("name", ["quiz:landing", "careers:catalogue"])
def test_content_pages_cost_one_query_when_warm(client, size, name, django_assert_max_num_queries):
    client.get(reverse(name))
    with django_assert_max_num_queries(1):
        assert client.get(reverse(name)).status_code == 200
