"""The migration that gives existing attempts their share id."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("quiz", "0011_content_files_permissions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_attempts_get_each_their_own_share_id():
    old = migrate(BEFORE)
    questionnaire = old.get_model("quiz", "Questionnaire").objects.create(title="Questionnaire Cap IA")
    Attempt = old.get_model("quiz", "Attempt")
    attempts = [Attempt.objects.create(questionnaire=questionnaire) for _ in range(3)]
    # A result and an answer point at the first one, as in a real database.
    old.get_model("quiz", "Result").objects.create(attempt=attempts[0], snapshot={})
    question = old.get_model("quiz", "Question").objects.create(
        questionnaire=questionnaire, text="?", order=1
    )
    old.get_model("quiz", "Answer").objects.create(attempt=attempts[0], question=question)

    latest = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Attempt = latest.get_model("quiz", "Attempt")
    rows = list(Attempt.objects.values_list("public_id", "share_id"))
    share_ids = {share_id for _, share_id in rows}
    assert len(rows) == 3 and len(share_ids) == 3 and None not in share_ids
    assert not share_ids & {public_id for public_id, _ in rows}
    # Unique from now on, and new attempts get theirs by default.
    fresh = Attempt.objects.create(questionnaire_id=questionnaire.pk)
    assert isinstance(fresh.share_id, uuid.UUID) and fresh.share_id not in share_ids
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.filter(pk=fresh.pk).update(share_id=rows[0][1])
