"""The writes of class mode: open, close and delete a session, join it, share a result."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from classes import codes
from classes.models import ClassMembership, ClassSession
from quiz import services as quiz_services
from quiz.models import Questionnaire

CODE_TRIES = 5


def session_create(
    *, owner: AbstractBaseUser, name: str, days: int, allow_pseudonyms: bool = False
) -> ClassSession:
    """A new session with a fresh join code. A code already taken (about one chance in 10⁸ with a
    thousand sessions) is drawn again."""
    now = timezone.now()
    for _ in range(CODE_TRIES):
        try:
            with transaction.atomic():
                return ClassSession.objects.create(
                    owner=owner,
                    name=name,
                    code=codes.new_code(),
                    allow_pseudonyms=allow_pseudonyms,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Could not draw an unused join code.")


def session_close(*, session: ClassSession) -> None:
    """No one joins any more; the teacher keeps the picture until the session expires."""
    if session.closed_at is None:
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])


def session_delete(*, session: ClassSession) -> None:
    """The session and its links go; the students' own results stay theirs."""
    session.delete()


def session_join(*, session: ClassSession, questionnaire: Questionnaire, language: str) -> ClassMembership:
    """Start a quiz for a student of this session, under the next anonymous number.

    The session's row is locked while the number is chosen (PostgreSQL; SQLite's write lock does
    the same), so students joining at the same second get distinct numbers.
    """
    with transaction.atomic():
        ClassSession.objects.select_for_update().filter(pk=session.pk).first()
        last = ClassMembership.objects.filter(session=session).aggregate(last=Max("number"))["last"] or 0
        attempt = quiz_services.attempt_start(questionnaire=questionnaire, language=language)
        return ClassMembership.objects.create(session=session, attempt=attempt, number=last + 1)


def result_share(*, membership: ClassMembership, pseudonym: str = "") -> bool:
    """Show this result to the teacher; the pseudonym only if the session allows one.

    False when the membership is gone meanwhile (the teacher deleted the session).
    """
    pseudonym = pseudonym.strip() if membership.session.allow_pseudonyms else ""
    return _membership_update(membership, shared=True, pseudonym=pseudonym)


def result_unshare(*, membership: ClassMembership) -> bool:
    """Hide it again, and forget the pseudonym with it. False when the membership is gone."""
    return _membership_update(membership, shared=False, pseudonym="")


def _membership_update(membership: ClassMembership, **values) -> bool:
    # A filtered UPDATE rather than save(): a row deleted since it was read is 0 rows, not an error.
    if not ClassMembership.objects.filter(pk=membership.pk).update(**values):
        return False
    for name, value in values.items():
        setattr(membership, name, value)
    return True
