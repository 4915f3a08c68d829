"""Pages and data built from the content, kept in each process until the content changes.

The content (dimensions, roles and their parts, the questionnaire) changes only when an editor
saves something, yet every catalogue, role page, landing page and quiz step would otherwise read
and render it again. Here each process keeps what it built under the **content version**: a
random token in one database row (:class:`careers.models.ContentVersion`), replaced on every save
or delete of a content model (signals connected by :func:`watch` from the apps' ``ready()``) and
by the bulk loaders (``load_content``, ``bench.generate``) through :func:`bump`.

Reading the token is one tiny query per request, so an editor's change shows on the very next
request in every process and on every server sharing the database: no expiry, no stale page.
The store is a plain in-process LRU bounded in bytes (not Django's cache, which may be the
shared database cache: a fragment read from it would cost what it saves). Finished results are
kept here too, under their attempt rather than the version, since they never change.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

MAX_BYTES = 32 * 1024 * 1024  # per process
OBJECT_SIZE = 4096  # what a cached non-string value is counted as
_MISSING = object()


class ProcessCache:
    """A thread-safe LRU mapping bounded by the total size of its values."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return _MISSING
            self._items.move_to_end(key)
            return item[0]

    def set(self, key: Hashable, value: object) -> None:
        size = len(value) if isinstance(value, str) else OBJECT_SIZE
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)


store = ProcessCache(MAX_BYTES)


def content_version() -> int:
    """The current content token: one primary-key read, without the ORM's query building."""
    from careers.models import ContentVersion

    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # a table name, no user input
        row = cursor.fetchone()
    return row[0] if row else 0


def get_or_build[T](key: Hashable, build: Callable[[], T]) -> T:
    """The value kept for ``key`` in this process, built (and kept) on a miss.

    ``build`` may raise (``Http404``…): nothing is kept then.
    """
    value = store.get(key)
    if value is _MISSING:
        value = build()
        store.set(key, value)
    return value  # type: ignore[return-value]


def clear() -> None:
    """Forget everything this process kept (tests; never needed for correctness)."""
    store.clear()


def bump() -> None:
    """Give the content a new version: every process rebuilds what it kept on its next request.

    Call it inside the transaction that changes the content, so both commit (or roll back)
    together.
    """
    from careers.models import ContentVersion

    token = secrets.randbits(62)
    if not ContentVersion.objects.filter(pk=1).update(token=token, changed_at=timezone.now()):
        ContentVersion.objects.update_or_create(pk=1, defaults={"token": token})


def _changed(sender, **kwargs) -> None:
    bump()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump()


def watch(*models, m2m: tuple = ()) -> None:
    """Bump the content version whenever one of ``models`` is saved or deleted."""
    for model in models:
        uid = f"content-version:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
    for through in m2m:
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"content-version:{through._meta.label}"
        )
