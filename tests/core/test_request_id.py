from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client

from core.request_id import RequestIDFilter, current_request_id

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING) writes."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestIDFilter) for f in getattr(h, "filters", []))
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def browser() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def behind_proxy(settings) -> None:
    settings.BEHIND_PROXY = True


def test_every_response_gets_a_fresh_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second)
    assert first != second


def test_a_sane_id_from_the_proxy_is_kept(client, behind_proxy):
    response = client.get("/", headers={"X-Request-ID": "nginx-7f3a9c.42:1"})
    assert response["X-Request-ID"] == "nginx-7f3a9c.42:1"


def test_without_a_proxy_a_clients_id_is_ignored(client, log):
    """Only a trusted proxy may name a request: a client could pick the id of someone else's lines."""
    response = client.get("/test-only/logs/", headers={"X-Request-ID": "nginx-7f3a9c.42:1"})
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert "nginx-7f3a9c.42:1" not in log.getvalue()


@pytest.mark.parametrize(
    "incoming",
    ["", "has space", "line\nbreak", "x" * 129, "-leading-dash", 'quote"d', "<script>"],
)
def test_an_odd_incoming_id_is_replaced(client, behind_proxy, incoming):
    response = client.get("/", headers={"X-Request-ID": incoming})
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_a_server_error_is_logged_with_the_request_id(browser, log, behind_proxy):
    response = browser.get("/test-only/boom/", headers={"X-Request-ID": "req-500-abc"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500-abc"
    lines = [line for line in log.getvalue().splitlines() if "Internal Server Error" in line]
    assert len(lines) == 1
    assert "ERROR django.request [req-500-abc] Internal Server Error: /test-only/boom/" in lines[0]
    assert "Boom: a view that always fails" in log.getvalue()  # with the traceback


def test_a_generated_id_is_the_one_logged(browser, log):
    response = browser.get("/test-only/boom/")
    request_id = response["X-Request-ID"]
    assert HEX_ID.fullmatch(request_id)
    assert f"[{request_id}] Internal Server Error" in log.getvalue()


def test_any_line_logged_during_a_request_carries_its_id(client, log):
    request_id = client.get("/test-only/logs/")["X-Request-ID"]
    assert f"WARNING tests.core.urls [{request_id}] a line logged by a view" in log.getvalue()


def test_a_line_logged_outside_a_request_has_a_dash(log):
    logging.getLogger("quiz").warning("from a management command")
    assert "[-] from a management command" in log.getvalue()
    assert current_request_id() == "-"
