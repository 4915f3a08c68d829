from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core import content_version


def content(request: HttpRequest) -> dict:
    """``content_version`` for ``{% cache %}`` keys, read only by a page that uses it."""
    return {"content_version": SimpleLazyObject(lambda: content_version.for_request(request))}
