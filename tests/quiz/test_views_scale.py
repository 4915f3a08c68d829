"""Query counts of the hot pages at the seeded size and with 1,000 more roles and 200 more
questions (bench/generate.py, what `make bench SCALE=1` loads): the same at both sizes.

The first request of a process builds what it keeps (careers.content_cache): "cold" counts
include that; "warm" counts are every later request, what a busy server mostly does.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bench.generate import generate
from careers import content_cache
from quiz import services
from quiz.models import Attempt, Question
from quiz.presenters import RANKING_SHOWN
from tests.factories import results_url

pytestmark = pytest.mark.django_db

# Warm: one statement (quiz.sql.step_read: the attempt, the content version, the question at
# this position and the choices ticked). Cold: the questionnaire's questions and their choices
# too (quiz.cached).
STEP_GET = {"cold": 3, "warm": 1}
# Warm: the same statement, then the answer (quiz.sql.answer_write: touch the attempt, upsert
# the answer, clear and insert its choices) inside the test's savepoint and its release, which
# a real request replaces with BEGIN and COMMIT.
STEP_POST = {"cold": 9, "warm": 7}
# Warm: the attempt with its result, without the snapshot. Cold: the snapshot too.
RESULTS = {"cold": 2, "warm": 1}


@pytest.fixture(params=["seeded", "scaled"])
def size(request, content):
    if request.param == "scaled":
        generate(roles=1000, questions=200)
    return request.param


def question_url(position: int) -> str:
    return reverse("quiz:question", kwargs={"position": position})


def single_choice_position(attempt: Attempt) -> int:
    questions = services.questionnaire_questions(attempt.questionnaire)
    for position, question in enumerate(questions, start=1):
        if not question.multiple and not question.asks_level and position < len(questions):
            return position
    raise AssertionError("no single-choice question")


def test_a_quiz_step_costs_the_same_queries_at_any_size(client, size, django_assert_max_num_queries):
    assert client.post(reverse("quiz:start")).status_code == 302
    attempt = Attempt.objects.get()
    position = single_choice_position(attempt)
    question = Question.objects.filter(questionnaire=attempt.questionnaire)[position - 1]
    first, second = list(question.choices.all())[:2]
    content_cache.clear()

    with django_assert_max_num_queries(STEP_GET["cold"]):
        assert client.get(question_url(position)).status_code == 200
    with django_assert_max_num_queries(STEP_GET["warm"]):
        assert client.get(question_url(position)).status_code == 200
    content_cache.clear()
    with django_assert_max_num_queries(STEP_POST["cold"]):
        response = client.post(question_url(position), {"choice": first.pk})
    assert response["Location"] == question_url(position + 1)
    with django_assert_max_num_queries(STEP_POST["warm"]):
        client.post(question_url(position), {"choice": second.pk})
    assert list(attempt.answers.get(question=question).choices.all()) == [second]


def test_the_results_page_costs_the_same_queries_at_any_size(client, size, django_assert_max_num_queries):
    questionnaire = Question.objects.first().questionnaire
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in services.questionnaire_questions(attempt.questionnaire):
        services.answer_record(attempt=attempt, question=question, choices=list(question.choices.all())[:1])
    services.attempt_finish(attempt=attempt)
    visitor = Client()  # someone the link was shared with: no session

    with django_assert_max_num_queries(RESULTS["cold"]):
        cold = visitor.get(results_url(attempt))
    with django_assert_max_num_queries(RESULTS["warm"]):
        warm = visitor.get(results_url(attempt))
    assert cold.status_code == warm.status_code == 200
    main = cold.text[cold.text.index("<main") : cold.text.index('<section class="share')]
    assert main in warm.text
    ranking = warm.text[warm.text.index('<ol class="ranking-list">') :]
    ranking = ranking[: ranking.index("</section>")]
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
