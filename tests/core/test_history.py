"""The content's history: who changed what, the values before and after, and one change reverted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers.models import Role
from core.models import ContentChange
from quiz.models import ChoiceEffect, Question
from tests.quiz.test_admin_publish import _form_data

pytestmark = pytest.mark.django_db


def test_a_role_change_keeps_its_values_and_one_change_is_reverted(editor_client, small_quiz):
    role = Role.objects.get(slug="dev")
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    data["summary"] = "Écrit le code des systèmes d'IA."
    editor_client.post(url, data)
    first = ContentChange.objects.get()
    assert first.before["summary"] == "Un métier de l'IA."
    assert first.after["summary"] == "Écrit le code des systèmes d'IA."

    # A later change to another field (a profile weight) stays when the first one is reverted.
    data = _form_data(editor_client.get(url))
    weight = next(k for k, v in data.items() if k.endswith("-weight") and v == "5")
    data[weight] = "4"
    editor_client.post(url, data)
    assert ContentChange.objects.count() == 2

    history = editor_client.get(reverse("admin:careers_role_history", args=[role.pk])).content.decode()
    assert "Un métier de l&#x27;IA." in history and "Écrit le code des systèmes d&#x27;IA." in history
    assert "editrice-conftest" in history

    response = editor_client.post(reverse("admin:careers_role_revert", args=[role.pk, first.pk]))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == "Un métier de l'IA."
    assert role.weights.get(dimension__slug="code").weight == 4
    first.refresh_from_db()
    assert first.reverted_at is not None
    assert ContentChange.objects.count() == 3  # the revert is a change of its own, revertable too


def test_a_question_change_keeps_its_effects_and_reverts_them(editor_client, small_quiz):
    question = Question.objects.get(key="maths")
    url = reverse("admin:quiz_question_change", args=[question.pk])
    data = _form_data(editor_client.get(url))
    effect = next(k for k, v in data.items() if "effect_code" in k and v == "1")
    data[effect] = "2"
    editor_client.post(url, data)
    change = ContentChange.objects.get()
    assert change.before["effect:oui:code"] == 1 and change.after["effect:oui:code"] == 2
    editor_client.post(reverse("admin:quiz_question_revert", args=[question.pk, change.pk]))
    assert ChoiceEffect.objects.get(choice__question=question, choice__key="oui").value == 1


def test_reverting_needs_a_post_and_the_change_permission(
    client, editor_client, small_quiz, django_user_model
):
    role = Role.objects.get(slug="dev")
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    data["summary"] = "Autre résumé."
    editor_client.post(url, data)
    change = ContentChange.objects.get()
    revert = reverse("admin:careers_role_revert", args=[role.pk, change.pk])
    assert editor_client.get(revert).status_code == 405
    reader = django_user_model.objects.create_user("lecteur", password="x-x-x-x-x-x", is_staff=True)
    from django.test import Client

    other = Client()
    other.force_login(reader)
    assert other.post(revert).status_code == 403
    role.refresh_from_db()
    assert role.summary == "Autre résumé."


def test_a_lists_editable_column_logs_no_values_it_did_not_see(admin_client, small_quiz):
    # Two questions' order changed from the list: each log entry stands alone, no values mixed up.
    questions = list(Question.objects.filter(questionnaire=small_quiz).order_by("order"))
    data = {"form-TOTAL_FORMS": str(len(questions)), "form-INITIAL_FORMS": str(len(questions)), "_save": "1"}
    for index, question in enumerate(questions):
        data[f"form-{index}-id"] = str(question.pk)
        data[f"form-{index}-order"] = str(10 + index)
    response = admin_client.post(reverse("admin:quiz_question_changelist"), data)
    assert response.status_code == 302
    assert ContentChange.objects.count() == 0


def _logged_change(role: Role, before: dict, after: dict) -> ContentChange:
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    entry = LogEntry.objects.create(
        user=get_user_model().objects.get(username="editrice-conftest"),
        content_type=ContentType.objects.get_for_model(Role),
        object_id=str(role.pk),
        object_repr=str(role),
        action_flag=CHANGE,
    )
    return ContentChange.objects.create(log_entry=entry, before=before, after=after)


@pytest.mark.parametrize(
    ("before", "after", "says"),
    [
        # The old slug was taken by another role since: the database refuses it.
        ({"slug": "ancien-slug"}, {"slug": "dev"}, "autre ligne"),
        # Reverting would take a weight out of a published role's profile: it would stop being publishable.
        ({"profile:code": None}, {"profile:code": 5}, "dimension"),
    ],
)
def test_a_revert_that_no_longer_fits_is_refused_with_its_reason(
    editor_client, small_quiz, before, after, says
):
    role = Role.objects.get(slug="dev")
    assert role.is_published
    other = Role.objects.exclude(pk=role.pk).first()
    Role.objects.filter(pk=other.pk).update(slug="ancien-slug")
    weights = dict(role.weights.values_list("dimension__slug", "weight"))
    change = _logged_change(role, before, after)

    response = editor_client.post(
        reverse("admin:careers_role_revert", args=[role.pk, change.pk]), follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ne peut pas être annulée" in page and says in page
    role.refresh_from_db()
    assert role.slug == "dev"
    assert dict(role.weights.values_list("dimension__slug", "weight")) == weights
    change.refresh_from_db()
    assert change.reverted_at is None


def test_a_revert_goes_through_when_the_role_was_already_short_of_a_rule(editor_client, small_quiz):
    """A published role saved before a rule (here: a route whose steps stop short of where it says it
    leads) still takes a revert that brings no problem of its own, as its change form takes such edits."""
    role = Role.objects.get(slug="dev")
    role.routes.filter(title="En reconversion").update(to_level="bac5")  # its one step leads to a bac+3
    assert role.publication_problems()
    Role.objects.filter(pk=role.pk).update(summary="Écrit le code des systèmes d'IA.")
    change = _logged_change(
        role, {"summary": "Un métier de l'IA."}, {"summary": "Écrit le code des systèmes d'IA."}
    )
    response = editor_client.post(reverse("admin:careers_role_revert", args=[role.pk, change.pk]))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == "Un métier de l'IA."
    change.refresh_from_db()
    assert change.reverted_at is not None


def test_line_breaks_posted_by_a_browser_are_not_a_change(editor_client, small_quiz):
    """A textarea comes back with CRLF line breaks: saved as posted, changing the summary would log
    (and export) every multi-line field as changed."""
    role = Role.objects.get(slug="dev")
    Role.objects.filter(pk=role.pk).update(missions="Coder\nTester")
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    data["missions"] = data["missions"].replace("\n", "\r\n")  # what a browser posts
    data["summary"] = "Écrit le code des systèmes d'IA."
    editor_client.post(url, data)
    role.refresh_from_db()
    assert role.missions == "Coder\nTester"
    change = ContentChange.objects.get()
    assert change.before["missions"] == change.after["missions"]
    history = editor_client.get(reverse("admin:careers_role_history", args=[role.pk])).content.decode()
    assert "Coder" not in history  # only the summary is listed as changed
