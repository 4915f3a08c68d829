from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from classes.lifecycle import sessions_purge
from classes.models import ClassMembership, ClassSession
from quiz.models import Attempt
from tests.factories import ClassMembershipFactory, ClassSessionFactory

pytestmark = pytest.mark.django_db


def expired_session() -> ClassSession:
    now = timezone.now()
    return ClassSessionFactory(created_at=now - timedelta(days=15), expires_at=now - timedelta(days=1))


def test_the_purge_removes_expired_sessions_and_their_links_only():
    old, live = expired_session(), ClassSessionFactory()
    old_member, live_member = ClassMembershipFactory(session=old), ClassMembershipFactory(session=live)
    assert sessions_purge(dry_run=True) == 1
    assert ClassSession.objects.count() == 2
    assert sessions_purge() == 1
    assert list(ClassSession.objects.all()) == [live]
    assert list(ClassMembership.objects.all()) == [live_member]
    # The student's own quiz stays: it follows the quiz's retention rules.
    assert Attempt.objects.filter(pk=old_member.attempt_id).exists()


def test_purge_attempts_also_purges_class_sessions():
    expired_session()
    out = io.StringIO()
    call_command("purge_attempts", stdout=out)
    assert "deleted 1 expired class session(s)" in out.getvalue()
    assert not ClassSession.objects.exists()


def test_purging_an_attempt_removes_it_from_its_class(settings):
    member = ClassMembershipFactory()
    Attempt.objects.filter(pk=member.attempt_id).update(
        updated_at=timezone.now() - timedelta(days=settings.ATTEMPT_IDLE_DAYS + 1)
    )
    call_command("purge_attempts", stdout=io.StringIO())
    assert not ClassMembership.objects.exists()
    assert ClassSession.objects.filter(pk=member.session_id).exists()
