"""Scoring: answers and role profiles in, ranked fits with explanations out.

Pure Python on purpose (no Django import): views and services turn models into
the plain dataclasses below, so the maths can be tested and simulated alone.

The model
---------
*Student profile.* Every choice says something about the student on some
dimensions (a signed effect, e.g. -2..+2). For one question and one dimension
the reachable range is ``[lo, hi]``: the smallest and largest effect among the
choices (single choice) or the sum of the negative and of the positive effects
(multiple choice), always including 0. The student's level on a dimension is

    s_d = (sum of chosen effects - sum of lo) / (sum of hi - sum of lo)   in [0, 1]

over the answered questions that touch ``d``. Dividing by the reachable range
means a dimension asked about by six questions is not favoured over one asked
about by two. A question answered "je ne sais pas" (a choice flagged
``dont_know``) counts as unanswered for every dimension it touches; a dimension
no answer touched stays *unknown* and is left out of every fit rather than
guessed.

*Role profile.* Each role weights every dimension from 0 (not part of the job)
to 5 (the core of the job); ``t_d = weight / 5`` is the level the job expects.

*Fit.* A fit is 100 minus what the student loses against the role, and each
dimension's loss is explainable on its own:

- on a dimension the role needs (``t_d > 0``) the student loses
  ``t_d * max(0, t_d - s_d)``: only a *shortfall* costs, weighted by how much
  the role cares; being stronger than needed never hurts;
- on a dimension the role does not use (``t_d = 0``) the student loses
  ``OFF_PROFILE_PENALTY * s_d``: a strong pull towards something the job never
  asks for says the student would be happier elsewhere.

    fit = 100 * (1 - sum(loss_d) / sum(max_loss_d))

where ``max_loss_d`` is the loss of the worst possible student (``t_d ** 2``
on needed dimensions, ``OFF_PROFILE_PENALTY`` on unused ones). Each dimension
therefore owns a share of the 100 points, ``100 * max_loss_d / total``, and the
student earns ``100 * (max_loss_d - loss_d) / total`` of it: the shares are the
explanation, and they add up to the fit exactly.

Why this shape: a linear score (sum of weight x level) rewards a student who is
strong everywhere equally for every role and is maximised by extreme profiles,
not by the role's own; a symmetric distance punishes a student for being
*better* than a job needs. This asymmetric loss is monotone (raising a student
on a dimension a role needs never lowers that role's fit), and a student whose
profile equals a role's scores exactly 100 for that role. Ties are broken by
closeness (the smaller weighted distance to the role's expected levels, so of
two perfect fits the role whose expectations match the student best wins), then
by slug, so the ranking is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MAX_WEIGHT = 5
# A needed dimension is a strength once the student reaches this share of the job's
# expected level, and a gap below it: small shortfalls are not worth a training step.
STRENGTH_RATIO = 0.75
OFF_PROFILE_PENALTY = 0.35
# Level ranks, shared with the training path: a step whose target level is at or
# below the student's rank is already behind them.
LEVEL_RANKS: dict[str, int] = {
    code: rank for rank, code in enumerate(["none", "cap-bacpro", "bac", "bac2", "bac3", "bac5", "bac8"])
}


@dataclass(frozen=True)
class ChoiceData:
    id: int
    effects: Mapping[str, float]  # dimension slug -> signed effect
    dont_know: bool = False  # "je ne sais pas": the question counts as unanswered


@dataclass(frozen=True)
class QuestionData:
    id: int
    multiple: bool
    choices: Sequence[ChoiceData]

    def ranges(self) -> dict[str, tuple[float, float]]:
        """The reachable (lo, hi) per dimension this question touches."""
        # Sorted, so that sums over the ranges happen in the same order in every process
        # (set order depends on PYTHONHASHSEED, and float addition is not associative).
        answers = [c for c in self.choices if not c.dont_know]
        dims = sorted({d for c in answers for d in c.effects})
        out: dict[str, tuple[float, float]] = {}
        for d in dims:
            values = [c.effects.get(d, 0.0) for c in answers]
            if self.multiple:
                lo = sum(v for v in values if v < 0)
                hi = sum(v for v in values if v > 0)
            else:
                lo, hi = min(0.0, *values), max(0.0, *values)
            if hi > lo:
                out[d] = (lo, hi)
        return out


@dataclass(frozen=True)
class TrainingStepData:
    id: int
    title: str
    kind: str
    from_level: str | None
    to_level: str | None
    dimensions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoleData:
    slug: str
    title: str
    weights: Mapping[str, int]  # dimension slug -> 0..MAX_WEIGHT
    steps: Sequence[TrainingStepData] = ()

    def target(self, dimension: str) -> float:
        return self.weights.get(dimension, 0) / MAX_WEIGHT


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    student: float  # 0..1
    expected: float  # 0..1, the role's t_d
    earned: float  # points of the fit this dimension earned
    share: float  # points this dimension could earn at most

    @property
    def lost(self) -> float:
        return self.share - self.earned


@dataclass(frozen=True)
class Fit:
    role: str
    score: float  # 0..100
    closeness: float  # tie-break: higher is closer
    dimensions: tuple[DimensionScore, ...]

    @property
    def strengths(self) -> list[DimensionScore]:
        """Needed dimensions where the student reaches most of what the job asks, the biggest earners first."""
        met = [d for d in self.dimensions if d.expected > 0 and _meets(d)]
        return sorted(met, key=lambda d: (-d.earned, d.dimension))

    @property
    def gaps(self) -> list[DimensionScore]:
        """Needed dimensions where the student falls clearly short, the costliest first.

        Disjoint from the strengths: a dimension is one or the other, never both, so the
        explanation never says "this is why it fits you" and "learn this" of the same thing.
        """
        short = [d for d in self.dimensions if d.expected > 0 and not _meets(d)]
        return sorted(short, key=lambda d: (-d.lost, d.dimension))

    @property
    def elsewhere(self) -> list[DimensionScore]:
        """Unused dimensions that pull the student away from this role."""
        pulls = [d for d in self.dimensions if d.expected == 0 and d.lost > 0]
        return sorted(pulls, key=lambda d: (-d.lost, d.dimension))


def _meets(d: DimensionScore) -> bool:
    return d.student >= STRENGTH_RATIO * d.expected


@dataclass(frozen=True)
class PathStep:
    step: TrainingStepData
    closes_gaps: tuple[str, ...] = field(default=())


def student_profile(
    questions: Iterable[QuestionData], answers: Mapping[int, Iterable[int]]
) -> dict[str, float]:
    """The student's level (0..1) per dimension touched by an answered question.

    ``answers`` maps a question id to the chosen choice ids; unanswered
    questions, questions answered "je ne sais pas" and unknown choice ids are
    ignored.
    """
    raw: dict[str, float] = {}
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for question in questions:
        if question.id not in answers:
            continue
        chosen = set(answers[question.id])
        picked = [c for c in question.choices if c.id in chosen]
        if any(c.dont_know for c in picked):
            continue
        # Ticking nothing on a multiple-choice question is an answer ("none of these");
        # a single-choice question without a valid choice is not.
        if not picked and not question.multiple:
            continue
        if not question.multiple:
            picked = picked[:1]
        for d, (lo, hi) in question.ranges().items():
            raw[d] = raw.get(d, 0.0) + sum(c.effects.get(d, 0.0) for c in picked)
            low[d] = low.get(d, 0.0) + lo
            high[d] = high.get(d, 0.0) + hi
    return {d: _clamp((raw[d] - low[d]) / (high[d] - low[d])) for d in raw}


def fit(profile: Mapping[str, float], role: RoleData, dimensions: Iterable[str]) -> Fit:
    """How well a student profile fits one role, dimension by dimension."""
    parts: list[tuple[str, float, float, float, float]] = []
    for d in sorted(set(dimensions)):
        if d not in profile:
            continue  # unknown: never judged
        s, t = _clamp(profile[d]), role.target(d)
        if t > 0:
            max_loss, loss = t * t, t * max(0.0, t - s)
        else:
            max_loss, loss = OFF_PROFILE_PENALTY, OFF_PROFILE_PENALTY * s
        parts.append((d, s, t, max_loss, loss))
    total = sum(p[3] for p in parts)
    if total <= 0:
        return Fit(role.slug, 0.0, 0.0, ())
    scores = tuple(
        DimensionScore(d, s, t, 100 * (ml - loss) / total, 100 * ml / total) for d, s, t, ml, loss in parts
    )
    # From the losses directly (not the sum of shares) so a perfect fit is exactly 100.
    score = _clamp(100 * (1 - sum(p[4] for p in parts) / total), 0.0, 100.0)
    closeness = -sum(max(t, 0.2) * abs(s - t) for _, s, t, _, _ in parts)
    return Fit(role.slug, score, closeness, scores)


def rank(profile: Mapping[str, float], roles: Iterable[RoleData], dimensions: Iterable[str]) -> list[Fit]:
    """All roles, best fit first; ties broken by closeness, then slug."""
    dims = list(dimensions)
    fits = [fit(profile, r, dims) for r in roles]
    return sorted(fits, key=lambda f: (-round(f.score, 9), -round(f.closeness, 9), f.role))


def training_path(role: RoleData, level: str | None, gaps: Iterable[str]) -> list[PathStep]:
    """The role's steps still ahead of a student at ``level``, gap-closing ones marked.

    A diploma whose target level the student has already reached is behind
    them; courses, projects and experience stay, since they build skills at
    any level. An unknown level keeps the whole path.
    """
    rank_now = LEVEL_RANKS.get(level or "", -1)
    gap_set = set(gaps)
    path = []
    for step in role.steps:
        reached = step.to_level is not None and LEVEL_RANKS.get(step.to_level, 99) <= rank_now
        if reached and step.kind == "diploma":
            continue
        path.append(PathStep(step, tuple(sorted(step.dimensions & gap_set))))
    return path


def drivers(
    questions: Iterable[QuestionData],
    answers: Mapping[int, Iterable[int]],
    dimension: str,
    *,
    limit: int = 2,
) -> list[tuple[int, int, float]]:
    """The answers that raised the student most on ``dimension``.

    Returns ``(question id, choice id, effect)``, strongest first, so the
    results can say *which answers* made a dimension a strength.
    """
    found = []
    for question in questions:
        chosen = set(answers.get(question.id, ()))
        for choice in question.choices:
            effect = choice.effects.get(dimension, 0.0)
            if choice.id in chosen and effect > 0:
                found.append((question.id, choice.id, effect))
    found.sort(key=lambda item: (-item[2], item[0], item[1]))
    return found[:limit]


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x
