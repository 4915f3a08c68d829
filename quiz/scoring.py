"""Scoring: answers and role profiles in, ranked fits with explanations out.

Pure Python on purpose (no Django import): views and services turn models into
the plain dataclasses below, so the maths can be tested and simulated alone.

The student profile
-------------------
Every choice says something about the student on some dimensions (a signed
effect, -2..+2). For one question and one dimension the reachable range is
``[lo, hi]``: the smallest and largest effect among the choices (single
choice) or the sum of the negative and of the positive effects (multiple
choice), always including 0. The student's level on a dimension is

    s_d = (sum of chosen effects - sum of lo) / (sum of hi - sum of lo)   in [0, 1]

over the answered questions that touch ``d``, so a dimension asked about by six
questions is not favoured over one asked about by two. A question answered
"je ne sais pas" (a choice flagged ``dont_know``) counts as unanswered for every
dimension it touches; a dimension no answer touched stays *unknown* and is
left out of every fit rather than guessed.

The fit, without favourites
---------------------------
Each role weights every dimension from 0 (not part of the job) to 5 (the core of
the job); ``t_d = weight / 5`` is the level the job expects. The fit of a
student to a role has two parts, both explainable dimension by dimension.

*What the job needs.* The dimensions the role uses (``t_d > 0``) and the
student answered about own the 100 points between them, each in proportion to
``t_d ** 3``: the core of a job (weight 5) weighs 4.6 times a skill it needs at
3 and 125 times a touch at 1. On each, the student earns the part of its points
they cover::

    share_d  = 100 * t_d**3 / sum(t**3 over the role's known needed dimensions)
    earned_d = share_d * min(s_d, t_d) / t_d

Only a *shortfall* costs; being stronger than a job needs never does.

Why the cube: the weights are an editor's ordinal judgement, and the power is
how much more the core of a job counts than its side skills. The square (the
model this replaces) was measured against the cube on the seeded content
(students answering uniformly at random, ``quiz.measures``): with the square,
roles that need many side skills at 2 or 3 (the researcher, who needs two
dimensions at 5, and the performance controller) come first for 4 % of them and
the ethics specialist for 17 %, because a role that spreads its points over many
dimensions varies less from one random student to the next and so rarely tops
the list; with the cube every role comes first for 6 % to 15 % of them, and
recovery is unchanged (top-1 0.97 either way).

*What the job does not use.* The dimensions a role does not use own **no**
points. In the model this replaces, they owned a fixed share each, so a role
with five unused dimensions (the researcher) handed a student who showed little
of them 38 % of its points for free, against 17 % for the product roles: a
student low everywhere ranked the researcher first. Here, not showing something
earns nothing anywhere. A strong pull towards something the job never asks for
still says the student would be happier elsewhere, so the unused dimensions
share one *cost* budget, the same ``ELSEWHERE_BUDGET`` for every role, split
evenly between those the student answered about (``n_unused`` of them)::

    cost_d = needed_points * ELSEWHERE_BUDGET / n_unused * s_d
    fit    = needed_points - sum(cost_d)          (needed_points = sum of earned_d)

The cost is a fraction of the points earned (at most ``ELSEWHERE_BUDGET`` of
them, for a student at the top of every unused dimension), so the fit never goes
below 0, a weak fit is not pushed further down by pulls elsewhere, and the
budget is the same whatever the number of unused dimensions.

Properties (each property-tested with hypothesis):

- a student whose profile equals a role's expected levels scores exactly 100;
- a student at 0 on every dimension scores 0 for every role: nobody is steered
  by what they did not show;
- raising a needed dimension never lowers the fit; raising an unused one never
  raises it;
- ``sum(earned_d) - sum(cost_d) == fit``: the explanation adds up;
- a dimension the student left unknown changes nothing: the fit is the one
  computed as if the dimension did not exist.

Why this shape: a linear score (sum of weight x level) rewards a student who is
strong everywhere equally for every role and is maximised by extreme profiles,
not by the role's own; a symmetric distance punishes a student for being
*better* than a job needs. Ties are broken by closeness (the smaller weighted
distance to the role's expected levels, so of two perfect fits the role whose
expectations match the student best wins), then by slug, so the ranking is
deterministic.

Confidence
----------
A fit is a number computed from two dozen answers, and answers are noisy. The
measures in :mod:`quiz.measures` say how noisy, and three plain statements are
calibrated on them (``Calibration``). ``CALIBRATION`` holds the thresholds
measured on the seeded content by ``manage.py evaluate_quiz`` (200 simulated
students per role, noise 0.3, seed 2024), which prints them again for the
content of the day and fails its calibration section when the two drift apart:

- a *band* per role. Noisy copies of a role (its preferred answer to each
  question, a random one three times in ten) score their own role 72.6 at the
  median and 60.3 at the 10th percentile, so ``very_close`` ("très proche")
  starts at 73, a fit half of a role's own students reach, and ``close``
  ("proche") at 60, a fit nine in ten of them reach; below is ``explore`` ("à
  explorer"). Students answering at random reach 49.9 on their *best* role at the
  median and 58.7 at the 90th percentile: "proche" starts above what nine in ten
  of them get anywhere.
- *ties*. For each noisy copy, one question answered again at random moves the
  gap between its first two roles by 1.2 points at the median and 3.4 at the
  75th percentile: roles within ``tie`` = 3.4 points of the first of their group
  are said to be tied (:func:`tied_groups`), since one answer could swap them.
- *low confidence* ("profil encore peu marqué"). Among students answering at
  random, nine in ten have a top margin (first score minus second) of at most
  9.7 and a spread (first score minus the median score) of at most 20.1: a
  result within both is no clearer than random answers, so it gets the
  low-confidence state; so does a flat profile, whose known levels all lie
  within ``flat`` = 0.27 of each other (half the smallest range, 0.53, of the
  noisy copies' profiles at the 1st percentile). Measured: 85 % of random
  answerers and 5 % of noisy copies get the state.

Explanations that are true
--------------------------
- *why* a role fits cites only dimensions the role really needs (weight >=
  ``NEED_WEIGHT``) on which the student is *strong*: ``s_d >= STRONG_RATIO *
  t_d`` and ``s_d >= STRONG_FLOOR``, with the answers behind them
  (:func:`drivers`); a role in the ``explore`` band also gets what the job asks
  that the answers have not shown (``Fit.not_shown``), and its strengths are
  said as what already brings the student closer, not as a fit;
- *standouts* (the profile sentence): the student's three highest levels from
  ``STRONG_FLOOR`` up (:func:`standouts`); a gap or a "not shown yet" on one of
  them is said as a strong point the job asks even more of, never as a lack;
- *what sets it apart* from the role ranked just above or below
  (:func:`contrast`): dimensions where the two profiles differ by at least
  ``CONTRAST_MIN`` and the student's level lies on this role's side of the
  midpoint;
- *elsewhere*: an unused dimension only when the student is at least
  ``ELSEWHERE_LEVEL`` on it and it costs at least ``ELSEWHERE_MIN_POINTS``;
- *gaps* ("à développer"): needed dimensions where the student falls short by at
  least ``GAP_SHORTFALL``, the costliest first; never a strength.

:func:`explain` gathers all of it for one role of a ranking, each reason with
the figures that make it true.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

MAX_WEIGHT = 5
# The unused dimensions of a role share this fraction of the earned points as their cost budget.
ELSEWHERE_BUDGET = 0.25
# A needed dimension's share of the points grows as the cube of the level the job expects.
SHARE_POWER = 3
# A role "really needs" a dimension from this weight up: only those are cited as reasons.
NEED_WEIGHT = 3
# A student is strong on a dimension when they reach this share of the job's expected level,
# and at least this absolute level (so 0.15 is never a strength, even where a job expects 0.2).
STRONG_RATIO = 0.75
STRONG_FLOOR = 0.5
# A needed dimension is a gap ("à développer") when the student falls this far short of it.
GAP_SHORTFALL = 0.25
# A pull elsewhere is said only from this level and when it costs at least this many points.
ELSEWHERE_LEVEL = 0.5
ELSEWHERE_MIN_POINTS = 2.0
# Two roles' expectations must differ by this much on a dimension for it to set them apart.
CONTRAST_MIN = 0.4

Band = Literal["very_close", "close", "explore"]


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

    @cached_property
    def _ranges(self) -> dict[str, tuple[float, float]]:
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

    def ranges(self) -> dict[str, tuple[float, float]]:
        """The reachable (lo, hi) per dimension this question touches."""
        return dict(self._ranges)


@dataclass(frozen=True)
class RoleData:
    slug: str
    title: str
    weights: Mapping[str, int]  # dimension slug -> 0..MAX_WEIGHT

    def target(self, dimension: str) -> float:
        return self.weights.get(dimension, 0) / MAX_WEIGHT


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    student: float  # 0..1
    expected: float  # 0..1, the role's t_d
    earned: float  # points of the fit this dimension earned (0 on an unused dimension)
    share: float  # points this dimension could earn at most (0 on an unused dimension)
    cost: float = 0.0  # points a pull towards this unused dimension takes off the fit

    @property
    def lost(self) -> float:
        """Points this dimension keeps the student from: a shortfall, or a pull elsewhere."""
        return self.share - self.earned + self.cost

    @property
    def needed(self) -> bool:
        return self.expected > 0

    @property
    def weight(self) -> int:
        return round(self.expected * MAX_WEIGHT)


def is_strong(d: DimensionScore) -> bool:
    """The student shows most of what the job expects here, and a real level in absolute terms."""
    return d.needed and d.student >= STRONG_RATIO * d.expected and d.student >= STRONG_FLOOR


def is_gap(d: DimensionScore) -> bool:
    """The student falls clearly short of what the job expects here (and it is not a strength)."""
    return d.needed and d.expected - d.student >= GAP_SHORTFALL and not is_strong(d)


@dataclass(frozen=True)
class Fit:
    role: str
    score: float  # 0..100
    closeness: float  # tie-break: higher is closer
    dimensions: tuple[DimensionScore, ...]

    def dimension(self, slug: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.dimension == slug), None)

    @property
    def strengths(self) -> list[DimensionScore]:
        """Dimensions the role really needs (weight >= NEED_WEIGHT) where the student is strong,
        the biggest earners first: the only reasons a "why" may give."""
        met = [d for d in self.dimensions if d.weight >= NEED_WEIGHT and is_strong(d)]
        return sorted(met, key=lambda d: (-d.earned, d.dimension))

    @property
    def not_shown(self) -> list[DimensionScore]:
        """Dimensions the role really needs where the answers have not shown a strength,
        the costliest first: what a role "à explorer" asks of the student."""
        missing = [d for d in self.dimensions if d.weight >= NEED_WEIGHT and not is_strong(d)]
        return sorted(missing, key=lambda d: (-d.lost, d.dimension))

    @property
    def gaps(self) -> list[DimensionScore]:
        """Needed dimensions where the student falls clearly short, the costliest first.

        Disjoint from the strengths: a dimension is never both "why it fits you" and "to develop".
        """
        short = [d for d in self.dimensions if is_gap(d)]
        return sorted(short, key=lambda d: (-d.lost, d.dimension))

    @property
    def elsewhere(self) -> list[DimensionScore]:
        """Unused dimensions that really pull the student away from this role: a level of at
        least ELSEWHERE_LEVEL that costs at least ELSEWHERE_MIN_POINTS, the costliest first."""
        pulls = [
            d
            for d in self.dimensions
            if not d.needed and d.student >= ELSEWHERE_LEVEL and d.cost >= ELSEWHERE_MIN_POINTS
        ]
        return sorted(pulls, key=lambda d: (-d.cost, d.dimension))


STANDOUTS = 3


def standouts(profile: Mapping[str, float], order: Sequence[str] = ()) -> list[str]:
    """What the answers show most: the ``STANDOUTS`` highest levels of at least
    ``STRONG_FLOOR``, highest first (ties in ``order``, then by slug)."""
    rank = {slug: i for i, slug in enumerate(order)}
    high = [slug for slug, level in profile.items() if level >= STRONG_FLOOR]
    high.sort(key=lambda slug: (-profile[slug], rank.get(slug, len(rank)), slug))
    return high[:STANDOUTS]


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
        for d, (lo, hi) in question._ranges.items():
            raw[d] = raw.get(d, 0.0) + sum(c.effects.get(d, 0.0) for c in picked)
            low[d] = low.get(d, 0.0) + lo
            high[d] = high.get(d, 0.0) + hi
    return {d: _clamp((raw[d] - low[d]) / (high[d] - low[d])) for d in raw}


def _known(
    profile: Mapping[str, float], role: RoleData, dimensions: Iterable[str]
) -> list[tuple[str, float, float]]:
    """(dimension, student level, expected level) for every dimension the student answered about."""
    return [(d, _clamp(profile[d]), role.target(d)) for d in sorted(set(dimensions)) if d in profile]


def _score(known: Sequence[tuple[str, float, float]]) -> tuple[float, float, float, float]:
    """(fit, closeness, points earned on the needed dimensions, cost per unit of level elsewhere)."""
    total = shortfall = 0.0
    unused = 0
    for _, s, t in known:
        if t > 0:
            total += t**SHARE_POWER
            shortfall += t ** (SHARE_POWER - 1) * max(0.0, t - s)
        else:
            unused += 1
    if total <= 0:
        return 0.0, 0.0, 0.0, 0.0
    # From the shortfalls (not the sum of what is covered), so a perfect fit is exactly 100.
    # Clamped: with every needed level at 0 the subtraction can leave -1e-15, a negative cost.
    needed_points = max(0.0, 100 * (1 - shortfall / total))
    rate = needed_points * ELSEWHERE_BUDGET / max(unused, 1)
    score = needed_points - rate * sum(s for _, s, t in known if t <= 0)
    closeness = -sum(max(t, 0.2) * abs(s - t) for _, s, t in known)
    return _clamp(score, 0.0, 100.0), closeness, needed_points, rate


def fit(profile: Mapping[str, float], role: RoleData, dimensions: Iterable[str]) -> Fit:
    """How well a student profile fits one role, dimension by dimension (see the module docstring)."""
    known = _known(profile, role, dimensions)
    score, closeness, _, rate = _score(known)
    total = sum(t**SHARE_POWER for _, _, t in known if t > 0)
    if total <= 0:
        return Fit(role.slug, 0.0, 0.0, ())
    scores = tuple(
        DimensionScore(
            d, s, t, 100 * t ** (SHARE_POWER - 1) * min(s, t) / total, 100 * t**SHARE_POWER / total
        )
        if t > 0
        else DimensionScore(d, s, t, 0.0, 0.0, rate * s)
        for d, s, t in known
    )
    return Fit(role.slug, score, closeness, scores)


def _order_key(slug: str, score: float, closeness: float) -> tuple[float, float, str]:
    return (-round(score, 9), -round(closeness, 9), slug)


def rank(profile: Mapping[str, float], roles: Iterable[RoleData], dimensions: Iterable[str]) -> list[Fit]:
    """All roles, best fit first; ties broken by closeness, then slug."""
    dims = list(dimensions)
    fits = [fit(profile, r, dims) for r in roles]
    return sorted(fits, key=lambda f: _order_key(f.role, f.score, f.closeness))


def rank_scores(
    profile: Mapping[str, float], roles: Iterable[RoleData], dimensions: Iterable[str]
) -> list[tuple[str, float]]:
    """(role, score) in :func:`rank`'s order, without the explanation: for simulations."""
    dims = sorted(set(dimensions))
    scored = []
    for role in roles:
        score, closeness, _, _ = _score(
            [(d, _clamp(profile[d]), role.target(d)) for d in dims if d in profile]
        )
        scored.append((_order_key(role.slug, score, closeness), role.slug, score))
    return [(slug, score) for _, slug, score in sorted(scored)]


# Confidence -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """Thresholds measured on simulated students (quiz.measures.calibrate); see the module docstring.

    ``very_close`` and ``close`` are fit scores (0..100); ``tie`` is a number of points;
    ``margin`` and ``spread`` are the 90th percentiles of the top margin and of the spread
    (first score minus median score) of students answering at random; ``flat`` is a profile
    range (0..1) below which a profile says nothing.
    """

    very_close: float
    close: float
    tie: float
    margin: float
    spread: float
    flat: float


# Measured on the seeded content by `manage.py evaluate_quiz` (section "calibration"); a test
# fails when the content moves them by more than a few points, so they are re-measured then.
CALIBRATION = Calibration(very_close=73.0, close=60.0, tie=3.4, margin=9.7, spread=20.1, flat=0.27)


def band(score: float, calibration: Calibration = CALIBRATION) -> Band:
    """ "très proche", "proche" or "à explorer", as code values."""
    if score >= calibration.very_close:
        return "very_close"
    if score >= calibration.close:
        return "close"
    return "explore"


def tied_groups(ranking: Sequence[Fit], width: float | None = None) -> list[tuple[str, ...]]:
    """The ranking cut into groups of roles said to be tied, in order.

    A role joins the group of the role before it when its score is within ``width``
    points (default: the calibrated ``tie``) of that group's *first* role, so a group
    never stretches further than the measured noise.
    """
    width = CALIBRATION.tie if width is None else width
    groups: list[list[Fit]] = []
    for f in ranking:
        if groups and groups[-1][0].score - f.score <= width:
            groups[-1].append(f)
        else:
            groups.append([f])
    return [tuple(f.role for f in group) for group in groups]


def top_margin(scores: Sequence[float]) -> float:
    """The first score minus the second (scores best first)."""
    return scores[0] - scores[1] if len(scores) > 1 else 0.0


def top_spread(scores: Sequence[float]) -> float:
    """The first score minus the median score (scores best first)."""
    return scores[0] - statistics.median(scores) if scores else 0.0


def profile_range(profile: Mapping[str, float]) -> float:
    """The highest known level minus the lowest: how marked a profile is."""
    return max(profile.values()) - min(profile.values()) if profile else 0.0


def low_confidence(
    ranking: Sequence[Fit], profile: Mapping[str, float], calibration: Calibration = CALIBRATION
) -> bool:
    """True when the result is no clearer than what random answers give ("profil encore peu marqué").

    Either the profile is flat (its known levels all within ``calibration.flat`` of each
    other, or nothing known), or both the top margin and the spread of the scores are
    within the 90th percentile of what students answering at random produce.
    """
    return low_confidence_scores([f.score for f in ranking], profile, calibration)


def low_confidence_scores(
    scores: Sequence[float], profile: Mapping[str, float], calibration: Calibration = CALIBRATION
) -> bool:
    """:func:`low_confidence` from the scores alone (best first), for simulations."""
    if len(scores) < 2 or profile_range(profile) <= calibration.flat:
        return True
    return top_margin(scores) <= calibration.margin and top_spread(scores) <= calibration.spread


# Explanations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Driver:
    question: int
    choice: int
    effect: float


@dataclass(frozen=True)
class Reason:
    """One dimension behind a sentence of the explanation, with the figures that make it true."""

    dimension: str
    student: float
    expected: float
    points: float  # earned (a why), lost (a gap, something not shown) or cost (elsewhere)
    drivers: tuple[Driver, ...] = ()


@dataclass(frozen=True)
class Contrast:
    """What sets a role apart from a neighbour in the ranking, for this student."""

    other: str  # the neighbour's slug
    leans: tuple[str, ...]  # this role asks clearly more, and the student is on its side
    spares: tuple[str, ...]  # this role asks clearly less, and the student showed little of it


@dataclass(frozen=True)
class Explanation:
    role: str
    band: Band
    why: tuple[Reason, ...]  # in the "explore" band: what already brings the student closer
    not_shown: tuple[Reason, ...]  # only in the "explore" band
    gaps: tuple[Reason, ...]
    elsewhere: tuple[Reason, ...]
    contrasts: tuple[Contrast, ...]  # with the role above, then the role below


def contrast(this: Fit, other: Fit, roles: Mapping[str, RoleData]) -> Contrast:
    """Dimensions where ``this`` role and ``other`` expect clearly different levels and the
    student's known level lies on this role's side of the midpoint, the widest difference first."""
    mine, theirs = roles[this.role], roles[other.role]
    leans, spares = [], []
    for d in this.dimensions:
        t, u = mine.target(d.dimension), theirs.target(d.dimension)
        if abs(t - u) < CONTRAST_MIN:
            continue
        midpoint = (t + u) / 2
        if t > u and d.student >= midpoint:
            leans.append((u - t, d.dimension))
        elif t < u and d.student < midpoint:
            spares.append((t - u, d.dimension))
    return Contrast(other.role, tuple(d for _, d in sorted(leans)), tuple(d for _, d in sorted(spares)))


def explain(
    ranking: Sequence[Fit],
    position: int,
    roles: Mapping[str, RoleData],
    questions: Sequence[QuestionData],
    answers: Mapping[int, Iterable[int]],
    *,
    calibration: Calibration = CALIBRATION,
    limit: int = 3,
) -> Explanation:
    """Everything the results may say about the role at ``position`` (0-based) of ``ranking``.

    Each list holds at most ``limit`` reasons, each with the figures that make it true.
    """
    f = ranking[position]
    b = band(f.score, calibration)

    def reasons(
        items: Iterable[DimensionScore], points: Callable[[DimensionScore], float], with_drivers: bool = False
    ) -> tuple[Reason, ...]:
        return tuple(
            Reason(
                d.dimension,
                d.student,
                d.expected,
                points(d),
                tuple(Driver(*x) for x in drivers(questions, answers, d.dimension)) if with_drivers else (),
            )
            for d in list(items)[:limit]
        )

    neighbours = [ranking[i] for i in (position - 1, position + 1) if 0 <= i < len(ranking)]
    return Explanation(
        role=f.role,
        band=b,
        # A lead to explore names its strengths; the answers behind them are cited for a fit only.
        why=reasons(f.strengths, lambda d: d.earned, with_drivers=b != "explore"),
        not_shown=reasons(f.not_shown, lambda d: d.lost) if b == "explore" else (),
        gaps=reasons(f.gaps, lambda d: d.lost),
        elsewhere=reasons(f.elsewhere, lambda d: d.cost),
        contrasts=tuple(contrast(f, other, roles) for other in neighbours),
    )


# Drivers ----------------------------------------------------------------------


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
