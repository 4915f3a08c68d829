"""How long class sessions are kept: until they expire (``CLASS_SESSION_DAYS``, 14 by default, or
what the teacher chose, at most 60), then ``manage.py purge_attempts`` deletes them with their
links. The students' own results follow the quiz's retention rules (``quiz.lifecycle``)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from classes.models import ClassSession


def sessions_purge(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete the expired sessions (their memberships go with them); with ``dry_run``, count them."""
    expired = ClassSession.objects.filter(expires_at__lte=now or timezone.now())
    if dry_run:
        return expired.count()
    _, deleted = expired.delete()
    return deleted.get(ClassSession._meta.label, 0)


def on_purge_requested(sender, *, now: datetime, dry_run: bool, **kwargs) -> str:
    """``quiz.lifecycle.purge_requested``'s receiver: the line ``purge_attempts`` prints."""
    sessions = sessions_purge(now=now, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    return f"{verb} {sessions} expired class session(s)"
