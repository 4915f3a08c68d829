""" "Change my answers": a new quiz prefilled with a result's answers; the old result stays."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from quiz.models import Answer, Attempt, Question
from tests.factories import QuestionFactory, results_url
from tests.quiz.test_views_question import answer_everything, choice_id, q_url

pytestmark = pytest.mark.django_db


def change_url(attempt: Attempt) -> str:
    return reverse("quiz:change_answers", kwargs={"public_id": attempt.public_id})


def chosen_keys(attempt: Attempt) -> dict[str, set[str]]:
    return {
        answer.question.key: {choice.key for choice in answer.choices.all()}
        for answer in Answer.objects.filter(attempt=attempt).select_related("question")
    }


def test_it_starts_a_new_quiz_with_the_same_answers(client, small_quiz):
    old = answer_everything(client)
    snapshot = old.result.snapshot
    response = client.post(change_url(old))
    assert response.status_code == 302 and response["Location"] == q_url(1)
    new = Attempt.objects.exclude(pk=old.pk).get()
    assert not new.is_finished
    assert chosen_keys(new) == chosen_keys(old)
    assert new.diploma == old.diploma
    # The quiz cookie now points to the new attempt: its first question shows the answer kept.
    page = client.get(q_url(1))
    bac = choice_id("niveau", "bac")
    assert f'value="{bac}" id="choice-{bac}" checked' in page.text
    # The old result is untouched and its link still works.
    old.refresh_from_db()
    assert old.result.snapshot == snapshot
    assert client.get(results_url(old)).status_code == 200


def test_changing_one_answer_gives_a_second_result_and_keeps_the_first(client, small_quiz):
    old = answer_everything(client)
    client.post(change_url(old))
    response = client.post(q_url(2), {"choice": choice_id("apres-midi", "robot")})
    assert response["Location"] == q_url(3)
    # Every other answer is there already: the last one finishes.
    finished = client.post(q_url(4), {"choice": [choice_id("sujets", "capteurs")]})
    new = Attempt.objects.exclude(pk=old.pk).get()
    assert finished["Location"] == results_url(new)
    assert chosen_keys(new)["apres-midi"] == {"robot"}
    assert chosen_keys(old)["apres-midi"] == {"coder"}


def test_questions_added_since_are_left_to_answer(client, small_quiz):
    old = answer_everything(client)
    QuestionFactory(questionnaire=small_quiz, order=9, key="nouvelle")
    client.post(change_url(old))
    new = Attempt.objects.exclude(pk=old.pk).get()
    assert "nouvelle" not in chosen_keys(new)
    assert Question.objects.get(key="nouvelle").answers.count() == 0


def test_an_unfinished_or_unknown_attempt_cannot_be_copied(client, small_quiz):
    client.post(reverse("quiz:start"))
    unfinished = Attempt.objects.get()
    assert client.post(change_url(unfinished)).status_code == 404
    unknown = reverse("quiz:change_answers", kwargs={"public_id": uuid.uuid4()})
    assert client.post(unknown).status_code == 404
    assert Attempt.objects.count() == 1


def test_it_counts_as_a_start_for_the_rate_limit(client, small_quiz, settings):
    old = answer_everything(client)
    settings.QUIZ_START_RATE_LIMIT = 1  # the start of answer_everything used the only one
    response = client.post(change_url(old))
    assert response.status_code == 429
    assert Attempt.objects.count() == 1


def test_a_get_is_refused(client, small_quiz):
    old = answer_everything(client)
    assert client.get(change_url(old)).status_code == 405


def test_the_results_page_offers_it_with_a_qr_code_and_the_comparison(client, small_quiz):
    attempt = answer_everything(client)
    html = client.get(results_url(attempt)).text
    assert f'action="{change_url(attempt)}"' in html
    qr = reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id})
    assert f'<img class="qr-code" src="{qr}" alt="QR code du lien pour partager ces résultats"' in html
    top = [fit["role"] for fit in attempt.result.snapshot["fits"][:3]]
    compare = reverse("careers:compare") + "?" + "&amp;".join(f"roles={slug}" for slug in top)
    assert f'href="{compare}"' in html
