"""Data retention: the purge of old attempts and its command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quiz.lifecycle import attempts_purge
from quiz.models import Answer, Attempt, Result
from tests.factories import AnswerFactory, AttemptFactory, QuestionFactory, ResultFactory

pytestmark = pytest.mark.django_db


def aged(*, updated_days: float, finished_days: float | None = None) -> Attempt:
    """An attempt last touched ``updated_days`` ago (finished ``finished_days`` ago, if given)."""
    now = timezone.now()
    attempt = AttemptFactory()
    AnswerFactory(attempt=attempt, question=QuestionFactory(questionnaire=attempt.questionnaire))
    if finished_days is not None:
        ResultFactory(attempt=attempt)
    # auto_now fields: set the past with update(), which bypasses them.
    Attempt.objects.filter(pk=attempt.pk).update(
        created_at=now - timedelta(days=max(updated_days, finished_days or 0) + 1),
        updated_at=now - timedelta(days=updated_days),
        finished_at=None if finished_days is None else now - timedelta(days=finished_days),
    )
    return attempt


def test_it_deletes_unfinished_attempts_idle_for_a_week_with_their_answers():
    old = aged(updated_days=8)
    recent = aged(updated_days=6)
    report = attempts_purge()
    assert (report.unfinished, report.finished) == (1, 0)
    assert list(Attempt.objects.all()) == [recent]
    assert not Answer.objects.filter(attempt_id=old.pk).exists()


def test_it_keeps_a_recently_touched_attempt_even_if_started_long_ago():
    attempt = aged(updated_days=1)
    Attempt.objects.filter(pk=attempt.pk).update(created_at=timezone.now() - timedelta(days=60))
    attempts_purge()
    assert Attempt.objects.filter(pk=attempt.pk).exists()


def test_it_deletes_finished_attempts_after_the_retention_with_their_result(settings):
    settings.RESULT_RETENTION_DAYS = 30
    expired = aged(updated_days=31, finished_days=31)
    kept = aged(updated_days=29, finished_days=29)
    report = attempts_purge()
    assert (report.unfinished, report.finished) == (0, 1)
    assert list(Attempt.objects.all()) == [kept]
    assert not Result.objects.filter(attempt_id=expired.pk).exists()


def test_a_finished_attempt_is_not_purged_as_idle():
    attempt = aged(updated_days=100, finished_days=100)
    attempts_purge()
    assert Attempt.objects.filter(pk=attempt.pk).exists()


def test_a_dry_run_counts_and_deletes_nothing(settings):
    settings.RESULT_RETENTION_DAYS = 10
    aged(updated_days=8)
    aged(updated_days=11, finished_days=11)
    report = attempts_purge(dry_run=True)
    assert (report.unfinished, report.finished, report.dry_run) == (1, 1, True)
    assert Attempt.objects.count() == 2


def test_the_command_prints_the_counts(settings):
    settings.RESULT_RETENTION_DAYS = 10
    aged(updated_days=8)
    aged(updated_days=11, finished_days=11)
    aged(updated_days=0)
    out = StringIO()
    call_command("purge_attempts", "--dry-run", stdout=out)
    assert "would delete 1 unfinished attempt(s)" in out.getvalue()
    assert "1 finished attempt(s) older than 10 days" in out.getvalue()
    assert Attempt.objects.count() == 3
    out = StringIO()
    call_command("purge_attempts", stdout=out)
    assert "deleted 1 unfinished attempt(s)" in out.getvalue()
    assert Attempt.objects.count() == 1
