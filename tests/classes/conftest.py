from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from classes.models import ClassMembership, ClassSession
from tests.factories import ClassSessionFactory, TeacherFactory
from tests.quiz.test_views_question import answer_everything_from

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def teacher(db):
    return TeacherFactory(username="prof-principal")


@pytest.fixture
def teacher_client(teacher) -> Client:
    client = Client()
    client.force_login(teacher)
    return client


@pytest.fixture
def class_session(teacher) -> ClassSession:
    return ClassSessionFactory(owner=teacher, name="2nde B — 12 mars")


def join(client: Client, code: str):
    return client.post(reverse("classes:join"), {"code": code})


def finish_in_class(session: ClassSession, client: Client | None = None) -> ClassMembership:
    """A student joins by code with their own browser and answers every question of small_quiz."""
    client = client or Client()
    response = join(client, session.code)
    assert response.status_code == 302, response.content
    answer_everything_from(client, 1)
    membership = ClassMembership.objects.select_related("attempt").latest("joined_at")
    assert membership.attempt.is_finished
    return membership
