"""How the quiz is used: aggregates over attempts, answers and results, never one student's.

Every figure is one grouped query (``annotate``/``aggregate``) over an indexed date range, so the
page reads the same number of queries with ten attempts or a hundred thousand. Nothing here
returns a row per attempt: counts per day, per question, per choice, per first role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.fields.json import KT
from django.db.models.functions import TruncDate
from django.utils import timezone

from careers.models import Dimension, Role
from core import content_version
from quiz import measures, scoring
from quiz.models import AnswerChoice, Attempt, Question, Questionnaire, Result
from quiz.selectors import questions_data, questions_with_effects, roles_data

# A choice nobody picks, or a question everyone answers alike, is flagged once this many answered.
FLAG_FLOOR = 20
SAME_ANSWER_SHARE = 0.95
FAIRNESS_STUDENTS = 2000


@dataclass
class Day:
    day: datetime.date
    started: int
    finished: int


@dataclass
class ChoiceUse:
    text: str
    count: int
    share: float
    never: bool


@dataclass
class QuestionUse:
    position: int
    text: str
    reached: int  # attempts that answered it
    stopped: int  # attempts that answered the question before it, and not this one
    answers: int
    choices: list[ChoiceUse] = field(default_factory=list)
    same_answer: bool = False

    @property
    def never_picked(self) -> list[str]:
        return [c.text for c in self.choices if c.never]


@dataclass
class FirstRole:
    slug: str
    title: str
    count: int
    share: float
    predicted: float | None  # share of random answerers who get it first (fairness)


@dataclass
class Usage:
    start: datetime.date
    end: datetime.date
    questionnaire: Questionnaire | None
    days: list[Day]
    started: int
    finished: int
    questions: list[QuestionUse]
    first_roles: list[FirstRole]
    results: int
    low_confidence: int

    @property
    def completion(self) -> float:
        return self.finished / self.started if self.started else 0.0

    @property
    def low_confidence_share(self) -> float:
        return self.low_confidence / self.results if self.results else 0.0


def _range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of ``start`` to the end of ``end``, in the site's time zone."""
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return begin, finish


def predicted_first_roles() -> dict[str, float]:
    """Each published role's share of first places among students answering at random (the
    fairness section of evaluate_quiz), cached under the content version."""

    def build() -> dict[str, float]:
        questionnaire = Questionnaire.objects.published().first()
        roles = roles_data()
        if questionnaire is None or not roles:
            return {}
        questions = [q for q in questions_data(questions_with_effects(questionnaire.pk)) if q.choices]
        dimensions = list(Dimension.objects.values_list("slug", flat=True))
        section = measures.fairness(
            questions, roles, dimensions, scoring.CALIBRATION, students=FAIRNESS_STUDENTS
        )
        return section.shares

    return content_version.get_or_build(content_version.current(), "predicted-first-roles", build)


def usage(*, start: datetime.date, end: datetime.date, questionnaire: Questionnaire | None = None) -> Usage:
    """The quiz's use between ``start`` and ``end`` (inclusive, by start date of the attempts),
    per question for ``questionnaire`` (default: the published one)."""
    begin, finish = _range(start, end)
    attempts = Attempt.objects.filter(created_at__gte=begin, created_at__lt=finish)

    days = [
        Day(row["day"], row["started"], row["finished"])
        for row in attempts.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(started=Count("id"), finished=Count("id", filter=Q(finished_at__isnull=False)))
        .order_by("day")
    ]
    started = sum(d.started for d in days)
    finished = sum(d.finished for d in days)

    questionnaire = questionnaire or Questionnaire.objects.published().first()
    questions = _questions(questionnaire, attempts) if questionnaire is not None else []

    results = Result.objects.filter(attempt__created_at__gte=begin, attempt__created_at__lt=finish)
    totals = results.aggregate(results=Count("id"), low=Count("id", filter=Q(snapshot__low_confidence=True)))
    firsts = {
        row["first"]: row["count"]
        for row in results.annotate(first=KT("snapshot__fits__0__role"))
        .values("first")
        .annotate(count=Count("id"))
        .order_by()
    }
    predicted = predicted_first_roles()
    titles = dict(Role.objects.filter(slug__in=[*firsts, *predicted]).values_list("slug", "title"))
    total = totals["results"] or 0
    first_roles = [
        FirstRole(
            slug,
            titles.get(slug, slug or "?"),
            firsts.get(slug, 0),
            firsts.get(slug, 0) / total if total else 0.0,
            predicted.get(slug),
        )
        for slug in sorted(
            {*firsts, *predicted} - {None}, key=lambda s: (-firsts.get(s, 0), titles.get(s, s))
        )
    ]
    return Usage(
        start, end, questionnaire, days, started, finished, questions, first_roles, total, totals["low"]
    )


def _questions(questionnaire: Questionnaire, attempts) -> list[QuestionUse]:
    """Per question of ``questionnaire``, in order: how many reached it, stopped there, and how
    its answers spread over its choices (two grouped queries, plus the questions)."""
    rows = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"))
    ticked = (
        AnswerChoice.objects.filter(
            answer__attempt__in=attempts, answer__question__questionnaire=questionnaire
        )
        .values("answer__question_id", "choice_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    per_choice = {(row["answer__question_id"], row["choice_id"]): row["count"] for row in ticked}
    reached = dict(
        attempts.filter(questionnaire=questionnaire, answers__question__questionnaire=questionnaire)
        .values("answers__question_id")
        .annotate(count=Count("id"))
        .values_list("answers__question_id", "count")
    )
    started = attempts.filter(questionnaire=questionnaire).count()
    out = []
    before = started
    for position, question in enumerate(rows, start=1):
        count = reached.get(question.pk, 0)
        picks = [(choice, per_choice.get((question.pk, choice.pk), 0)) for choice in question.choices.all()]
        answers = sum(n for _, n in picks)
        use = QuestionUse(
            position=position,
            text=question.text,
            reached=count,
            stopped=max(before - count, 0),
            answers=answers,
            choices=[
                ChoiceUse(
                    choice.text,
                    n,
                    n / answers if answers else 0.0,
                    never=answers >= FLAG_FLOOR and n == 0 and not choice.dont_know,
                )
                for choice, n in picks
            ],
        )
        use.same_answer = (
            answers >= FLAG_FLOOR
            and not question.multiple
            and any(c.share >= SAME_ANSWER_SHARE for c in use.choices)
        )
        out.append(use)
        before = count
    return out


def csv_rows(report: Usage) -> list[list[object]]:
    """The page's tables as CSV rows: section, item, figures."""
    rows: list[list[object]] = [["section", "item", "value", "second value"]]
    rows += [["day", d.day.isoformat(), d.started, d.finished] for d in report.days]
    rows.append(["total", "started / finished", report.started, report.finished])
    rows.append(["total", "completion rate", round(report.completion, 4), ""])
    for q in report.questions:
        rows.append(["question reached / stopped", f"{q.position}. {q.text}", q.reached, q.stopped])
        rows += [["answer", f"{q.position}. {c.text}", c.count, round(c.share, 4)] for c in q.choices]
    rows += [
        [
            "first role (share / predicted)",
            r.title,
            round(r.share, 4),
            "" if r.predicted is None else round(r.predicted, 4),
        ]
        for r in report.first_roles
    ]
    rows.append(["results", "low confidence", report.low_confidence, round(report.low_confidence_share, 4)])
    return rows


# The per-day chart: columns, started behind finished, drawn by templates/admin/quiz/usage.html.
CHART_WIDTH = 720
CHART_HEIGHT = 160
CHART_TOP = 16
CHART_AXIS = 20


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    width: float
    started_y: float
    started_height: float
    finished_y: float
    finished_height: float
    started: int
    finished: int


@dataclass(frozen=True)
class DayChart:
    width: int
    height: int
    baseline: float
    columns: tuple[Column, ...]
    peak: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def day_chart(days: list[Day]) -> DayChart | None:
    """Started and finished quizzes per day as columns, scaled to the busiest day."""
    if not days:
        return None
    peak = max(d.started for d in days) or 1
    plot = CHART_HEIGHT - CHART_TOP - CHART_AXIS
    baseline = CHART_HEIGHT - CHART_AXIS
    slot = CHART_WIDTH / len(days)
    width = max(slot * 0.7, 1.0)
    columns = []
    for index, d in enumerate(days):
        started = plot * d.started / peak
        finished = plot * d.finished / peak
        columns.append(
            Column(
                d.day.strftime("%d/%m"),
                round(index * slot + (slot - width) / 2, 1),
                round(width, 1),
                round(baseline - started, 1),
                round(started, 1),
                round(baseline - finished, 1),
                round(finished, 1),
                d.started,
                d.finished,
            )
        )
    return DayChart(CHART_WIDTH, CHART_HEIGHT, baseline, tuple(columns), peak)
