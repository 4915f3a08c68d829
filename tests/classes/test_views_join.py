from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classes.models import ClassMembership
from core.models import RateLimitCounter
from tests.classes.conftest import join
from tests.factories import ClassSessionFactory

pytestmark = pytest.mark.django_db


def test_the_landing_page_links_to_the_class_code_form(client, small_quiz):
    response = client.get(reverse("quiz:landing"))
    assert reverse("classes:join") in response.text
    assert "J'ai un code de classe" in response.text


def test_joining_with_the_code_starts_an_anonymous_quiz_in_the_class(client, small_quiz, class_session):
    response = join(client, class_session.display_code.lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz:question", kwargs={"position": 1})
    membership = ClassMembership.objects.get()
    assert membership.session == class_session and membership.number == 1
    assert not membership.shared and membership.pseudonym == ""
    # The quiz cookie now holds this attempt: the first question opens.
    assert client.get(reverse("quiz:question", kwargs={"position": 1})).status_code == 200
    assert RateLimitCounter.objects.filter(key__startswith="class-join").count() == 0  # success is free


def test_students_get_numbers_in_order_of_arrival(small_quiz, class_session):
    from django.test import Client

    for _ in range(3):
        assert join(Client(), class_session.code).status_code == 302
    assert list(ClassMembership.objects.values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(
    "make",
    [
        lambda: "ABCD2345",  # nobody's
        lambda: "abc",  # not even a code
        lambda: ClassSessionFactory(closed_at=timezone.now()).code,
        lambda: (
            ClassSessionFactory(
                created_at=timezone.now() - timedelta(days=20), expires_at=timezone.now() - timedelta(days=1)
            ).code
        ),
    ],
    ids=["unknown", "malformed", "closed", "expired"],
)
def test_a_wrong_closed_or_expired_code_gets_a_clear_page_and_counts(client, small_quiz, make):
    response = join(client, make())
    assert response.status_code == 404
    assert "ne permet de rejoindre aucune classe" in response.text
    assert 'role="alert"' in response.text
    assert not ClassMembership.objects.exists()
    assert RateLimitCounter.objects.get(key__startswith="class-join").count == 1


def test_too_many_wrong_codes_lock_the_form_even_for_the_right_code(
    client, small_quiz, class_session, settings
):
    settings.CLASS_JOIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert join(client, "ZZZZ2222").status_code == 404
    response = join(client, class_session.code)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert not ClassMembership.objects.exists()


def test_another_address_is_not_locked_by_the_first(small_quiz, class_session, settings):
    from django.test import Client

    settings.CLASS_JOIN_FAILURE_LIMIT = 1
    assert join(Client(REMOTE_ADDR="10.0.0.1"), "ZZZZ2222").status_code == 404
    assert join(Client(REMOTE_ADDR="10.0.0.1"), class_session.code).status_code == 429
    assert join(Client(REMOTE_ADDR="10.0.0.2"), class_session.code).status_code == 302


def test_the_qr_address_fills_in_the_form_without_checking_the_code(client, small_quiz, class_session):
    response = client.get(reverse("classes:join_code", kwargs={"code": class_session.code}))
    assert response.status_code == 200
    assert f'value="{class_session.display_code}"' in response.text
    assert not RateLimitCounter.objects.exists()
    assert not ClassMembership.objects.exists()


def test_an_empty_or_tampered_form_is_a_400_not_a_500(client, small_quiz):
    assert client.post(reverse("classes:join"), {}).status_code == 400
    assert client.post(reverse("classes:join"), {"code": "x" * 500}).status_code == 400


def test_joining_is_also_a_quiz_start_under_its_limit(client, small_quiz, class_session, settings):
    settings.QUIZ_START_RATE_LIMIT = 1
    assert join(client, class_session.code).status_code == 302
    assert join(client, class_session.code).status_code == 429
    assert settings.QUIZ_START_RATE_WINDOW
