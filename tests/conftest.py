from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from quiz.models import Questionnaire

# The browser journeys run in a pytest process of their own (`pytest tests/e2e`, as `make test`
# does): they need Django's async-safety check off (tests/e2e/conftest.py), which must not reach
# the other tests. A bare `pytest` therefore leaves them out.
collect_ignore = ["e2e"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache holds rate-limit counters and what is built from the content: every test starts
    with none."""
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
    from tests.factories import (
        ChoiceFactory,
        QuestionFactory,
        QuestionnaireFactory,
        RoleFactory,
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
    TrainingStepFactory(role=dev, title="Licence informatique", from_level="bac", to_level="bac3")
    TrainingStepFactory(role=dev, title="Projet Python", kind="project")
    return questionnaire
