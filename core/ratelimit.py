"""A small fixed-window rate limit on Django's cache, and the client address it keys on.

No personal data is kept: the cache key is a keyed hash (HMAC with ``SECRET_KEY``)
of the client's address, and each counter expires with its window. With several
worker processes the limit only holds if ``CACHES`` points to a cache they share
(``CACHE_BACKEND=database``, see the README); the default in-process cache counts
per process.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the first X-Forwarded-For entry behind a proxy.

    Only trust X-Forwarded-For when ``BEHIND_PROXY`` is on, and then only if the proxy
    sets the header itself (overwrites what the client sent). Also used by django-axes,
    which stores it in an IP address column: anything that is not an IP address is
    ignored (``None`` when nothing valid is left), never passed on.
    """
    candidates = []
    if settings.BEHIND_PROXY:
        candidates.append(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",", 1)[0])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate.strip()))
        except ValueError:
            continue
    return None


def client_key(request: HttpRequest, scope: str) -> str:
    """An opaque cache key for this client and scope; the address itself is never stored."""
    digest = salted_hmac(
        "quiz.ratelimit", f"{scope}:{client_ip(request) or 'unknown'}", algorithm="sha256"
    ).hexdigest()
    return f"ratelimit:{scope}:{digest}"


def rate_limit_hit(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one hit for ``key``; return True when it is over ``limit`` hits in the current window.

    A ``limit`` of 0 (or less) disables the limit. Windows are fixed: they start at
    multiples of ``window`` seconds, so a client can start at most ``limit`` times
    per window.
    """
    if limit <= 0 or window <= 0:
        return False
    now = time.time() if now is None else now
    bucket = f"{key}:{int(now // window)}"
    # add() is atomic where the cache backend is; the counter lives one window.
    cache.add(bucket, 0, timeout=window)
    try:
        count = cache.incr(bucket)
    except ValueError:
        # The counter expired between add() and incr(): this is the first hit of a new window.
        cache.set(bucket, 1, timeout=window)
        count = 1
    return count > limit


def start_limited(request: HttpRequest) -> bool:
    """Whether this client has started too many quizzes in the current window."""
    return rate_limit_hit(
        client_key(request, "start"),
        limit=settings.QUIZ_START_RATE_LIMIT,
        window=settings.QUIZ_START_RATE_WINDOW,
    )


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username django-axes records for a failed admin login (AXES_USERNAME_CALLABLE).

    Django's login form does not enforce the username's length before authenticating,
    and axes stores it in a 255-character column, where PostgreSQL refuses a longer
    one (a 500). No real username is longer than the user model allows, so cut there.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if not isinstance(username, str):
        return None
    user_model = get_user_model()
    max_length = user_model._meta.get_field(user_model.USERNAME_FIELD).max_length or 150
    return username[:max_length]


def forget_own_login_failures(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """After a successful login, forget that account's failed logins from this address, no others.

    Connected to ``user_logged_in`` (``CoreConfig.ready``) instead of django-axes'
    ``AXES_RESET_ON_SUCCESS``, which forgets every failure of the address: someone who knows one
    staff password could then guess another account's four times, sign in as themselves, and
    start again without end. Failures for other accounts, and for this account from elsewhere,
    keep counting until they expire (``AXES_COOLOFF_TIME``).
    """
    address = client_ip(request) if request is not None else None
    if address is None:
        return  # without an address, axes' reset would forget the account's failures everywhere
    from axes.utils import reset  # imports axes models: only once apps are loaded

    reset(ip=address, username=user.get_username())
