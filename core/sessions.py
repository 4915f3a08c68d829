"""Django's database sessions, with a stricter check of the session cookie."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    """Refuse a malformed session key before it reaches the database.

    Keys Django makes are 32 lowercase letters and digits. Django only checks the
    length of the cookie it gets back, so a cookie with a NUL byte reached the
    query, and PostgreSQL answers that with an error (a 500). Such a cookie now
    simply means "no session", as an unknown key does.
    """

    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key)) and key.isascii() and key.isalnum()
