"""Production settings (DEBUG=0), each checked in a fresh process: settings are read once per process."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

# What a production environment sets; everything else keeps its production default.
PRODUCTION_ENV = {"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
# DJANGO_ALLOW_ASYNC_UNSAFE (set for the browser tests only) would fail the deploy checks.
OVERRIDDEN = (
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
    "BEHIND_PROXY",
    "SECRET_KEY",
    "DEBUG",
    "STATIC",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(OVERRIDDEN)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**inherited, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def secret_key() -> str:
    return secrets.token_urlsafe(50)


def test_the_deployment_checks_are_clean():
    done = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secret_key())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_the_deployment_checks_catch_an_insecure_setting():
    """The check above can fail: turning one protection off is reported."""
    done = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secret_key(),
        SESSION_COOKIE_SECURE="0",
    )
    assert done.returncode != 0
    assert "security.W012" in done.stderr


def test_production_defaults_are_safe():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.STORAGES['staticfiles']['BACKEND'],"
        " s.MAILERS['default']['BACKEND'])"
    )
    done = run("-c", script, SECRET_KEY=secret_key())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_a_missing_secret_key_stops_with_a_clear_message():
    done = run("manage.py", "check")
    assert done.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is required when DEBUG=0" in done.stderr
    assert "secrets.token_urlsafe" in done.stderr  # and how to make one


def test_hashed_static_files_are_cached_for_ever_and_compressed(tmp_path):
    script = """
import django
django.setup()
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

call_command("collectstatic", interactive=False, verbosity=0)
hashed = static("css/site.css")
client = Client()
response = client.get(hashed, headers={"Accept-Encoding": "gzip"}, secure=True)
plain = client.get("/static/css/site.css", secure=True)
print(hashed)
print(response.status_code, response["Cache-Control"], response.get("Content-Encoding"))
print(plain.status_code, plain["Cache-Control"])
"""
    done = run("-c", script, SECRET_KEY=secret_key(), STATIC_ROOT=str(tmp_path), ALLOWED_HOSTS="testserver")
    assert done.returncode == 0, done.stderr
    hashed, long_lived, short_lived = done.stdout.splitlines()
    assert (
        hashed.startswith("/static/css/site.")
        and hashed.endswith(".css")
        and hashed != "/static/css/site.css"
    )
    assert long_lived == "200 max-age=315360000, public, immutable gzip"
    assert short_lived == "200 max-age=60, public"  # an unhashed name may change: a short cache


def database_options(**env: str) -> dict:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        " print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), sort_keys=True))"
    )
    done = run("-c", script, SECRET_KEY=secret_key(), **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_postgresql_prepares_statements_unless_told_not_to():
    url = "postgres://capia:secret@127.0.0.1:5432/capia"
    assert database_options(DATABASE_URL=url) == {
        "connect_timeout": 5,
        "prepare_threshold": 5,
        "server_side_binding": True,
    }
    assert database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0") == {"connect_timeout": 5}
    # SQLite has no such thing: its options stay its own.
    assert "prepare_threshold" not in database_options(DATABASE_URL="sqlite:///:memory:")


def test_old_secret_keys_come_from_the_environment():
    script = "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(s.SECRET_KEY_FALLBACKS))"
    done = run("-c", script, SECRET_KEY=secret_key(), SECRET_KEY_FALLBACKS="old-key-one, old-key-two,")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["old-key-one", "old-key-two"]
    assert json.loads(run("-c", script, SECRET_KEY=secret_key()).stdout) == []
