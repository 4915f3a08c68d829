"""A small fixed-window rate limit in the database, and the client address it keys on.

The counters live in one table (``core.RateLimitCounter``) that every worker process shares,
and each hit is one atomic ``UPDATE … SET count = count + 1 … RETURNING count``, so the limit
holds with any number of workers and concurrent requests, on SQLite as on PostgreSQL. (Django's
database cache was used before: its ``incr`` reads then writes, and lost counts under
concurrency; its local-memory cache counts per process.)

No personal data is kept: a counter's key is a keyed hash (HMAC with ``SECRET_KEY``) of the
client's address, and counters of past windows are deleted.
"""

from __future__ import annotations

import ipaddress
import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from core.models import RateLimitCounter

# IPv6 clients are counted per /64: one home or phone network gets a whole /64, so counting
# single addresses would give one client 2^64 tries.
IPV6_PREFIX = 64


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the rate limit and the admin lockout count it.

    ``REMOTE_ADDR``; behind a proxy (``BEHIND_PROXY``), the ``X-Forwarded-For`` entry added by
    the outermost trusted proxy: the ``TRUSTED_PROXY_COUNT``-th from the right, since each proxy
    appends the address it received the request from and anything further left is what the
    client sent. An IPv6 address is reduced to its /64 network (``2001:db8:1:2::``) and an
    IPv4-mapped one to its IPv4 address. Also used by django-axes, which stores it in an IP
    address column: anything that is not an IP address is ignored (``None`` when nothing valid
    is left), never passed on.
    """
    candidates = []
    if settings.BEHIND_PROXY:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if hops != [""]:
            candidates.append(hops[-min(settings.TRUSTED_PROXY_COUNT, len(hops))])
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate.strip())
        except ValueError:
            continue
        if address.version == 6 and address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if address.version == 6:
            return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
        return str(address)
    return None


def client_key(request: HttpRequest, scope: str) -> str:
    """An opaque counter key for this client and scope; the address itself is never stored."""
    digest = salted_hmac(
        "quiz.ratelimit", f"{scope}:{client_ip(request) or 'unknown'}", algorithm="sha256"
    ).hexdigest()
    return f"{scope}:{digest}"


def rate_limit_hit(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one hit for ``key``; return True when it is over ``limit`` hits in the current window.

    A ``limit`` of 0 (or less) disables the limit. Windows are fixed: they start at multiples
    of ``window`` seconds, so a client can get through at most ``limit`` times per window, however
    many requests arrive at once: each hit increments the shared counter atomically and reads
    the value its own increment produced.
    """
    if limit <= 0 or window <= 0:
        return False
    now = time.time() if now is None else now
    bucket = int(now // window)
    counter, created = RateLimitCounter.objects.get_or_create(
        key=f"{key}:{bucket}",
        defaults={"count": 1, "expires_at": datetime.fromtimestamp((bucket + 1) * window, tz=UTC)},
    )
    if created:
        # A new window for this client: forget the counters of windows that are over.
        RateLimitCounter.objects.filter(expires_at__lte=datetime.fromtimestamp(now, tz=UTC)).delete()
    else:
        counter.count = F("count") + 1
        try:
            # A savepoint, so that a failed increment leaves a caller's transaction usable.
            with transaction.atomic():
                counter.save(update_fields=["count"])  # UPDATE … RETURNING count: the new value
        except RateLimitCounter.NotUpdated:
            # Between the two statements, a hit from the next window deleted this counter: its
            # window is over, so this hit counts in the window that is open now.
            return rate_limit_hit(key, limit=limit, window=window)
    return counter.count > limit


def rate_limit_reached(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Whether ``key`` already has ``limit`` hits in the current window, without counting one.

    For limits that count only failures (a wrong class code): the check comes before the attempt,
    so a client over the limit is refused even when it happens to guess right.
    """
    if limit <= 0 or window <= 0:
        return False
    now = time.time() if now is None else now
    bucket = int(now // window)
    count = RateLimitCounter.objects.filter(key=f"{key}:{bucket}").values_list("count", flat=True).first()
    return count is not None and count >= limit


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
