"""How long anonymous attempts are kept, and the purge that enforces it.

- an attempt nobody finished is deleted once it has not been touched for
  ``ATTEMPT_IDLE_DAYS`` (default 7) days: the student has moved on;
- a finished attempt (its answers and its result snapshot) is deleted
  ``RESULT_RETENTION_DAYS`` (default 365) days after it was finished: after that
  both result links (the student's own and the shared, read-only one) show "not found".

Deleting an attempt deletes its answers and result with it (cascade).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone

from quiz.models import Attempt

# Sent by ``manage.py purge_attempts`` after the attempts' purge, with ``now`` and ``dry_run``: an app
# that keeps data of its own around attempts (class sessions) purges it then, and returns one line
# for the command's report. The quiz never imports those apps; they connect to it.
purge_requested = Signal()


@dataclass(frozen=True)
class PurgeReport:
    unfinished: int
    finished: int
    dry_run: bool

    def __str__(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        return (
            f"{verb} {self.unfinished} unfinished attempt(s) idle for {settings.ATTEMPT_IDLE_DAYS} days "
            f"and {self.finished} finished attempt(s) older than {settings.RESULT_RETENTION_DAYS} days"
        )


def stale_unfinished(now: datetime) -> QuerySet[Attempt]:
    cutoff = now - timedelta(days=settings.ATTEMPT_IDLE_DAYS)
    return Attempt.objects.filter(finished_at__isnull=True, updated_at__lt=cutoff)


def expired_finished(now: datetime) -> QuerySet[Attempt]:
    cutoff = now - timedelta(days=settings.RESULT_RETENTION_DAYS)
    return Attempt.objects.filter(finished_at__lt=cutoff)


def attempts_purge(*, now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete what the retention rules no longer allow to keep; with ``dry_run``, only count it."""
    now = now or timezone.now()
    unfinished = stale_unfinished(now)
    finished = expired_finished(now)
    if dry_run:
        return PurgeReport(unfinished=unfinished.count(), finished=finished.count(), dry_run=True)
    with transaction.atomic():
        _, deleted_unfinished = unfinished.delete()
        _, deleted_finished = finished.delete()
    return PurgeReport(
        unfinished=deleted_unfinished.get(Attempt._meta.label, 0),
        finished=deleted_finished.get(Attempt._meta.label, 0),
        dry_run=False,
    )
