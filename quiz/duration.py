"""How long the quiz takes, as the landing page says it: the median of real students' finished
quizzes once there are enough of them, and until then an estimate from the questionnaire's own
text. Plain Python, no Django: the selector feeds it durations and word counts."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

# Silent reading speed of French adults, 195 ± 26 words a minute (IReST, Trauzettel-Klosinski &
# Dietz, "Standardized assessment of reading performance", IOVS 2012). Every word of every
# question, hint and answer is counted as read, which students who skim do not: the estimate
# errs long, and gives way to the measured median as soon as there is one.
READING_WORDS_PER_MINUTE = 195
# Time to tap an answer once it is read.
SECONDS_TO_CHOOSE = 4
# Below this many finished quizzes the median says more about who tried than about the quiz.
MIN_SAMPLE = 30
# A quiz left open in a tab for hours is not a quiz that took hours.
LONGEST_PLAUSIBLE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Duration:
    minutes: int
    measured: bool  # the median of real quizzes (True) or the estimate from the text (False)
    sample: int  # how many finished quizzes the median is taken over


def estimate_seconds(word_count: int, question_count: int) -> float:
    """Reading every question and answer at READING_WORDS_PER_MINUTE, then choosing."""
    return word_count / READING_WORDS_PER_MINUTE * 60 + question_count * SECONDS_TO_CHOOSE


def typical(durations: Iterable[float], *, word_count: int, question_count: int) -> Duration:
    """The median of ``durations`` (seconds) when there are at least MIN_SAMPLE plausible ones,
    else the estimate from the text; in whole minutes, rounded up, at least one."""
    plausible = [d for d in durations if 0 < d <= LONGEST_PLAUSIBLE_SECONDS]
    if len(plausible) >= MIN_SAMPLE:
        seconds, measured = statistics.median(plausible), True
    else:
        seconds, measured = estimate_seconds(word_count, question_count), False
    return Duration(
        minutes=max(1, math.ceil(seconds / 60)), measured=measured, sample=len(plausible) if measured else 0
    )
