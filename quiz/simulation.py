"""Simulated students: how well does the questionnaire tell the roles apart?

Pure Python, like :mod:`quiz.scoring`. For each role, ``per_role`` students
answer every question the way that role's profile suggests, except that with
probability ``noise`` they pick at random. Each simulated student is then
scored like a real one; we count how often their own role comes first and in
the top 3, and which roles they are confused with.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz.scoring import ChoiceData, QuestionData, RoleData, rank, student_profile


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


def preferred_answer(question: QuestionData, role: RoleData) -> list[int]:
    """The choice(s) a student with exactly this role's profile would give.

    The one whose outcome on the question's dimensions lies closest to the
    role's expected levels; for a multiple-choice question, the closest subset.
    Ties go to the earlier choice, so the answer is deterministic.
    """
    ranges = question.ranges()
    if not ranges:
        return [question.choices[0].id] if question.choices else []

    def distance(picked: Sequence[ChoiceData]) -> float:
        total = 0.0
        for d, (lo, hi) in ranges.items():
            position = (sum(c.effects.get(d, 0.0) for c in picked) - lo) / (hi - lo)
            total += (position - role.target(d)) ** 2
        # Rounded so that two equally good answers tie exactly and the earlier one wins.
        return round(total, 9)

    if not question.multiple:
        best = min(question.choices, key=lambda choice: distance([choice]))
        return [best.id]
    subsets = (
        combo
        for size in range(1, len(question.choices) + 1)
        for combo in itertools.combinations(question.choices, size)
    )
    return [c.id for c in min(subsets, key=distance)]


def random_answer(question: QuestionData, rng: random.Random) -> list[int]:
    if not question.multiple:
        return [rng.choice(question.choices).id]
    picked = [c.id for c in question.choices if rng.random() < 0.5]
    return picked or [rng.choice(question.choices).id]


def evaluate(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    per_role: int = 200,
    noise: float = 0.3,
    seed: int = 2024,
) -> Evaluation:
    rng = random.Random(seed)
    questions = [q for q in questions if q.choices]
    preferred = {(r.slug, q.id): preferred_answer(q, r) for r in roles for q in questions}
    per: dict[str, RoleRecovery] = {}
    confusions: Counter[tuple[str, str]] = Counter()
    hits1 = hits3 = 0
    for role in roles:
        top1 = top3 = 0
        for _ in range(per_role):
            answers = {
                q.id: random_answer(q, rng) if rng.random() < noise else preferred[(role.slug, q.id)]
                for q in questions
            }
            ranking = [f.role for f in rank(student_profile(questions, answers), roles, dimensions)]
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
