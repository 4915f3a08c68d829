"""The limit on starting quizzes: per client, in a window, with a friendly 429."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core.ratelimit import client_ip, client_key, rate_limit_hit
from quiz.models import Attempt

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def limit(settings):
    settings.QUIZ_START_RATE_LIMIT = 20
    settings.QUIZ_START_RATE_WINDOW = 600


def start(client, **headers):
    return client.post(reverse("quiz:start"), headers=headers)


def test_the_21st_start_gets_a_friendly_429(client, small_quiz):
    for _ in range(20):
        assert start(client).status_code == 302
    response = start(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "10 minutes" in response.text
    assert "<html" in response.text
    assert Attempt.objects.count() == 20


def test_an_htmx_start_over_the_limit_gets_the_same_429(client, small_quiz):
    for _ in range(20):
        start(client)
    response = start(client, **HTMX)
    assert response.status_code == 429
    assert "10 minutes" in response.text


def test_another_client_is_not_affected(client, small_quiz):
    for _ in range(21):
        client.post(reverse("quiz:start"), REMOTE_ADDR="203.0.113.5")
    assert client.post(reverse("quiz:start"), REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.post(reverse("quiz:start"), REMOTE_ADDR="203.0.113.6").status_code == 302


def test_the_limit_resets_with_the_cache(client, small_quiz):
    for _ in range(21):
        start(client)
    assert start(client).status_code == 429
    cache.clear()
    assert start(client).status_code == 302


def test_a_limit_of_zero_disables_it(client, small_quiz, settings):
    settings.QUIZ_START_RATE_LIMIT = 0
    for _ in range(25):
        assert start(client).status_code == 302


def test_the_counter_starts_again_in_the_next_window():
    key = "ratelimit:test"
    assert not any(rate_limit_hit(key, limit=3, window=60, now=1000.0 + i) for i in range(3))
    assert rate_limit_hit(key, limit=3, window=60, now=1010.0)
    assert not rate_limit_hit(key, limit=3, window=60, now=1020.0 + 60)


def test_the_key_never_contains_the_address(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.44")
    key = client_key(request, "start")
    assert "192.0.2.44" not in key
    assert key == client_key(RequestFactory().post("/", REMOTE_ADDR="192.0.2.44"), "start")
    assert key != client_key(RequestFactory().post("/", REMOTE_ADDR="192.0.2.45"), "start")


def test_x_forwarded_for_counts_only_behind_a_proxy(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.2"
    )
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "198.51.100.9"


def test_behind_a_proxy_clients_with_different_forwarded_addresses_are_apart(client, small_quiz, settings):
    settings.BEHIND_PROXY = True
    for _ in range(21):
        client.post(reverse("quiz:start"), HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client.post(reverse("quiz:start"), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.post(reverse("quiz:start"), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
