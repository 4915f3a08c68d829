from __future__ import annotations

import pytest
from django.urls import reverse

from quiz.models import ChoiceEffect, Question
from tests.factories import ChoiceFactory, DimensionFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


def one_choice_form(question, choice, **fields) -> dict:
    """The question's change form with ``choice`` as row 0 and a second, new choice as row 1 (a
    question needs two); ``fields`` override or add keys."""
    return {
        "questionnaire": question.questionnaire_id,
        "order": question.order,
        "key": question.key,
        "text": question.text,
        "help_text": "",
        "kind": "single",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "1",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
        "choices-0-id": choice.pk,
        "choices-0-question": question.pk,
        "choices-0-order": 0,
        "choices-0-key": choice.key,
        "choices-0-text": choice.text,
        "choices-0-level": "",
        "choices-1-question": question.pk,
        "choices-1-order": 1,
        "choices-1-key": "autre",
        "choices-1-text": "Autre",
        **fields,
    }


def test_a_question_needs_two_choices_or_students_could_never_go_on(editor, small_quiz):
    question = QuestionFactory(questionnaire=small_quiz, key="seule", text="Seule ?")
    choice = ChoiceFactory(question=question, key="a", text="A")
    data = one_choice_form(question, choice, **{"choices-TOTAL_FORMS": "1"})  # no second row
    response = editor.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 200
    assert question.choices.count() == 1


def test_a_question_without_choices_is_never_asked(client, small_quiz):
    """Whatever wrote it (not the admin, which refuses it), a question nobody can answer is skipped:
    it cannot stop every quiz at its step."""
    from core import content_version
    from quiz import selectors

    empty = QuestionFactory(questionnaire=small_quiz, order=2, key="vide", text="Vide ?")
    asked = selectors.question_ids(small_quiz.pk, content_version.current())
    assert empty.pk not in asked and len(asked) == small_quiz.questions.count() - 1


def test_a_draft_with_a_question_without_two_choices_cannot_be_published(editor, small_quiz):
    from quiz.content import questionnaire_copy

    draft = questionnaire_copy(questionnaire=small_quiz)
    QuestionFactory(questionnaire=draft, order=9, key="vide", text="Vide ?")
    url = reverse("admin:quiz_questionnaire_publish", args=[draft.pk])
    page = editor.get(url).content.decode()
    assert "La question 9" in page and "a moins de deux choix" in page
    response = editor.post(url, {"accept": "on"})
    draft.refresh_from_db()
    assert response.status_code == 200 and not draft.is_published


def test_the_admin_needs_a_staff_login(client, small_quiz):
    response = client.get(reverse("admin:quiz_question_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_question_page_shows_choices_with_one_effect_field_per_dimension(editor, small_quiz):
    question = small_quiz.questions.get(key="apres-midi")
    response = editor.get(reverse("admin:quiz_question_change", args=[question.pk]))
    assert response.status_code == 200
    assert 'name="choices-0-effect_code"' in response.text
    assert 'name="choices-0-effect_robots"' in response.text


def test_an_editor_sets_a_choice_effect_from_the_grid(editor, small_quiz):
    DimensionFactory(slug="robots")
    question = QuestionFactory(questionnaire=small_quiz, key="nouvelle", text="Nouvelle ?")
    choice = ChoiceFactory(question=question, key="a", text="A", effects={"code": 2})
    data = one_choice_form(
        question,
        choice,
        text="Nouvelle question ?",
        **{"choices-0-effect_code": "", "choices-0-effect_robots": "-1"},
    )
    response = editor.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 302, response.content
    assert dict(ChoiceEffect.objects.filter(choice=choice).values_list("dimension__slug", "value")) == {
        "robots": -1
    }
    assert Question.objects.get(pk=question.pk).text == "Nouvelle question ?"


def test_an_effect_out_of_range_is_refused_in_plain_words(editor, small_quiz):
    question = small_quiz.questions.get(key="maths")
    choice = question.choices.first()
    data = one_choice_form(question, choice, **{"choices-0-effect_code": "5"})
    response = editor.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 200
    assert "inférieure ou égale à 2" in response.text  # the admin speaks French


def test_the_questionnaire_page_warns_when_two_roles_cannot_be_told_apart(editor, small_quiz):
    from careers.models import RoleWeight

    # Make the ethicist a copy of the developer: the questionnaire cannot separate them.
    for weight in RoleWeight.objects.filter(role__slug="dev"):
        RoleWeight.objects.filter(role__slug="ethicien", dimension=weight.dimension).update(
            weight=weight.weight
        )
    response = editor.get(reverse("admin:quiz_questionnaire_change", args=[small_quiz.pk]), follow=True)
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"]]
    assert any("Éthicien" in w or "Développeur IA" in w for w in warnings), warnings


def test_the_questionnaire_page_is_quiet_when_roles_are_distinct(editor, small_quiz):
    response = editor.get(reverse("admin:quiz_questionnaire_change", args=[small_quiz.pk]))
    assert response.status_code == 200
    assert not [m for m in response.context["messages"] if "apart" in str(m) or "distingue" in str(m)]


def test_an_editor_marks_a_choice_as_dont_know(editor, small_quiz):
    question = QuestionFactory(questionnaire=small_quiz, key="aise", text="À l'aise ?")
    choice = ChoiceFactory(question=question, key="nsp", text="Je ne sais pas")
    data = one_choice_form(question, choice, **{"choices-0-dont_know": "on"})
    response = editor.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 302, response.content
    choice.refresh_from_db()
    assert choice.dont_know


def test_a_dont_know_choice_with_an_effect_is_refused(editor, small_quiz):
    question = QuestionFactory(questionnaire=small_quiz, key="aise", text="À l'aise ?")
    choice = ChoiceFactory(question=question, key="nsp", text="Je ne sais pas")
    data = one_choice_form(question, choice, **{"choices-0-dont_know": "on", "choices-0-effect_code": "1"})
    response = editor.post(reverse("admin:quiz_question_change", args=[question.pk]), data)
    assert response.status_code == 200
    assert not ChoiceEffect.objects.filter(choice=choice).exists()
    choice.refresh_from_db()
    assert not choice.dont_know
