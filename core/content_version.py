"""The content version: a key namespace for everything built from the content.

The content (dimensions, roles and their parts, the questionnaire) changes only when an editor
saves something. Whatever is built from it (cached template fragments, the questions of a
questionnaire, the roles as scoring data) is cached through Django's cache framework under a key
that holds the current version, read from one database row (:class:`core.models.ContentVersion`).
Every save or delete of a content model replaces the version (signals connected by :func:`watch`
from the apps' ``ready()``), and so do the bulk loaders, which send no signals (:func:`bump`).
An editor's change therefore shows on the next request, in every process and on every server:
nothing expires by time, nothing is stale.

Only what does not depend on the visitor is cached this way: never a CSRF token, a nonce, a
notice or an attempt.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

from core.models import ContentVersion

# Content keys carry the version, so they never need to expire; a day bounds what an idle
# process keeps.
TIMEOUT = 24 * 60 * 60


def current() -> int:
    """The current content version (0 before the first migration created its row)."""
    token = ContentVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token or 0


def for_request(request: HttpRequest) -> int:
    """The content version, read once per request however many parts of the page need it."""
    if not hasattr(request, "content_version"):
        request.content_version = current()
    return request.content_version


def cache_key(*parts: Hashable) -> str:
    """A cache key for data built from the content at version ``parts[0]`` (join the rest)."""
    return "content:" + ":".join(str(part) for part in parts)


def get_or_build[T](version: int, name: str, build: Callable[[], T], *parts: Hashable) -> T:
    """The value cached for ``name`` (and ``parts``) at this content version, built on a miss."""
    return cache.get_or_set(cache_key(version, name, *parts), build, TIMEOUT)


def bump() -> None:
    """Give the content a new version. Call it inside the transaction that changes the content,
    so both commit (or roll back) together."""
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


def is_watched(model) -> bool:
    """Whether saving and deleting ``model`` bump the version (a test checks every content model)."""
    uid = f"content-version:{model._meta.label}"
    return all(any(key[0] == uid for key, *_ in signal.receivers) for signal in (post_save, post_delete))
