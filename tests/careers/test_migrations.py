"""The data migrations that give existing content its content keys."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("careers", "0005_role_pictogram"), ("quiz", "0004_diploma_and_situation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_existing_dimensions_roles_and_questionnaires_get_their_content_keys():
    old = migrate(BEFORE)
    old.get_model("careers", "Dimension").objects.create(slug="code", name="Code", kind="skill")
    old.get_model("careers", "Role").objects.create(
        slug="data-scientist", title="Data scientist", summary="…"
    )
    old.get_model("quiz", "Questionnaire").objects.create(title="Questionnaire Cap IA", is_published=True)
    latest = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert latest.get_model("careers", "Dimension").objects.get().content_key == "code"
    assert latest.get_model("careers", "Role").objects.get().content_key == "data-scientist"
    assert latest.get_model("quiz", "Questionnaire").objects.get().content_key == "questionnaire-cap-ia"
