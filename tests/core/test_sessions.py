from __future__ import annotations

import pytest

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_key_django_made_is_kept():
    store = SessionStore()
    store["attempt"] = "x"
    store.save()
    assert SessionStore(store.session_key).session_key == store.session_key
    assert SessionStore(store.session_key)["attempt"] == "x"


@pytest.mark.parametrize("key", ["abcdefgh\x00ijkl", "abcdefgh ijkl", "abcdéfghijkl", "../../etc/passwd"])
def test_a_malformed_key_means_no_session(key):
    store = SessionStore(key)
    assert store.session_key is None
    assert store.load() == {}
