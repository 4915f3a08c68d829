"""The quiz's duration on the landing page: the median of real finished quizzes once there are
enough, the estimate from the text before; never the time of a "change my answers" copy."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quiz import duration
from quiz.models import Attempt
from tests.factories import AnswerFactory, AttemptFactory

# --- The maths, on its own -------------------------------------------------------------------


def test_too_few_quizzes_give_the_estimate_from_the_text():
    result = duration.typical([120.0] * (duration.MIN_SAMPLE - 1), word_count=850, question_count=25)
    expected = 850 / duration.READING_WORDS_PER_MINUTE * 60 + 25 * duration.SECONDS_TO_CHOOSE
    assert result == duration.Duration(minutes=math.ceil(expected / 60), measured=False, sample=0)


def test_enough_quizzes_give_their_median_rounded_up():
    seconds = [200.0] * 20 + [250.0] + [400.0] * 20  # median 250 s: 4 min 10 s
    result = duration.typical(seconds, word_count=10_000, question_count=99)
    assert result == duration.Duration(minutes=5, measured=True, sample=41)


def test_quizzes_left_open_for_hours_are_not_counted():
    seconds = [300.0] * duration.MIN_SAMPLE + [10 * 3600.0] * (duration.MIN_SAMPLE * 2)
    result = duration.typical(seconds, word_count=0, question_count=0)
    assert result.measured and result.minutes == 5 and result.sample == duration.MIN_SAMPLE


@given(
    st.lists(
        st.floats(min_value=1, max_value=duration.LONGEST_PLAUSIBLE_SECONDS), min_size=duration.MIN_SAMPLE
    ),
)
def test_the_median_says_half_of_the_students_took_less(seconds):
    result = duration.typical(seconds, word_count=0, question_count=0)
    assert result.measured
    # "Half of the students who finished took less" than the minutes shown.
    assert sum(s <= result.minutes * 60 for s in seconds) >= len(seconds) / 2
    assert result.minutes - 1 < max(1, math.ceil(sorted(seconds)[len(seconds) // 2] / 60)) + 1


@given(st.integers(0, 5000), st.integers(0, 60))
def test_the_estimate_is_at_least_a_minute_and_grows_with_the_text(words, questions):
    shorter = duration.typical([], word_count=words, question_count=questions)
    longer = duration.typical([], word_count=words + 400, question_count=questions)
    assert 1 <= shorter.minutes <= longer.minutes and not shorter.measured


# --- On the landing page ---------------------------------------------------------------------


def finished_quizzes(questionnaire, minutes: float, count: int, *, prefilled: bool = False) -> None:
    question = questionnaire.questions.first()
    for _ in range(count):
        attempt = AttemptFactory(questionnaire=questionnaire)
        started = timezone.now() - timedelta(hours=1)
        Attempt.objects.filter(pk=attempt.pk).update(
            created_at=started, finished_at=started + timedelta(minutes=minutes)
        )
        answer = AnswerFactory(attempt=attempt, question=question)
        answered = started + (timedelta(milliseconds=50) if prefilled else timedelta(seconds=20))
        type(answer).objects.filter(pk=answer.pk).update(created_at=answered)


@pytest.mark.django_db
def test_the_landing_page_says_the_measured_median(client, small_quiz):
    finished_quizzes(small_quiz, minutes=6.5, count=duration.MIN_SAMPLE)
    # Copies made by "change my answers" are quick and would pull the median down: left out.
    finished_quizzes(small_quiz, minutes=0.5, count=duration.MIN_SAMPLE * 2, prefilled=True)
    html = client.get(reverse("quiz:landing")).text
    assert "Environ 7 minutes\u00a0: la moitié des élèves" in html


@pytest.mark.django_db
def test_before_enough_quizzes_the_landing_page_gives_the_estimate(client, small_quiz):
    finished_quizzes(small_quiz, minutes=30, count=duration.MIN_SAMPLE - 1)
    html = client.get(reverse("quiz:landing")).text
    assert "Environ 1 minute, sans compte" in html  # four tiny questions
    assert "la moitié des élèves" not in html
