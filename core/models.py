"""Site-wide models: the content version, the rate-limit counters and the content's history."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose ``token`` changes with every change to the content (dimensions, roles and
    their parts, the questionnaire). Cached fragments and data built from the content carry it in
    their keys (:mod:`core.content_version`), so a change shows on the very next request in every
    process. A random token rather than a counter: a rolled-back change can never bring an old
    token back with other content."""

    token = models.BigIntegerField(_("token"), default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self) -> str:
        return f"{self.token:x}"


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


class ContentChange(models.Model):
    """What one admin save changed in a content row: the admin's own LogEntry says who, when and
    which fields; this keeps the values before and after (:mod:`core.history`), so the history
    page shows them and a change can be reverted."""

    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.CASCADE, related_name="content_change", verbose_name=_("log entry")
    )
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)

    class Meta:
        ordering = ["-log_entry__action_time"]
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")

    def __str__(self) -> str:
        return str(self.log_entry)
