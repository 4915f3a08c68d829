"""A finished result is a snapshot: editors may delete or rewrite anything afterwards.

Runs on both databases; on PostgreSQL the snapshot is stored as jsonb (keys
reordered, numbers re-encoded), which the page must not notice either.
"""

from __future__ import annotations

import re

import pytest

from careers.models import Dimension, Role, RoleWeight, TrainingStep
from quiz.models import Choice, Question
from tests.factories import results_url
from tests.quiz.test_views_question import answer_everything
from tests.quiz.test_views_results import main_content

pytestmark = pytest.mark.django_db


def ranking(attempt) -> list[tuple[str, float]]:
    attempt.result.refresh_from_db()
    return [(fit["title"], fit["score"]) for fit in attempt.result.snapshot["fits"]]


def test_a_result_survives_deleting_and_rewriting_roles_and_questions(client, small_quiz):
    attempt = answer_everything(client)
    before_ranking = ranking(attempt)
    before = client.get(results_url(attempt))
    assert before.status_code == 200
    titles = [title for title, _ in before_ranking]
    assert titles[0] == "Développeur IA"
    assert sorted(titles) == ["Développeur IA", "Roboticien", "Éthicien"]
    positions = [before.text.index(title) for title in titles]
    assert positions == sorted(positions)  # the page shows the ranking in order

    # Everything the page was built from changes or disappears.
    Role.objects.filter(slug="roboticien").delete()
    Role.objects.filter(slug="dev").update(title="Titre réécrit", summary="Résumé réécrit")
    RoleWeight.objects.filter(role__slug="ethicien").update(weight=0)
    TrainingStep.objects.all().delete()
    Question.objects.filter(key="apres-midi").update(text="Question réécrite ?")
    Choice.objects.filter(key="coder").update(text="Réponse réécrite")
    # An answered question cannot be deleted any more (tests/quiz/test_admin_deletion.py): reworded.
    Question.objects.filter(key="maths").update(text="Autre question réécrite ?")
    for dimension in Dimension.objects.all():
        dimension.name = f"{dimension.name} réécrite"
        dimension.save(update_fields=["name"])

    after = client.get(results_url(attempt))
    assert after.status_code == 200
    assert ranking(attempt) == before_ranking
    # Only the deleted role's page is no longer linked (it would be a 404); all else is as it was.
    gone = "/metiers/roboticien/"
    assert gone not in after.text
    expected = re.sub(
        rf'\s*<p class="no-print"><a href="{gone}">[^<]*</a></p>', "\n    ", main_content(before.text)
    )
    expected = expected.replace(f'<a href="{gone}">Roboticien</a>', "Roboticien")
    assert main_content(after.text) == expected
    assert "réécri" not in after.text
