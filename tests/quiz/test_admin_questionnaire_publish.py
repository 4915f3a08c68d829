"""A questionnaire change goes to a draft copy, previewed (quality side by side), then published as a
new version; quizzes in progress keep theirs."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from quiz import selectors, services
from quiz.content import questionnaire_copy
from quiz.impact import PREVIEW_STUDENTS_PER_ROLE, questionnaire_impact
from quiz.models import ChoiceEffect, Questionnaire

pytestmark = pytest.mark.django_db


def evaluate_json() -> dict:
    out = io.StringIO()
    call_command("evaluate_quiz", "--json", "--per-role", str(PREVIEW_STUDENTS_PER_ROLE), stdout=out)
    return json.loads(out.getvalue())


def publish_url(questionnaire) -> str:
    return reverse("admin:quiz_questionnaire_publish", args=[questionnaire.pk])


def test_a_draft_is_previewed_then_published_and_quizzes_in_progress_keep_theirs(editor_client, small_quiz):
    in_progress = services.attempt_start(questionnaire=small_quiz, language="fr")
    draft = questionnaire_copy(questionnaire=small_quiz)
    ChoiceEffect.objects.filter(choice__question__questionnaire=draft, choice__key="oui").update(value=2)
    impact = questionnaire_impact(draft)
    assert impact.without.as_dict() == evaluate_json()  # the published questionnaire, as evaluate_quiz

    page = editor_client.get(publish_url(draft)).content.decode()
    for row in impact.rows:
        assert row.without in page and row.with_ in page
    response = editor_client.post(publish_url(draft), {"accept": "on"} if impact.broken else {})
    assert response.status_code == 302
    assert Questionnaire.objects.published().get() == draft
    assert impact.with_.as_dict() == evaluate_json()  # the draft, now published

    # The quiz started before goes on with the questions it started with.
    question = selectors.questions_with_effects(small_quiz.pk)[0]
    services.answer_record(attempt=in_progress, question=question, choices=[question.choices.all()[0]])
    assert in_progress.answers.count() == 1


def test_a_draft_that_breaks_a_target_needs_a_confirmation_naming_it(editor_client, small_quiz):
    draft = questionnaire_copy(questionnaire=small_quiz)
    # Every choice now says the same thing about the student: the quiz can no longer tell roles apart.
    ChoiceEffect.objects.filter(choice__question__questionnaire=draft).exclude(
        dimension__slug="code"
    ).delete()
    ChoiceEffect.objects.filter(choice__question__questionnaire=draft).update(value=1)
    broken = questionnaire_impact(draft).broken
    assert broken
    response = editor_client.post(publish_url(draft), {})
    text = response.content.decode()
    assert "Publier quand même" in text and "passe sous son objectif" in text
    assert Questionnaire.objects.published().get() == small_quiz
    editor_client.post(publish_url(draft), {"accept": "on"})
    assert Questionnaire.objects.published().get() == draft


def test_the_published_questionnaire_has_no_publish_page_and_no_publish_box(editor_client, small_quiz):
    assert editor_client.get(publish_url(small_quiz)).status_code == 403
    page = editor_client.get(
        reverse("admin:quiz_questionnaire_change", args=[small_quiz.pk])
    ).content.decode()
    assert 'name="is_published"' not in page
