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

Whole pages are kept with **holes** (:func:`kept_page`): the page is rendered once with
placeholders where the per-request parts go (the CSRF token, the CSP nonce, the page's own
address in the language switch), and each request fills them in. Only for anonymous GETs with
no message waiting, and only where the view says nothing else in the page depends on who asks:
then a page costs what a bare view does, plus one query.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from config.csrf import masked_token

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
        if isinstance(value, str | bytes):
            size = len(value)
        else:
            size = value.size if isinstance(value, HollowPage) else OBJECT_SIZE
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


# --- Whole pages with holes --------------------------------------------------------------------

# Unguessable in each process, so no content (and no address) can contain one by chance or on purpose.
_HOLE = secrets.token_hex(12)
CSRF_HOLE = f"csrf{_HOLE}"
NONCE_HOLE = f"nonce{_HOLE}"
PATH_HOLE = f"path{_HOLE}"
_HOLES = re.compile(f"({CSRF_HOLE}|{NONCE_HOLE}|{PATH_HOLE})")


class HollowPage:
    """A page rendered once, cut at its holes and kept as UTF-8: each request joins the pieces
    with its own values, without searching or encoding the page again (a results page is 70 KB;
    replacing and encoding took ≈ 0.2 ms of every request: docs/benchmarks.md)."""

    __slots__ = ("parts", "size")

    def __init__(self, html: str) -> None:
        # re.split with a group: text, hole, text, hole, …, text.
        pieces = _HOLES.split(html)
        self.parts = tuple(piece if i % 2 else piece.encode() for i, piece in enumerate(pieces))
        self.size = sum(len(piece) for piece in self.parts)

    def fill(self, request: HttpRequest) -> bytes:
        """The page with this request's CSRF token, CSP nonce and address in its holes."""
        values: dict[str, bytes] = {}
        out = []
        for i, part in enumerate(self.parts):
            if i % 2:
                value = values.get(part)
                if value is None:
                    value = values[part] = _hole_value(part, request).encode()
                out.append(value)
            else:
                out.append(part)
        return b"".join(out)


def _hole_value(hole: str, request: HttpRequest) -> str:
    if hole == CSRF_HOLE:
        return masked_token(request)  # masked afresh; also (re)sets the CSRF cookie
    if hole == NONCE_HOLE:
        nonce = get_nonce(request)
        return str(nonce) if nonce is not None else ""
    return escape(request.get_full_path())


class _HollowRequest:
    """The request as a kept page sees it: its own address is a hole, filled on each request."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def __getattr__(self, name: str):
        return getattr(self._request, name)

    def get_full_path(self, force_append_slash: bool = False) -> str:
        return PATH_HOLE


def page_can_be_kept(request: HttpRequest, *, after_post: bool = False) -> bool:
    """A GET (or a POST the view vouches for) from an anonymous visitor with no message waiting:
    nothing personal in the page but what the holes stand for (the view still decides for its
    own content)."""
    if request.method != ("POST" if after_post else "GET"):
        return False
    # Without a session cookie nobody is logged in (students never get one: sessions serve the
    # admin alone), and loading the user would cost more than the rest of this check.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return False
    return not len(messages.get_messages(request))  # len() reads them without using them up


def kept_page(
    request: HttpRequest, key: Hashable, build: Callable[[], tuple[str, dict]], *, after_post: bool = False
) -> HttpResponse:
    """``render(request, *build())``, kept under ``key`` when the request allows it.

    ``key`` must hold everything the page depends on besides the holes: the content version for
    content pages, the language, the attempt for a result… ``build`` returns the template and its
    context; it runs only when the page is not kept yet (or cannot be kept for this request).
    ``after_post``: the request is a POST whose answer depends on nothing but ``key`` (the next
    question's card once an answer was accepted); otherwise only GETs are kept.
    """
    if not page_can_be_kept(request, after_post=after_post):
        return render(request, *build())

    def hollow() -> HollowPage:
        template, context = build()
        context = {**context, "csrf_token": CSRF_HOLE, "csp_nonce": NONCE_HOLE}
        return HollowPage(render_to_string(template, context, _HollowRequest(request)))

    page: HollowPage = get_or_build(("page", key), hollow)
    return HttpResponse(page.fill(request))
