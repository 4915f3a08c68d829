"""Content edits cannot destroy students' data: what students answered cannot be deleted, and
the admin says why and what to do instead (copy the questionnaire, retire the question there)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from quiz import selectors, services
from quiz.models import Answer, AnswerChoice, Attempt, Choice, ChoiceEffect, Question, Questionnaire
from tests.factories import QuestionFactory
from tests.quiz.test_admin_access import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editors_group")]


@pytest.fixture
def editor(editors_group) -> Client:
    user = User.objects.create_user("editrice", password="un-mot-de-passe-solide", is_staff=True)
    user.groups.add(editors_group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def answered(small_quiz) -> Attempt:
    """A finished quiz whose answer to "apres-midi" is "coder"."""
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    for question in selectors.questions_with_effects(small_quiz.pk):
        choices = (
            question.choices.filter(key="coder")
            if question.key == "apres-midi"
            else question.choices.all()[:1]
        )
        services.answer_record(attempt=attempt, question=question, choices=list(choices))
    services.attempt_finish(attempt=attempt)
    return attempt


def question(key: str) -> Question:
    return Question.objects.get(key=key)


def saved_data() -> tuple:
    return (
        Answer.objects.count(),
        AnswerChoice.objects.count(),
        Choice.objects.count(),
        Question.objects.count(),
    )


def test_an_answered_question_or_choice_cannot_be_deleted(answered):
    with pytest.raises(ProtectedError):
        question("apres-midi").delete()
    with pytest.raises(ProtectedError):
        Choice.objects.get(key="coder").delete()
    # A choice nobody ticked, and a question nobody answered, can go.
    Choice.objects.get(key="robot").delete()
    QuestionFactory(questionnaire=answered.questionnaire).delete()


def test_deleting_an_attempt_still_deletes_its_answers(answered):
    services.attempt_delete(attempt=answered)
    assert not Answer.objects.exists()
    assert not AnswerChoice.objects.exists()
    assert Choice.objects.filter(key="coder").exists()


def test_the_delete_page_of_an_answered_question_says_why_and_what_to_do(editor, answered):
    url = reverse("admin:quiz_question_delete", args=[question("apres-midi").pk])
    page = editor.get(url)
    assert page.status_code == 200
    assert "Students answered this question" in page.text or "Des élèves ont répondu" in page.text
    before = saved_data()
    refused = editor.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert saved_data() == before


def test_deleting_answered_questions_from_the_list_is_refused(editor, answered):
    before = saved_data()
    response = editor.post(
        reverse("admin:quiz_question_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [q.pk for q in Question.objects.all()],
            "post": "yes",
        },
    )
    assert response.status_code == 200
    assert "Students answered this question" in response.text or "Des élèves ont répondu" in response.text
    assert saved_data() == before


def test_removing_a_ticked_choice_from_its_question_is_refused_with_a_reason(editor, answered):
    url = reverse("admin:quiz_question_change", args=[question("apres-midi").pk])
    data = change_form_data(editor.get(url))
    row = next(k for k, v in data.items() if k.endswith("-key") and v == "coder").removesuffix("-key")
    before = saved_data()
    response = editor.post(url, data | {f"{row}-DELETE": "on"})
    assert response.status_code == 200
    assert "Students ticked this choice" in response.text or "Des élèves ont coché ce choix" in response.text
    assert saved_data() == before
    # A choice nobody ticked goes as before.
    row = next(k for k, v in data.items() if k.endswith("-key") and v == "robot").removesuffix("-key")
    assert editor.post(url, data | {f"{row}-DELETE": "on"}).status_code == 302
    assert not Choice.objects.filter(key="robot").exists()


def test_removing_an_answered_question_from_its_questionnaire_is_refused(editor, answered):
    url = reverse("admin:quiz_questionnaire_change", args=[answered.questionnaire_id])
    data = change_form_data(editor.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(question("maths").pk))
    before = saved_data()
    response = editor.post(url, data | {row.replace("-id", "-DELETE"): "on"})
    assert response.status_code == 200
    assert "Students answered this question" in response.text or "Des élèves ont répondu" in response.text
    assert saved_data() == before


def test_a_taken_questionnaire_cannot_be_deleted_and_the_page_says_to_unpublish_it(editor, answered):
    url = reverse("admin:quiz_questionnaire_delete", args=[answered.questionnaire_id])
    page = editor.get(url)
    assert "Unpublish it instead" in page.text or "Dépubliez-le plutôt" in page.text
    editor.post(url, {"post": "yes"})
    assert Questionnaire.objects.filter(pk=answered.questionnaire_id).exists()


def test_an_editor_retires_an_answered_question_through_a_copy(editor, answered):
    original = answered.questionnaire
    response = editor.post(
        reverse("admin:quiz_questionnaire_changelist"), {"action": "copy", "_selected_action": [original.pk]}
    )
    assert response.status_code == 302
    copy = Questionnaire.objects.exclude(pk=original.pk).get()
    assert not copy.is_published
    assert copy.content_key == original.content_key
    assert sorted(copy.questions.values_list("key", flat=True)) == sorted(
        original.questions.values_list("key", flat=True)
    )
    assert (
        ChoiceEffect.objects.filter(choice__question__questionnaire=copy).count()
        == ChoiceEffect.objects.filter(choice__question__questionnaire=original).count()
    )
    # In the copy nobody answered anything: the question goes.
    retired = copy.questions.get(key="maths")
    assert (
        editor.post(reverse("admin:quiz_question_delete", args=[retired.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not copy.questions.filter(key="maths").exists()
    assert original.questions.filter(key="maths").exists()
    assert answered.answers.count() == original.questions.count()
