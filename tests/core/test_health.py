from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_it_answers_ok_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"


def test_it_skips_sessions_locale_csp_and_the_host_check(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # a probe on the bare address
    assert response.status_code == 200
    assert not response.cookies
    assert "Content-Language" not in response
    assert "Content-Security-Policy" not in response
    assert "Vary" not in response


def test_the_trailing_slash_and_head_work_too(client):
    assert client.get("/healthz/").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_it_only_reads(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_it_answers_503_when_the_database_is_unreachable():
    """A real process whose DATABASE_URL points at a port nothing listens on."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/capia",
        "LOG_LEVEL": "ERROR",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "503 unavailable", done.stderr
    assert "Health check failed: the database does not answer" in done.stderr
