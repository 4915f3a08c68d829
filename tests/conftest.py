from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from quiz.models import Questionnaire

# The browser journeys run in a pytest process of their own (`pytest tests/e2e`, as `make test`
# does): they need Django's async-safety check off (tests/e2e/conftest.py), which must not reach
# the other tests. A bare `pytest` therefore leaves them out.
collect_ignore = ["e2e"]


@pytest.fixture(autouse=True)
def _one_rate_limit_window(settings):
    """Limit windows start at multiples of their length (10 minutes by default): a test that
    counts hits against a limit would straddle two windows when run across such a boundary. A
    billion seconds puts the next boundary in 2033."""
    settings.QUIZ_START_RATE_WINDOW = 10**9
    settings.CLASS_JOIN_FAILURE_WINDOW = 10**9


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache holds what is built from the content under a content version that restarts with
    every test's database: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(db):
    """The real seeded content, loaded by the real command."""
    call_command("load_content", dir=settings.CONTENT_DIR, stdout=io.StringIO())
    return Questionnaire.objects.published().get()


@pytest.fixture
def small_quiz(db):
    """Three roles on three dimensions and a four-question questionnaire (level first)."""
    return build_small_quiz()


def build_small_quiz():
    """The small quiz's content (also for module-scoped fixtures, which cannot use ``db``)."""
    from tests.factories import (
        ChoiceFactory,
        DimensionFactory,
        QuestionFactory,
        QuestionnaireFactory,
        RoleFactory,
        RouteFactory,
        TrainingStepFactory,
    )

    questionnaire = QuestionnaireFactory(title="Petit questionnaire")
    level = QuestionFactory(questionnaire=questionnaire, order=0, key="niveau", asks="diploma")
    for code in ("none", "bac", "bac3", "bac5"):
        ChoiceFactory(question=level, key=code, text=code, diploma=code)
    q1 = QuestionFactory(questionnaire=questionnaire, order=1, key="apres-midi")
    ChoiceFactory(question=q1, key="coder", effects={"code": 2})
    ChoiceFactory(question=q1, key="debattre", effects={"ethique": 2})
    ChoiceFactory(question=q1, key="robot", effects={"robots": 2})
    q2 = QuestionFactory(questionnaire=questionnaire, order=2, key="maths")
    ChoiceFactory(question=q2, key="oui", effects={"code": 1})
    ChoiceFactory(question=q2, key="non", effects={"code": -1})
    q3 = QuestionFactory(questionnaire=questionnaire, order=3, key="sujets", kind="multiple")
    ChoiceFactory(question=q3, key="loi", effects={"ethique": 1})
    ChoiceFactory(question=q3, key="capteurs", effects={"robots": 1})
    ChoiceFactory(question=q3, key="python", effects={"code": 1})
    dev = RoleFactory(slug="dev", title="Développeur IA", profile={"code": 5, "ethique": 0, "robots": 0})
    RoleFactory(slug="ethicien", title="Éthicien", profile={"code": 1, "ethique": 5, "robots": 0})
    RoleFactory(slug="roboticien", title="Roboticien", profile={"code": 3, "ethique": 0, "robots": 5})
    general = RouteFactory(role=dev, order=0, title="Du bac général", from_level="bac", to_level="bac5")
    TrainingStepFactory(
        role=dev,
        route=general,
        order=0,
        title="Licence informatique",
        from_level="bac",
        to_level="bac3",
        parcoursup_query="Licence informatique",
    )
    TrainingStepFactory(
        role=dev, route=general, order=1, title="Master informatique", from_level="bac3", to_level="bac5"
    )
    adult = RouteFactory(
        role=dev, order=1, title="En reconversion", audience="adult", from_level="bac", to_level="bac3"
    )
    TrainingStepFactory(role=dev, route=adult, order=0, title="Titre professionnel", to_level="bac3")
    TrainingStepFactory(
        role=dev, title="Projet Python", kind="project", dimensions=[DimensionFactory(slug="code")]
    )
    return questionnaire


EDITORS = "Éditeurs de contenu"


@pytest.fixture
def editors_group(db) -> Group:
    """The content editors' group the data migration creates. A transactional test earlier in the
    session (browser tests, health checks) flushes the tables, so run the migration's own code again."""
    if not Group.objects.filter(name=EDITORS).exists():
        migration = importlib.import_module("quiz.migrations.0002_content_editors_group")
        # The migration toggles models_module on the app configs it is given: restore the real ones.
        modules = {label: apps.get_app_config(label).models_module for label in migration.PERMISSIONS}
        later = importlib.import_module("careers.migrations.0009_editors_edit_sources_routes_and_rome_codes")
        usage = importlib.import_module("quiz.migrations.0010_editors_view_usage")
        files = importlib.import_module("quiz.migrations.0011_content_files_permissions")
        try:
            migration.create_group(apps, None)
            later.grant(apps, None)
            usage.grant(apps, None)
            files.grant(apps, None)
        finally:
            for label, module in modules.items():
                apps.get_app_config(label).models_module = module
    return Group.objects.get(name=EDITORS)


@pytest.fixture
def editor_client(client, editors_group):
    """A content editor, signed in."""
    from django.contrib.auth.models import User

    user = User.objects.create_user("editrice-conftest", password="un-mot-de-passe-solide", is_staff=True)
    user.groups.add(editors_group)
    client.force_login(user)
    return client
