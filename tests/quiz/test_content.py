from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from careers.models import Dimension, EducationLevel, Role, RoleWeight, TrainingStep
from quiz.models import Choice, ChoiceEffect, Question, Questionnaire, Situation

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Dimension,
            Role,
            RoleWeight,
            TrainingStep,
            Questionnaire,
            Question,
            Choice,
            ChoiceEffect,
        )
    }


def load(**kwargs) -> str:
    out = io.StringIO()
    call_command("load_content", stdout=out, **kwargs)
    return out.getvalue()


def test_the_questionnaire_asks_at_most_26_questions_with_the_diploma_and_the_situation(content):
    questions = content.questions.all()
    assert 20 <= len(questions) <= 26
    diploma = questions.get(asks=Question.Asks.DIPLOMA)
    assert set(diploma.choices.values_list("diploma", flat=True)) == set(EducationLevel.values)
    situation = questions.get(asks=Question.Asks.SITUATION)
    assert set(situation.choices.values_list("situation", flat=True)) == set(Situation.values)
    assert not diploma.choices.filter(effects__isnull=False).exists()
    assert not situation.choices.filter(effects__isnull=False).exists()


def test_every_dimension_is_asked_about_by_several_questions(content):
    for dimension in Dimension.objects.all():
        touched = Question.objects.filter(choices__effects__dimension=dimension).distinct().count()
        assert touched >= 3, dimension


def test_loading_twice_creates_nothing_twice(content):
    before = counts()
    output = load()
    assert counts() == before
    assert "created: nothing" in output


def test_loading_never_overwrites_an_editors_change(content):
    Role.objects.filter(slug="data-scientist").update(summary="Résumé de l'éditrice")
    question = Question.objects.filter(asks="").first()
    question.text = "Question reformulée ?"
    question.save()
    load()
    assert Role.objects.get(slug="data-scientist").summary == "Résumé de l'éditrice"
    assert Question.objects.get(pk=question.pk).text == "Question reformulée ?"


def test_reset_brings_roles_back_and_publishes_a_new_questionnaire(content):
    Role.objects.filter(slug="data-scientist").update(summary="Résumé de l'éditrice")
    load(reset=True)
    files = {r["slug"]: r for r in json.loads((settings.CONTENT_DIR / "roles.json").read_text())}
    assert Role.objects.get(slug="data-scientist").summary == files["data-scientist"]["summary"]
    assert Questionnaire.objects.count() == 2
    assert Questionnaire.objects.published().get() != content


def test_a_missing_role_is_created_again_without_touching_others(content):
    Role.objects.filter(slug="chercheur-ia").delete()
    Role.objects.filter(slug="data-scientist").update(summary="Gardé")
    load()
    assert Role.objects.filter(slug="chercheur-ia").exists()
    assert Role.objects.get(slug="data-scientist").summary == "Gardé"
