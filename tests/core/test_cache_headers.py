"""What caches may keep: nothing shared (every page has its visitor's CSRF token and nonce),
nothing at all of a quiz or a result; one copy per language cookie and per htmx fragment.
HEAD answers wherever GET does (uptime monitors, link previews)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests.factories import RoleFactory, results_url, shared_url
from tests.quiz.test_views_question import answer_everything_from, q_url, started

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip() for part in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("name", ["quiz:landing", "quiz:privacy", "careers:catalogue", "careers:compare"])
def test_content_pages_are_private_and_vary_on_the_language_cookie(client, small_quiz, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert "Cookie" in vary(response)


def test_a_role_page_is_private(client):
    role = RoleFactory()
    response = client.get(role.get_absolute_url())
    assert "private" in cache_control(response) and "Cookie" in vary(response)


def test_the_catalogue_fragment_varies_on_htmx(client):
    response = client.get(reverse("careers:catalogue"), headers={"HX-Request": "true"})
    assert {"HX-Request", "HX-History-Restore-Request", "Cookie"} <= vary(response)


def test_quiz_and_results_pages_are_never_stored(client, small_quiz):
    attempt = started(client)
    step = client.get(q_url(1))
    answer_everything_from(client, 1)
    for response in (
        step,
        client.get(results_url(attempt)),
        client.get(shared_url(attempt)),
        client.get(reverse("quiz:delete", kwargs={"public_id": attempt.public_id})),
    ):
        assert response.status_code == 200
        assert {"no-store", "private"} <= cache_control(response)
        assert get_max_age(response) == 0


@pytest.mark.parametrize("name", ["quiz:landing", "quiz:privacy", "careers:catalogue", "careers:compare"])
def test_head_answers_wherever_get_does(client, small_quiz, name):
    response = client.head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""


def test_head_answers_on_a_role_page_a_question_and_a_result(client, small_quiz):
    role = RoleFactory()
    assert client.head(role.get_absolute_url()).status_code == 200
    attempt = started(client)
    assert client.head(q_url(1)).status_code == 200
    answer_everything_from(client, 1)
    assert client.head(results_url(attempt)).status_code == 200
    assert client.head(shared_url(attempt)).status_code == 200
