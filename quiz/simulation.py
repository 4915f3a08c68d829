"""Simulated students: how well does the questionnaire tell the roles apart?

Pure Python, like :mod:`quiz.scoring`. Two kinds of simulated students, each
scored like a real one; we count how often their own role comes first and in
the top 3, and which roles they are confused with.

- :func:`evaluate` (*noisy copies*): for each role, ``per_role`` students give
  the answer that role's profile suggests (:func:`preferred_answer`), except
  that with probability ``noise`` they pick at random. This measures
  self-consistency: the students are the role's profile plus noise.
- :func:`evaluate_levels` (*students of their own*): each student first draws
  their own level on every dimension around the role's expected level
  (``N(t_d, spread)``, clipped to 0..1), then answers each question by a
  softmax over how well each answer fits *those* levels (the squared distance
  between what the answer says on the question's dimensions and the student's
  levels, divided by ``temperature``), and answers "je ne sais pas" to a
  self-rating with probability ``dont_know``. Two students of the same role
  differ as two people do, and nobody answers exactly like the profile.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from quiz.scoring import QuestionData, RoleData, rank_scores, student_profile

Answer = list[int]
Answers = dict[int, Answer]

# The students of their own: how far a student's levels stray from the role's (per dimension),
# how sharply they prefer the answer that fits them best, how often they say "je ne sais pas".
LEVEL_SPREAD = 0.15
TEMPERATURE = 0.25
DONT_KNOW_RATE = 0.1


@dataclass
class RoleRecovery:
    role: str
    top1: float
    top3: float
    confused_with: dict[str, int] = field(default_factory=dict)


@dataclass
class Evaluation:
    top1: float
    top3: float
    per_role: dict[str, RoleRecovery]
    confused: list[tuple[str, str, int]]  # (true role, ranked first instead, count)
    students: int

    def as_dict(self) -> dict:
        return {
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "students": self.students,
            "per_role": {
                slug: {"top1": round(r.top1, 4), "top3": round(r.top3, 4)}
                for slug, r in self.per_role.items()
            },
            "confused": [{"role": a, "taken_for": b, "count": n} for a, b, n in self.confused],
        }


def answer_options(question: QuestionData) -> list[tuple[int, ...]]:
    """Every answer a student who knows can give (no "je ne sais pas"), in a fixed order.

    One choice for a single-choice question; every non-empty subset, smallest first, for
    a multiple-choice one.
    """
    choices = [c for c in question.choices if not c.dont_know]
    if not question.multiple:
        return [(c.id,) for c in choices]
    return [
        tuple(c.id for c in combo)
        for size in range(1, len(choices) + 1)
        for combo in itertools.combinations(choices, size)
    ]


def answer_distance(question: QuestionData, answer: Sequence[int], levels: Mapping[str, float]) -> float:
    """How far what ``answer`` says on the question's dimensions lies from ``levels`` (squared)."""
    chosen = set(answer)
    picked = [c for c in question.choices if c.id in chosen]
    total = 0.0
    for d, (lo, hi) in question.ranges().items():
        position = (sum(c.effects.get(d, 0.0) for c in picked) - lo) / (hi - lo)
        total += (position - levels.get(d, 0.0)) ** 2
    # Rounded so that two equally good answers tie exactly and the earlier one wins.
    return round(total, 9)


def role_levels(role: RoleData, dimensions: Sequence[str]) -> dict[str, float]:
    return {d: role.target(d) for d in dimensions}


def ranked_answers(question: QuestionData, levels: Mapping[str, float]) -> list[tuple[int, ...]]:
    """The answers of :func:`answer_options`, the one closest to ``levels`` first (stable on ties)."""
    options = answer_options(question)
    return sorted(options, key=lambda a: answer_distance(question, a, levels))


def preferred_answer(question: QuestionData, role: RoleData) -> list[int]:
    """The choice(s) a student with exactly this role's profile would give.

    The one whose outcome on the question's dimensions lies closest to the
    role's expected levels; for a multiple-choice question, the closest subset.
    Never "je ne sais pas". Ties go to the earlier choice, so the answer is
    deterministic.
    """
    if not question.ranges():
        return [question.choices[0].id] if question.choices else []
    levels = {d: role.target(d) for d in question.ranges()}
    return list(ranked_answers(question, levels)[0])


def second_best_answer(question: QuestionData, role: RoleData) -> list[int] | None:
    """The answer such a student would give if not the preferred one (None if there is none)."""
    if not question.ranges():
        return None
    levels = {d: role.target(d) for d in question.ranges()}
    ranked = ranked_answers(question, levels)
    return list(ranked[1]) if len(ranked) > 1 else None


def random_answer(question: QuestionData, rng: random.Random) -> list[int]:
    """A uniformly random answer: any choice ("je ne sais pas" included), or each ticked at 50 %."""
    if not question.multiple:
        return [rng.choice(question.choices).id]
    choices = [c for c in question.choices if not c.dont_know]
    picked = [c.id for c in choices if rng.random() < 0.5]
    return picked or [rng.choice(choices).id]


def random_answers(questions: Sequence[QuestionData], rng: random.Random) -> Answers:
    return {q.id: random_answer(q, rng) for q in questions if q.choices}


def is_self_rating(question: QuestionData) -> bool:
    """A question with a "je ne sais pas" choice: the student rates themselves, or says they cannot."""
    return any(c.dont_know for c in question.choices)


def softmax_answer(
    question: QuestionData,
    levels: Mapping[str, float],
    rng: random.Random,
    *,
    temperature: float = TEMPERATURE,
    dont_know: float = DONT_KNOW_RATE,
) -> list[int]:
    """The answer of a student with these ``levels``: likelier the better it fits them."""
    if is_self_rating(question) and rng.random() < dont_know:
        return [next(c.id for c in question.choices if c.dont_know)]
    options = answer_options(question)
    if not options:
        return []
    distances = [answer_distance(question, a, levels) for a in options]
    best = min(distances)
    weights = [math.exp(-(x - best) / temperature) for x in distances]
    return list(rng.choices(options, weights=weights)[0])


def draw_levels(
    role: RoleData, dimensions: Sequence[str], rng: random.Random, spread: float | Mapping[str, float]
) -> dict[str, float]:
    """A student's own levels, each drawn around the role's expected level and clipped to 0..1."""
    levels = {}
    for d in dimensions:
        sigma = spread if isinstance(spread, int | float) else spread.get(d, LEVEL_SPREAD)
        levels[d] = min(1.0, max(0.0, rng.gauss(role.target(d), sigma)))
    return levels


Student = Callable[[RoleData, random.Random], Answers]


def recovery(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    student: Student,
    *,
    per_role: int,
    seed: int,
) -> Evaluation:
    """Draw ``per_role`` students of each role with ``student`` and count where their role ranks."""
    rng = random.Random(seed)
    per: dict[str, RoleRecovery] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    hits1 = hits3 = 0
    for role in roles:
        top1 = top3 = 0
        for _ in range(per_role):
            answers = student(role, rng)
            ranking = [
                slug for slug, _ in rank_scores(student_profile(questions, answers), roles, dimensions)
            ]
            top1 += ranking[0] == role.slug
            top3 += role.slug in ranking[:3]
            if ranking[0] != role.slug:
                confusions[(role.slug, ranking[0])] += 1
        hits1 += top1
        hits3 += top3
        n = max(per_role, 1)
        per[role.slug] = RoleRecovery(
            role.slug,
            top1 / n,
            top3 / n,
            {b: c for (a, b), c in confusions.items() if a == role.slug},
        )
    students = max(per_role * len(roles), 1)
    worst = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))[:10]
    return Evaluation(
        hits1 / students,
        hits3 / students,
        per,
        [(a, b, n) for (a, b), n in worst],
        per_role * len(roles),
    )


def noisy_student(questions: Sequence[QuestionData], roles: Sequence[RoleData], noise: float) -> Student:
    """Students who answer as their role's profile suggests, at random with probability ``noise``."""
    preferred = {(r.slug, q.id): preferred_answer(q, r) for r in roles for q in questions}

    def student(role: RoleData, rng: random.Random) -> Answers:
        return {
            q.id: random_answer(q, rng) if rng.random() < noise else preferred[(role.slug, q.id)]
            for q in questions
        }

    return student


def level_student(
    questions: Sequence[QuestionData],
    dimensions: Sequence[str],
    *,
    spread: float | Mapping[str, float] = LEVEL_SPREAD,
    temperature: float = TEMPERATURE,
    dont_know: float = DONT_KNOW_RATE,
) -> Student:
    """Students with levels of their own around their role's, answering by a softmax."""

    def student(role: RoleData, rng: random.Random) -> Answers:
        levels = draw_levels(role, dimensions, rng, spread)
        return {
            q.id: softmax_answer(q, levels, rng, temperature=temperature, dont_know=dont_know)
            for q in questions
        }

    return student


def evaluate(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    per_role: int = 200,
    noise: float = 0.3,
    seed: int = 2024,
) -> Evaluation:
    """Recovery of noisy copies of each role's profile (see the module docstring)."""
    questions = [q for q in questions if q.choices]
    student = noisy_student(questions, roles, noise)
    return recovery(questions, roles, dimensions, student, per_role=per_role, seed=seed)


def evaluate_levels(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    per_role: int = 200,
    spread: float | Mapping[str, float] = LEVEL_SPREAD,
    temperature: float = TEMPERATURE,
    dont_know: float = DONT_KNOW_RATE,
    seed: int = 2024,
) -> Evaluation:
    """Recovery of students with levels of their own (see the module docstring)."""
    questions = [q for q in questions if q.choices]
    student = level_student(
        questions, dimensions, spread=spread, temperature=temperature, dont_know=dont_know
    )
    return recovery(questions, roles, dimensions, student, per_role=per_role, seed=seed)
