"""A result's snapshot reads as tables in the admin, never as raw JSON, and never shows its link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quiz import selectors, services
from quiz.models import Attempt

pytestmark = pytest.mark.django_db


def finished(questionnaire) -> Attempt:
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in selectors.questions_with_effects(questionnaire.pk):
        services.answer_record(attempt=attempt, question=question, choices=[question.choices.all()[0]])
    services.attempt_finish(attempt=attempt)
    return attempt


def test_the_snapshot_is_a_table_of_roles_and_levels(admin_client, small_quiz):
    attempt = finished(small_quiz)
    response = admin_client.get(reverse("admin:quiz_result_change", args=[attempt.result.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'class="snapshot-table"' in text
    for fit in attempt.result.snapshot["fits"]:
        assert fit["title"] in text
    assert '"fits"' not in text and "&quot;fits&quot;" not in text  # no raw JSON
    assert str(attempt.public_id) not in text
