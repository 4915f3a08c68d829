"""config.csrf: a page's masked CSRF token, as Django makes it but with one random draw."""

from __future__ import annotations

from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
    get_token,
)
from django.test import Client
from django.urls import reverse

from config import csrf


def request_with_cookie(rf, secret: str | None):
    request = rf.get("/", HTTP_COOKIE=f"csrftoken={secret}" if secret else "")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    return request


SECRET = ("abcXYZ0123456789" * 2)[:CSRF_SECRET_LENGTH]


def test_a_token_unmasks_to_the_cookie_secret_and_is_masked_afresh(rf):
    request = request_with_cookie(rf, SECRET)
    first, second = csrf.masked_token(request), csrf.masked_token(request)
    for token in (first, second):
        assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET
    assert first != second and first[:CSRF_SECRET_LENGTH] != second[:CSRF_SECRET_LENGTH]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie is sent again, as Django does


def test_it_stands_for_the_same_secret_as_djangos_own_token(rf):
    request = request_with_cookie(rf, SECRET)
    ours, djangos = csrf.masked_token(request), get_token(request)
    assert len(ours) == len(djangos)
    assert _unmask_cipher_token(ours) == _unmask_cipher_token(djangos) == SECRET


def test_a_first_visit_gets_a_new_secret_from_django(rf):
    request = request_with_cookie(rf, None)
    token = csrf.masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and _unmask_cipher_token(token) == secret


def test_the_mask_drops_the_bytes_that_would_favour_some_characters(monkeypatch):
    # 248 and above would make the first 8 characters likelier (256 = 4 × 62 + 8).
    drawn = iter([bytes([255, 248, 247, 0, 61, 62]), bytes([249, 124, 185, 186])])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(drawn))
    assert csrf.random_mask(6) == [61, 0, 61, 0, 0, 61]


def test_the_mask_is_uniform_over_the_alphabet():
    draws = 4000 * len(CSRF_ALLOWED_CHARS)
    counts = Counter(csrf.random_mask(draws))
    assert set(counts) == set(range(len(CSRF_ALLOWED_CHARS)))
    # Each count is 4,000 ± 63 (one standard deviation); keeping the biased bytes would put
    # the first 8 characters near 5,000.
    assert all(3600 < count < 4400 for count in counts.values()), counts


@pytest.mark.django_db
def test_the_token_of_a_kept_page_passes_djangos_check(small_quiz):
    """End to end with CSRF checks on: a kept page's token (drawn here) starts a quiz."""
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")  # the CSRF cookie
    kept = browser.get("/")
    # The cookie is sent again with the kept page, renewing its expiry, as Django does for its token.
    assert kept.cookies["csrftoken"].value == browser.cookies["csrftoken"].value
    page = kept.content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert _unmask_cipher_token(token) == browser.cookies["csrftoken"].value
    response = browser.post(reverse("quiz:start"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz:question", kwargs={"position": 1})
