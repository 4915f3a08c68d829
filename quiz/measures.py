"""The questionnaire's measures: is the advice it gives worth trusting?

Pure Python, like :mod:`quiz.scoring` and :mod:`quiz.simulation`. Five
sections, each with its target (``manage.py evaluate_quiz`` prints them):

1. **recovery**: noisy copies of each role's profile (noise 0.3) find their
   role first (>= 0.90 overall) and in their top 3 (>= 0.99 overall, >= 0.90
   for every role);
2. **own levels**: students with levels of their own, answering by a softmax
   (:func:`quiz.simulation.evaluate_levels`): the same targets minus 0.05;
3. **fairness**: students answering uniformly at random land first on each
   role between 0.5x and 2x of 1/N of the time; each role's mean rank among
   them lies where pairwise odds between 1:2 and 2:1 would put it, between
   ``1 + (N-1)/3`` and ``1 + 2(N-1)/3``; flat profiles and a student who
   answers "je ne sais pas" wherever they can get the low-confidence state;
4. **reachability**: for each role, some set of answers gives it a fit >= 90
   (found by coordinate ascent, see :func:`best_answers`);
5. **robustness**: from each role's preferred answers, changing any two
   answers to their second-best keeps the role first in >= 90 % of the pairs,
   for every role.

:func:`calibrate` measures the thresholds of :class:`quiz.scoring.Calibration`
(bands, ties, low confidence) on the same simulated students.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from quiz import scoring, simulation
from quiz.scoring import Calibration, QuestionData, RoleData, rank, rank_scores, student_profile

RECOVERY_TARGETS = {"top1": 0.90, "top3": 0.99, "role_top3": 0.90}
LEVELS_TARGETS = {k: round(v - 0.05, 2) for k, v in RECOVERY_TARGETS.items()}
FAIRNESS_RATIO = 2.0  # a role's share of random students' first places within 1/N / 2 .. 2/N
REACH_TARGET = 90.0
ROBUST_TARGET = 0.90
FLAT_LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100), linear between the two nearest values."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q / 100
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class RecoverySection:
    name: str
    evaluation: simulation.Evaluation
    targets: dict[str, float]
    settings: dict[str, float]

    @property
    def passed(self) -> bool:
        e, t = self.evaluation, self.targets
        return (
            e.top1 >= t["top1"]
            and e.top3 >= t["top3"]
            and all(r.top3 >= t["role_top3"] for r in e.per_role.values())
        )

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "targets": self.targets,
            "settings": self.settings,
            **self.evaluation.as_dict(),
        }


@dataclass
class FairnessSection:
    students: int
    shares: dict[str, float]  # role -> share of random students who get it first
    mean_ranks: dict[str, float]  # role -> mean rank (1 = first) among random students
    share_bounds: tuple[float, float]
    rank_bounds: tuple[float, float]
    neutral: dict[str, bool]  # a flat or undecided student -> gets the low-confidence state

    @property
    def passed(self) -> bool:
        lo, hi = self.share_bounds
        rlo, rhi = self.rank_bounds
        return (
            all(lo <= s <= hi for s in self.shares.values())
            and all(rlo <= r <= rhi for r in self.mean_ranks.values())
            and all(self.neutral.values())
        )

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "students": self.students,
            "share_bounds": [round(x, 4) for x in self.share_bounds],
            "rank_bounds": [round(x, 2) for x in self.rank_bounds],
            "shares": {k: round(v, 4) for k, v in self.shares.items()},
            "mean_ranks": {k: round(v, 2) for k, v in self.mean_ranks.items()},
            "neutral_low_confidence": self.neutral,
        }


@dataclass
class Reach:
    role: str
    score: float
    first: bool
    answers: dict[int, list[int]] = field(repr=False)


@dataclass
class ReachabilitySection:
    roles: dict[str, Reach]
    target: float = REACH_TARGET

    @property
    def passed(self) -> bool:
        return all(r.score >= self.target for r in self.roles.values())

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "target": self.target,
            "per_role": {s: {"best": round(r.score, 1), "first": r.first} for s, r in self.roles.items()},
        }


@dataclass
class Robustness:
    role: str
    first_at_preferred: bool
    singles: float  # share of single changes that keep the role first
    pairs: float  # share of pairs of changes that keep the role first
    pairs_tried: int


@dataclass
class RobustnessSection:
    roles: dict[str, Robustness]
    target: float = ROBUST_TARGET

    @property
    def passed(self) -> bool:
        return all(r.first_at_preferred and r.pairs >= self.target for r in self.roles.values())

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "target": self.target,
            "per_role": {
                s: {
                    "first_at_preferred": r.first_at_preferred,
                    "singles": round(r.singles, 4),
                    "pairs": round(r.pairs, 4),
                    "pairs_tried": r.pairs_tried,
                }
                for s, r in self.roles.items()
            },
        }


# How far the thresholds in use may drift from those measured before the calibration section fails.
CALIBRATION_TOLERANCE = {
    "very_close": 3.0,
    "close": 3.0,
    "tie": 1.0,
    "margin": 2.0,
    "spread": 3.0,
    "flat": 0.05,
}


@dataclass
class CalibrationSection:
    measured: Calibration
    in_use: Calibration
    figures: dict[str, float]

    @property
    def passed(self) -> bool:
        """The thresholds in use are still those the content measures (within CALIBRATION_TOLERANCE)."""
        m, u = asdict(self.measured), asdict(self.in_use)
        return all(abs(m[k] - u[k]) <= CALIBRATION_TOLERANCE[k] for k in m)

    def as_dict(self) -> dict:
        return {
            "passed": self.passed,
            "measured": {k: round(v, 3) for k, v in asdict(self.measured).items()},
            "in_use": asdict(self.in_use),
            "tolerance": CALIBRATION_TOLERANCE,
            "figures": {k: round(v, 3) for k, v in self.figures.items()},
        }


@dataclass
class Report:
    recovery: RecoverySection
    levels: RecoverySection
    fairness: FairnessSection
    reachability: ReachabilitySection
    robustness: RobustnessSection
    calibration: CalibrationSection

    @property
    def sections(self) -> dict[str, object]:
        return {
            "recovery": self.recovery,
            "levels": self.levels,
            "fairness": self.fairness,
            "reachability": self.reachability,
            "robustness": self.robustness,
            "calibration": self.calibration,
        }

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.sections.values())

    def as_dict(self) -> dict:
        return {"passed": self.passed, **{k: s.as_dict() for k, s in self.sections.items()}}


# Fairness --------------------------------------------------------------------------------------


def random_rankings(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    students: int,
    seed: int,
) -> list[tuple[dict[str, float], list[tuple[str, float]]]]:
    """The profiles and rankings ((role, score), best first) of students answering uniformly at random."""
    rng = random.Random(seed)
    out = []
    for _ in range(students):
        profile = student_profile(questions, simulation.random_answers(questions, rng))
        out.append((profile, rank_scores(profile, roles, dimensions)))
    return out


def fairness(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    calibration: Calibration,
    *,
    students: int = 2000,
    seed: int = 2024,
) -> FairnessSection:
    n = len(roles)
    firsts = {r.slug: 0 for r in roles}
    ranks = {r.slug: 0 for r in roles}
    for _, ranking in random_rankings(questions, roles, dimensions, students=students, seed=seed):
        firsts[ranking[0][0]] += 1
        for position, (slug, _) in enumerate(ranking, start=1):
            ranks[slug] += position
    total = max(students, 1)
    neutral = {}
    for level in FLAT_LEVELS:
        profile = dict.fromkeys(dimensions, level)
        neutral[f"flat {level:g}"] = scoring.low_confidence(
            rank(profile, roles, dimensions), profile, calibration
        )
    undecided = {
        q.id: [next(c.id for c in q.choices if c.dont_know)]
        for q in questions
        if simulation.is_self_rating(q)
    }
    if undecided:
        profile = student_profile(questions, undecided)
        neutral["je ne sais pas"] = scoring.low_confidence(
            rank(profile, roles, dimensions), profile, calibration
        )
    return FairnessSection(
        students=students,
        shares={s: c / total for s, c in firsts.items()},
        mean_ranks={s: r / total for s, r in ranks.items()},
        share_bounds=(1 / (FAIRNESS_RATIO * n), FAIRNESS_RATIO / n),
        rank_bounds=(1 + (n - 1) / 3, 1 + 2 * (n - 1) / 3),
        neutral=neutral,
    )


# Reachability ----------------------------------------------------------------------------------


def _candidates(question: QuestionData) -> list[list[int]]:
    options = [list(a) for a in simulation.answer_options(question)]
    options += [[c.id] for c in question.choices if c.dont_know]
    if question.multiple:
        options.append([])  # ticking nothing is an answer too
    return options


class _Tally:
    """A student profile kept as sums, so that changing one answer costs one question's work.

    Gives the same levels as :func:`quiz.scoring.student_profile` for the same answers.
    """

    def __init__(self, questions: Sequence[QuestionData], answers: dict[int, list[int]]) -> None:
        self.questions = {q.id: q for q in questions}
        self.answers = dict(answers)
        self.sums: dict[str, list[float]] = {}  # dimension -> [chosen, lo, hi]
        for qid, answer in self.answers.items():
            self._add(qid, answer, 1)

    def _parts(self, qid: int, answer: Sequence[int]) -> dict[str, tuple[float, float, float]]:
        question = self.questions[qid]
        chosen = set(answer)
        picked = [c for c in question.choices if c.id in chosen]
        if any(c.dont_know for c in picked) or (not picked and not question.multiple):
            return {}
        return {
            d: (sum(c.effects.get(d, 0.0) for c in picked), lo, hi)
            for d, (lo, hi) in question.ranges().items()
        }

    def _add(self, qid: int, answer: Sequence[int], sign: int) -> None:
        for d, parts in self._parts(qid, answer).items():
            sums = self.sums.setdefault(d, [0.0, 0.0, 0.0])
            for i in range(3):
                sums[i] += sign * parts[i]

    def set(self, qid: int, answer: list[int]) -> None:
        self._add(qid, self.answers[qid], -1)
        self.answers[qid] = answer
        self._add(qid, answer, 1)

    def profile(self) -> dict[str, float]:
        return {
            d: min(1.0, max(0.0, (raw - lo) / (hi - lo)))
            for d, (raw, lo, hi) in self.sums.items()
            if hi - lo > 1e-9
        }


def best_answers(
    questions: Sequence[QuestionData],
    role: RoleData,
    dimensions: Sequence[str],
    *,
    starts: int = 2,
    seed: int = 2024,
) -> tuple[float, dict[int, list[int]]]:
    """The highest fit for ``role`` found over sets of answers, and those answers.

    An exhaustive search is out of reach (five choices to each of two dozen
    questions is 5**24 sets), so this is coordinate ascent: starting from the
    role's preferred answers (and from ``starts`` random sets), change one
    question at a time to the answer that raises the role's fit most (any
    choice, "je ne sais pas" or, for a multiple-choice question, any subset),
    until no single change raises it. The result is a set of answers a student
    can really give, so the fit it reaches is a lower bound of the best one:
    enough to show a role *can* be reached.
    """
    rng = random.Random(seed)
    questions = [q for q in questions if q.choices]
    options = {q.id: _candidates(q) for q in questions}
    first = {q.id: simulation.preferred_answer(q, role) for q in questions}
    begins = [first] + [simulation.random_answers(questions, rng) for _ in range(starts)]
    best_score, best = -1.0, first
    for answers in begins:
        tally = _Tally(questions, answers)
        current = rank_scores(tally.profile(), [role], dimensions)[0][1]
        improved = True
        while improved:
            improved = False
            for q in questions:
                keep = tally.answers[q.id]
                for option in options[q.id]:
                    tally.set(q.id, option)
                    value = rank_scores(tally.profile(), [role], dimensions)[0][1]
                    if value > current + 1e-9:
                        keep, current, improved = option, value, True
                tally.set(q.id, keep)
        if current > best_score:
            best_score, best = current, dict(tally.answers)
    return best_score, best


def reachability(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    seed: int = 2024,
) -> ReachabilitySection:
    out = {}
    for role in roles:
        value, answers = best_answers(questions, role, dimensions, seed=seed)
        first = rank(student_profile(questions, answers), roles, dimensions)[0].role == role.slug
        out[role.slug] = Reach(role.slug, value, first, answers)
    return ReachabilitySection(out)


# Robustness ------------------------------------------------------------------------------------


def robustness(
    questions: Sequence[QuestionData], roles: Sequence[RoleData], dimensions: Sequence[str]
) -> RobustnessSection:
    """From each role's preferred answers, change one or two answers to their second-best."""
    questions = [q for q in questions if q.choices]
    return RobustnessSection({role.slug: _robustness(questions, roles, dimensions, role) for role in roles})


def _robustness(
    questions: Sequence[QuestionData], roles: Sequence[RoleData], dimensions: Sequence[str], role: RoleData
) -> Robustness:
    preferred = {q.id: simulation.preferred_answer(q, role) for q in questions}
    second = {q.id: simulation.second_best_answer(q, role) for q in questions}
    movable = [q.id for q in questions if second[q.id] is not None]
    tally = _Tally(questions, preferred)

    def first(changed: Sequence[int]) -> bool:
        for qid in changed:
            tally.set(qid, second[qid])
        top = rank_scores(tally.profile(), roles, dimensions)[0][0]
        for qid in changed:
            tally.set(qid, preferred[qid])
        return top == role.slug

    singles = [first([qid]) for qid in movable]
    pairs = [first(pair) for pair in itertools.combinations(movable, 2)]
    return Robustness(
        role.slug,
        first([]),
        sum(singles) / max(len(singles), 1),
        sum(pairs) / max(len(pairs), 1),
        len(pairs),
    )


# Calibration -----------------------------------------------------------------------------------


def calibrate(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    per_role: int = 200,
    noise: float = 0.3,
    seed: int = 2024,
) -> tuple[Calibration, dict[str, float]]:
    """The thresholds of :class:`quiz.scoring.Calibration`, measured, with the figures behind them.

    - bands: the scores noisy copies of each role (``noise``) give their own role: the
      median is ``very_close``, the 10th percentile ``close``;
    - ties: for each such student, one question re-answered at random; the 75th percentile
      of how much that moves the gap between their first two roles is ``tie``;
    - low confidence: the 90th percentiles of the top margin and of the spread of students
      answering uniformly at random (``margin``, ``spread``); ``flat`` is half the 1st
      percentile of the simulated role students' profile range (max - min level).
    """
    rng = random.Random(seed)
    questions = [q for q in questions if q.choices]
    student = simulation.noisy_student(questions, roles, noise)
    own, moves, ranges = [], [], []
    for role in roles:
        for _ in range(per_role):
            answers = student(role, rng)
            profile = student_profile(questions, answers)
            ranking = rank_scores(profile, roles, dimensions)
            own.append(dict(ranking)[role.slug])
            ranges.append(scoring.profile_range(profile))
            (a, first), (b, second) = ranking[0], ranking[1]
            q = rng.choice(questions)
            changed = student_profile(questions, {**answers, q.id: simulation.random_answer(q, rng)})
            scores = dict(rank_scores(changed, [r for r in roles if r.slug in (a, b)], dimensions))
            moves.append(abs((scores[a] - scores[b]) - (first - second)))
    randoms = random_rankings(questions, roles, dimensions, students=per_role * len(roles), seed=seed + 1)
    margins = [scoring.top_margin([score for _, score in r]) for _, r in randoms]
    spreads = [scoring.top_spread([score for _, score in r]) for _, r in randoms]
    random_tops = [r[0][1] for _, r in randoms]
    figures = {
        "own_p10": _percentile(own, 10),
        "own_p25": _percentile(own, 25),
        "own_p50": _percentile(own, 50),
        "tie_p50": _percentile(moves, 50),
        "tie_p75": _percentile(moves, 75),
        "random_margin_p50": _percentile(margins, 50),
        "random_margin_p90": _percentile(margins, 90),
        "random_spread_p50": _percentile(spreads, 50),
        "random_spread_p90": _percentile(spreads, 90),
        "random_top_p50": _percentile(random_tops, 50),
        "random_top_p90": _percentile(random_tops, 90),
        "role_range_p1": _percentile(ranges, 1),
        "role_range_p50": _percentile(ranges, 50),
        "random_range_p50": _percentile([scoring.profile_range(p) for p, _ in randoms], 50),
    }
    calibration = Calibration(
        very_close=float(round(figures["own_p50"])),
        close=float(round(figures["own_p10"])),
        tie=round(figures["tie_p75"], 1),
        margin=round(figures["random_margin_p90"], 1),
        spread=round(figures["random_spread_p90"], 1),
        flat=round(figures["role_range_p1"] / 2, 2),
    )
    return calibration, figures


def low_confidence_rate(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    calibration: Calibration,
    *,
    per_role: int = 100,
    noise: float = 0.3,
    seed: int = 2024,
) -> tuple[float, float]:
    """How often noisy copies of the roles, and random answerers, get the low-confidence state."""
    rng = random.Random(seed)
    questions = [q for q in questions if q.choices]
    student = simulation.noisy_student(questions, roles, noise)
    flagged = 0
    for role in roles:
        for _ in range(per_role):
            profile = student_profile(questions, student(role, rng))
            scores = [score for _, score in rank_scores(profile, roles, dimensions)]
            flagged += scoring.low_confidence_scores(scores, profile, calibration)
    randoms = random_rankings(questions, roles, dimensions, students=per_role * len(roles), seed=seed + 2)
    random_flagged = sum(scoring.low_confidence_scores([x for _, x in r], p, calibration) for p, r in randoms)
    total = max(per_role * len(roles), 1)
    return flagged / total, random_flagged / total


# Everything ------------------------------------------------------------------------------------


def measure(
    questions: Sequence[QuestionData],
    roles: Sequence[RoleData],
    dimensions: Sequence[str],
    *,
    per_role: int = 200,
    noise: float = 0.3,
    seed: int = 2024,
    calibration: Calibration | None = None,
) -> Report:
    """The five sections and the calibration. ``calibration`` is the one in use (default: scoring's)."""
    in_use = calibration or scoring.CALIBRATION
    questions = [q for q in questions if q.choices]
    measured, figures = calibrate(questions, roles, dimensions, per_role=per_role, noise=noise, seed=seed)
    role_rate, random_rate = low_confidence_rate(
        questions, roles, dimensions, in_use, per_role=max(per_role // 2, 1), noise=noise, seed=seed
    )
    figures = {**figures, "low_confidence_role_students": role_rate, "low_confidence_random": random_rate}
    return Report(
        recovery=RecoverySection(
            "recovery",
            simulation.evaluate(questions, roles, dimensions, per_role=per_role, noise=noise, seed=seed),
            dict(RECOVERY_TARGETS),
            {"noise": noise},
        ),
        levels=RecoverySection(
            "levels",
            simulation.evaluate_levels(questions, roles, dimensions, per_role=per_role, seed=seed),
            dict(LEVELS_TARGETS),
            {
                "spread": simulation.LEVEL_SPREAD,
                "temperature": simulation.TEMPERATURE,
                "dont_know": simulation.DONT_KNOW_RATE,
            },
        ),
        fairness=fairness(questions, roles, dimensions, in_use, students=per_role * len(roles), seed=seed),
        reachability=reachability(questions, roles, dimensions, seed=seed),
        robustness=robustness(questions, roles, dimensions),
        calibration=CalibrationSection(measured, in_use, figures),
    )
