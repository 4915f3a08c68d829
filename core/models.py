"""Site-wide tables: the rate-limit counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """How many times one client did one thing in one window (``core.ratelimit``).

    ``key`` holds a keyed hash of the client's address, never the address. In the database so
    that every worker process counts in the same row, with an atomic ``count = count + 1``.
    """

    key = models.CharField(_("key"), max_length=128, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
