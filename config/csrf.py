"""The masked CSRF token of a page, drawn with one call to the system's random source.

Every page with a form carries a CSRF token masked afresh (Django's defence against BREACH: a
secret that repeats from response to response can be read back through compression). Django
draws the 32-character mask with ``secrets.choice``, one ``os.urandom`` call per character:
in a quiz step that was 355k of its 2,395k instructions, plus 32 system calls, more than any
other part of the page (docs/benchmarks.md). Here the mask comes from one ``secrets.token_bytes``
call, kept uniform by dropping the bytes that would favour some characters; the token has
Django's format (mask, then the secret shifted by the mask), and Django's middleware checks it
unchanged. Without a CSRF cookie yet (a first visit) Django's own ``get_token`` makes one.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: index for index, char in enumerate(_CHARS)}
# A byte is used only below the largest multiple of 62 under 256 (248): then byte % 62 is uniform.
_UNBIASED_BELOW = 256 - 256 % len(_CHARS)


def random_mask(length: int = CSRF_SECRET_LENGTH) -> list[int]:
    """``length`` indexes into the token alphabet, independent and uniform."""
    mask: list[int] = []
    while len(mask) < length:
        mask.extend(byte % len(_CHARS) for byte in secrets.token_bytes(length + 8) if byte < _UNBIASED_BELOW)
    return mask[:length]


def masked_token(request: HttpRequest) -> str:
    """What ``django.middleware.csrf.get_token(request)`` returns, and with its side effect (the
    CSRF cookie is sent again, renewing its expiry), for a request that has a CSRF secret."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _INDEX.keys():
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_mask()
    size = len(_CHARS)
    cipher = (_CHARS[(_INDEX[char] + shift) % size] for char, shift in zip(secret, mask, strict=True))
    return "".join(_CHARS[shift] for shift in mask) + "".join(cipher)
