"""The limit on starting quizzes: per client, in a window, with a friendly 429."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core import ratelimit
from core.models import RateLimitCounter
from core.ratelimit import client_ip, client_key, rate_limit_hit
from quiz.models import Attempt

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def limit(settings):
    settings.QUIZ_START_RATE_LIMIT = 20


def start(client, **headers):
    return client.post(reverse("quiz:start"), headers=headers)


@pytest.fixture
def ten_minute_window(settings, monkeypatch):
    """The default window, and the middle of one whatever the clock says: no window boundary
    between the 20th start and the 21st."""
    settings.QUIZ_START_RATE_WINDOW = 600
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 600 * 10**6 + 300))


@pytest.mark.usefixtures("ten_minute_window")
def test_the_21st_start_gets_a_friendly_429(client, small_quiz):
    for _ in range(20):
        assert start(client).status_code == 302
    response = start(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "10 minutes" in response.text
    assert "<html" in response.text
    assert Attempt.objects.count() == 20


@pytest.mark.usefixtures("ten_minute_window")
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


def test_the_limit_resets_when_its_counters_go(client, small_quiz):
    for _ in range(21):
        start(client)
    assert start(client).status_code == 429
    RateLimitCounter.objects.all().delete()
    assert start(client).status_code == 302


def test_a_limit_of_zero_disables_it(client, small_quiz, settings):
    settings.QUIZ_START_RATE_LIMIT = 0
    for _ in range(25):
        assert start(client).status_code == 302


def test_the_counter_starts_again_in_the_next_window():
    key = "test"
    assert not any(rate_limit_hit(key, limit=3, window=60, now=1000.0 + i) for i in range(3))
    assert rate_limit_hit(key, limit=3, window=60, now=1010.0)
    assert not rate_limit_hit(key, limit=3, window=60, now=1020.0 + 60)


def test_a_hit_whose_counter_a_later_window_deleted_counts_in_the_open_window(monkeypatch):
    """The race at a window's end: hit A reads its window's counter, hit B (already in the next
    window) deletes the finished windows' counters, A's increment finds no row. A's hit then
    counts in the window open now, instead of failing."""
    real_get_or_create = RateLimitCounter.objects.get_or_create

    def get_or_create_then_deleted_by_next_window(**kwargs):
        counter, created = real_get_or_create(**kwargs)
        RateLimitCounter.objects.filter(pk=counter.pk).delete()
        monkeypatch.setattr(RateLimitCounter.objects, "get_or_create", real_get_or_create)
        return counter, created

    rate_limit_hit("late", limit=3, window=60, now=1000.0)  # the window's first hit
    monkeypatch.setattr(RateLimitCounter.objects, "get_or_create", get_or_create_then_deleted_by_next_window)
    assert not rate_limit_hit("late", limit=3, window=60, now=1010.0)
    assert list(RateLimitCounter.objects.values_list("key", "count")) == [
        (f"late:{int(time.time() // 60)}", 1)
    ]


def test_counters_of_past_windows_are_forgotten():
    rate_limit_hit("one", limit=3, window=60, now=1000.0)
    rate_limit_hit("two", limit=3, window=60, now=1000.0)
    rate_limit_hit("one", limit=3, window=60, now=1000.0 + 60)
    assert list(RateLimitCounter.objects.values_list("key", "count")) == [(f"one:{1060 // 60}", 1)]


def test_the_counters_are_kept_in_the_database_every_worker_shares(client, small_quiz, settings):
    """Not in a cache of the process: another process (here, a fresh counter read) sees every start."""
    for _ in range(5):
        start(client)
    counter = RateLimitCounter.objects.get()
    assert counter.count == 5
    assert "127.0.0.1" not in counter.key


def test_the_key_never_contains_the_address(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.44")
    key = client_key(request, "start")
    assert "192.0.2.44" not in key
    assert key == client_key(RequestFactory().post("/", REMOTE_ADDR="192.0.2.44"), "start")
    assert key != client_key(RequestFactory().post("/", REMOTE_ADDR="192.0.2.45"), "start")


def test_x_forwarded_for_counts_only_behind_a_proxy(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.9"
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


def test_behind_a_proxy_the_client_is_the_entry_the_proxy_appended(settings):
    """A client behind a proxy that appends to X-Forwarded-For writes what it likes on the left."""
    settings.BEHIND_PROXY = True
    forged = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert client_ip(forged) == "198.51.100.9"
    settings.TRUSTED_PROXY_COUNT = 2  # a CDN, then our own proxy: the CDN's entry is second from the right
    two = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9, 203.0.113.50"
    )
    assert client_ip(two) == "198.51.100.9"
    short = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert client_ip(short) == "198.51.100.9"
    settings.TRUSTED_PROXY_COUNT = 1
    garbage = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, unknown")
    assert client_ip(garbage) == "10.0.0.1"
    assert client_ip(RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_a_client_cannot_dodge_the_limit_by_forging_x_forwarded_for(client, small_quiz, settings):
    settings.BEHIND_PROXY = True
    for n in range(21):
        client.post(reverse("quiz:start"), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.1")
    assert (
        client.post(reverse("quiz:start"), HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.1").status_code == 429
    )


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:DB8:1:2::1", "2001:db8:1:2::"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("192.0.2.7", "192.0.2.7"),
    ],
)
def test_ipv6_clients_are_counted_per_64(address, counted_as):
    assert client_ip(RequestFactory().post("/", REMOTE_ADDR=address)) == counted_as


def test_one_ipv6_network_shares_one_limit(client, small_quiz):
    for n in range(20):
        assert client.post(reverse("quiz:start"), REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}").status_code == 302
    assert client.post(reverse("quiz:start"), REMOTE_ADDR="2001:db8:1:2:ffff::1").status_code == 429
    assert client.post(reverse("quiz:start"), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302
