"""Concurrent quiz starts never get past the limit (PostgreSQL only: SQLite has one writer at a
time, so there is no race to test). Each thread has its own database connection, as each worker
process has; all are released together by a barrier."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import RateLimitCounter
from core.ratelimit import rate_limit_hit
from quiz.models import Attempt
from tests.quiz.test_services_concurrency import together

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has one writer at a time (run `make test-pg`)",
    ),
    pytest.mark.django_db(transaction=True),
]
LIMIT = 10
CALLERS = 30
ROUNDS = 3
# Windows start at multiples of their length: a billion seconds (next boundary in 2033) keeps a
# run from straddling two windows, which would rightly let more than LIMIT through.
WINDOW = 10**9


def test_concurrent_hits_let_exactly_the_limit_through():
    for round_ in range(ROUNDS):
        key = f"race-{round_}"
        outcomes = together(*[lambda key=key: rate_limit_hit(key, limit=LIMIT, window=WINDOW)] * CALLERS)
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        assert outcomes.count(False) == LIMIT, outcomes  # False: not limited
        assert RateLimitCounter.objects.get(key__startswith=f"{key}:").count == CALLERS


def test_concurrent_starts_from_one_address_never_pass_the_limit(small_quiz, settings):
    settings.QUIZ_START_RATE_LIMIT = LIMIT
    settings.QUIZ_START_RATE_WINDOW = WINDOW

    def start() -> int:
        return Client().post(reverse("quiz:start"), REMOTE_ADDR="203.0.113.7").status_code

    statuses = together(*[start] * CALLERS)
    assert sorted(statuses) == [302] * LIMIT + [429] * (CALLERS - LIMIT), statuses
    assert Attempt.objects.count() == LIMIT
