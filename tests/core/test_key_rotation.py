"""Rotating SECRET_KEY with the old key in SECRET_KEY_FALLBACKS keeps quizzes in progress going."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
OLD, NEW = "an-old-secret-key-" + "o" * 40, "a-new-secret-key-" + "n" * 40


@pytest.fixture
def started(client, small_quiz, settings):
    settings.SECRET_KEY = OLD
    assert client.post(reverse("quiz:start")).status_code == 302
    return client


def test_a_quiz_in_progress_goes_on_after_a_rotation_with_the_old_key_kept(started, settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert started.get(reverse("quiz:question", args=[1])).status_code == 200


def test_without_the_old_key_the_quiz_cookie_is_no_longer_read(started, settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, []
    response = started.get(reverse("quiz:question", args=[1]))
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz:landing")
