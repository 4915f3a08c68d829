"""The scoring maths on its own: plain data in, plain data out, no database."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quiz import scoring
from quiz.scoring import Calibration, ChoiceData, QuestionData, RoleData

DIMS = ["a", "b", "c", "d", "e"]

weights_st = st.fixed_dictionaries({d: st.integers(0, scoring.MAX_WEIGHT) for d in DIMS})
profile_st = st.fixed_dictionaries({d: st.floats(0, 1) for d in DIMS})
partial_profile_st = st.dictionaries(st.sampled_from(DIMS), st.floats(0, 1))


@st.composite
def roles_st(draw, min_size=1, max_size=6):
    weights = draw(st.lists(weights_st, min_size=min_size, max_size=max_size))
    return [RoleData(f"role-{i}", f"Role {i}", w) for i, w in enumerate(weights)]


@st.composite
def questions_st(draw):
    questions, next_id = [], 1
    for qid in range(1, draw(st.integers(1, 6)) + 1):
        choices = []
        for _ in range(draw(st.integers(2, 4))):
            effects = draw(st.dictionaries(st.sampled_from(DIMS), st.integers(-2, 2), max_size=3))
            choices.append(ChoiceData(next_id, {k: float(v) for k, v in effects.items()}))
            next_id += 1
        if draw(st.booleans()):
            choices.append(ChoiceData(next_id, {}, dont_know=True))
            next_id += 1
        questions.append(QuestionData(qid, draw(st.booleans()), tuple(choices)))
    return questions


@st.composite
def answers_st(draw, questions):
    answers = {}
    for q in questions:
        if q.multiple:
            picked = draw(st.lists(st.sampled_from(q.choices), min_size=1, unique_by=lambda c: c.id))
        else:
            picked = [draw(st.sampled_from(q.choices))]
        answers[q.id] = [c.id for c in picked]
    return answers


def ranking_of(scores: list[float]) -> list[scoring.Fit]:
    return [scoring.Fit(f"r{i}", s, 0.0, ()) for i, s in enumerate(scores)]


# The fit ------------------------------------------------------------------------------------------


@given(partial_profile_st, roles_st())
def test_the_score_stays_between_0_and_100(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        assert 0 <= fit.score <= 100


@given(profile_st, roles_st())
def test_the_explanation_adds_up_to_the_score(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        if fit.dimensions:
            earned = sum(d.earned for d in fit.dimensions)
            cost = sum(d.cost for d in fit.dimensions)
            assert earned - cost == pytest.approx(fit.score, abs=1e-6)
            assert sum(d.share for d in fit.dimensions) == pytest.approx(100)


@given(profile_st, roles_st())
def test_a_dimension_the_role_does_not_use_earns_nothing(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        for d in fit.dimensions:
            if not d.needed:
                assert d.share == d.earned == 0
                assert d.cost >= 0


@given(roles_st())
def test_a_student_low_everywhere_is_close_to_no_role(roles):
    zero = dict.fromkeys(DIMS, 0.0)
    assert all(f.score == 0 for f in scoring.rank(zero, roles, DIMS))


@given(weights_st)
def test_every_role_has_the_same_budget_for_what_it_does_not_use(weights):
    # A student who meets every need and is at the top of every unused dimension loses the same
    # share of the points, whatever the number of unused dimensions.
    assume(any(weights.values()) and not all(weights.values()))
    role = RoleData("r", "R", weights)
    student = dict.fromkeys(DIMS, 1.0)
    assert scoring.fit(student, role, DIMS).score == pytest.approx(100 * (1 - scoring.ELSEWHERE_BUDGET))


@given(roles_st(min_size=2, max_size=8), st.data())
def test_a_student_built_from_a_role_profile_scores_100_and_ranks_it_first(roles, data):
    assume(len({tuple(sorted(r.weights.items())) for r in roles}) == len(roles))
    assume(all(any(r.weights.values()) for r in roles))
    role = data.draw(st.sampled_from(roles))
    student = {d: role.target(d) for d in DIMS}
    ranking = scoring.rank(student, roles, DIMS)
    assert ranking[0].role == role.slug
    assert ranking[0].score == 100


@given(profile_st, weights_st, st.sampled_from(DIMS), st.floats(0, 1))
def test_raising_a_needed_dimension_never_lowers_the_fit(profile, weights, dim, raise_by):
    assume(weights[dim] > 0)
    role = RoleData("r", "R", weights)
    higher = dict(profile, **{dim: min(1.0, profile[dim] + raise_by)})
    assert scoring.fit(higher, role, DIMS).score >= scoring.fit(profile, role, DIMS).score - 1e-9


@given(profile_st, weights_st, st.sampled_from(DIMS), st.floats(0, 1))
def test_raising_an_unused_dimension_never_raises_the_fit(profile, weights, dim, raise_by):
    assume(weights[dim] == 0)
    role = RoleData("r", "R", weights)
    higher = dict(profile, **{dim: min(1.0, profile[dim] + raise_by)})
    assert scoring.fit(higher, role, DIMS).score <= scoring.fit(profile, role, DIMS).score + 1e-9


@given(partial_profile_st, weights_st)
def test_an_unknown_dimension_is_never_judged(profile, weights):
    role = RoleData("r", "R", weights)
    known = [d for d in DIMS if d in profile]
    assert scoring.fit(profile, role, DIMS) == scoring.fit(profile, role, known)
    assert {d.dimension for d in scoring.fit(profile, role, DIMS).dimensions} <= set(profile)


@given(partial_profile_st, roles_st(min_size=2))
def test_the_scores_alone_come_in_the_rankings_order(profile, roles):
    ranking = scoring.rank(profile, roles, DIMS)
    assert scoring.rank_scores(profile, roles, DIMS) == [(f.role, f.score) for f in ranking]


@given(profile_st, roles_st(min_size=2), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_roles(profile, roles, rnd):
    shuffled = roles[:]
    rnd.shuffle(shuffled)
    assert [f.role for f in scoring.rank(profile, roles, DIMS)] == [
        f.role for f in scoring.rank(profile, shuffled, DIMS)
    ]


def test_a_strong_match_scores_higher_than_a_weak_one():
    role = RoleData("ds", "Data", {"a": 5, "b": 4, "c": 0})
    strong = scoring.fit({"a": 1, "b": 0.9, "c": 0.1}, role, "abc").score
    weak = scoring.fit({"a": 0.2, "b": 0.1, "c": 0.9}, role, "abc").score
    assert strong > 90
    assert weak < 30


def test_the_core_of_a_job_weighs_the_cube_of_its_level():
    role = RoleData("r", "R", {"a": 5, "b": 1})
    shares = {d.dimension: d.share for d in scoring.fit({"a": 0.5, "b": 0.5}, role, "ab").dimensions}
    assert shares["a"] / shares["b"] == pytest.approx(125)


def test_a_pull_towards_what_the_role_never_uses_lowers_its_fit():
    role = RoleData("r", "R", {"a": 5, "b": 0})
    pulled = scoring.fit({"a": 1, "b": 1}, role, "ab")
    assert pulled.score == pytest.approx(100 * (1 - scoring.ELSEWHERE_BUDGET))
    assert pulled.score < scoring.fit({"a": 1, "b": 0}, role, "ab").score == 100


def test_unknown_dimensions_are_left_out_rather_than_guessed():
    role = RoleData("r", "R", {"a": 5, "b": 5})
    fit = scoring.fit({"a": 1.0}, role, "ab")
    assert fit.score == 100
    assert [d.dimension for d in fit.dimensions] == ["a"]


def test_ties_are_broken_by_closeness_then_slug():
    student = {"a": 1.0, "b": 0.0}
    exact = RoleData("zz-exact", "Exact", {"a": 5})
    lower = RoleData("aa-lower", "Lower", {"a": 3})
    twin = RoleData("ab-twin", "Twin", {"a": 3})
    assert [f.role for f in scoring.rank(student, [lower, exact, twin], "ab")] == [
        "zz-exact",
        "aa-lower",
        "ab-twin",
    ]


@settings(max_examples=30)
@given(st.integers(0, 10_000))
def test_ranking_is_deterministic_for_a_random_population(seed):
    rnd = random.Random(seed)
    roles = [RoleData(f"r{i}", "", {d: rnd.randint(0, 5) for d in DIMS}) for i in range(6)]
    student = {d: rnd.random() for d in DIMS}
    assert scoring.rank(student, roles, DIMS) == scoring.rank(student, list(reversed(roles)), DIMS)


# The profile --------------------------------------------------------------------------------------


@settings(deadline=None)  # many generated questions: slow on a busy machine, not wrong
@given(questions_st().flatmap(lambda qs: st.tuples(st.just(qs), answers_st(qs))), st.randoms())
def test_the_profile_does_not_depend_on_the_order_of_answers_or_questions(data, rnd):
    questions, answers = data
    shuffled_answers = list(answers.items())
    rnd.shuffle(shuffled_answers)
    shuffled_questions = questions[:]
    rnd.shuffle(shuffled_questions)
    expected = scoring.student_profile(questions, answers)
    got = scoring.student_profile(shuffled_questions, dict(shuffled_answers))
    assert got.keys() == expected.keys()
    for d in expected:
        assert got[d] == pytest.approx(expected[d])
        assert 0 <= got[d] <= 1


@settings(deadline=None)  # many generated questions: slow on a busy machine, not wrong
@given(questions_st().flatmap(lambda qs: st.tuples(st.just(qs), answers_st(qs))))
def test_a_dont_know_answer_counts_as_no_answer(data):
    questions, answers = data
    dont_know = {q.id for q in questions if any(c.dont_know and c.id in answers[q.id] for c in q.choices)}
    unanswered = {qid: ids for qid, ids in answers.items() if qid not in dont_know}
    assert scoring.student_profile(questions, answers) == scoring.student_profile(questions, unanswered)


def test_the_profile_is_normalised_by_the_reachable_range():
    # Dimension "a" is touched by three questions, "b" by one: both maxed out read 1.0.
    many = [
        QuestionData(i, False, (ChoiceData(10 * i, {"a": 2}), ChoiceData(10 * i + 1, {}))) for i in (1, 2, 3)
    ]
    one = QuestionData(4, False, (ChoiceData(40, {"b": 1}), ChoiceData(41, {"b": -1})))
    answers = {1: [10], 2: [20], 3: [30], 4: [40]}
    assert scoring.student_profile([*many, one], answers) == {"a": 1.0, "b": 1.0}
    answers_mid = {1: [10], 2: [21], 3: [31], 4: [41]}
    profile = scoring.student_profile([*many, one], answers_mid)
    assert profile["a"] == pytest.approx(1 / 3)
    assert profile["b"] == 0.0


def test_a_multiple_choice_question_sums_its_choices():
    q = QuestionData(1, True, (ChoiceData(1, {"a": 2}), ChoiceData(2, {"a": 2}), ChoiceData(3, {"a": -1})))
    assert scoring.student_profile([q], {1: [1]})["a"] == pytest.approx(3 / 5)
    assert scoring.student_profile([q], {1: [1, 2]})["a"] == 1.0


def test_a_self_rating_answered_dont_know_leaves_its_dimension_unknown():
    rating = QuestionData(
        1,
        False,
        (
            ChoiceData(1, {"a": -2}),
            ChoiceData(2, {"a": -1}),
            ChoiceData(3, {"a": 1}),
            ChoiceData(4, {"a": 2}),
            ChoiceData(5, {}, dont_know=True),
        ),
    )
    assert rating.ranges() == {"a": (-2.0, 2.0)}
    assert scoring.student_profile([rating], {1: [3]}) == {"a": 0.75}
    assert scoring.student_profile([rating], {1: [5]}) == {}


# Strengths, gaps, pulls elsewhere -----------------------------------------------------------------


@given(profile_st, roles_st())
def test_a_why_cites_only_needed_dimensions_where_the_student_is_strong(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        for d in fit.strengths:
            assert d.weight >= scoring.NEED_WEIGHT
            assert d.student >= scoring.STRONG_RATIO * d.expected
            assert d.student >= scoring.STRONG_FLOOR


@given(profile_st, roles_st())
def test_elsewhere_never_fires_below_its_threshold(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        for d in fit.elsewhere:
            assert d.expected == 0
            assert d.student >= scoring.ELSEWHERE_LEVEL
            assert d.cost >= scoring.ELSEWHERE_MIN_POINTS


@given(profile_st, roles_st())
def test_gaps_are_clear_shortfalls_and_never_strengths(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        strengths = {d.dimension for d in fit.strengths}
        for d in fit.gaps:
            assert d.dimension not in strengths
            assert d.expected - d.student >= scoring.GAP_SHORTFALL
        assert [d.lost for d in fit.gaps] == sorted((d.lost for d in fit.gaps), reverse=True)
        assert {d.dimension for d in fit.not_shown}.isdisjoint(strengths)


def test_gaps_are_the_needed_dimensions_clearly_short_costliest_first():
    role = RoleData("r", "R", {"a": 5, "b": 4, "c": 1, "d": 0})
    fit = scoring.fit({"a": 0.2, "b": 0.9, "c": 0.0, "d": 1.0}, role, "abcd")
    assert [g.dimension for g in fit.gaps] == ["a"]  # c falls short by 0.2 only: not worth a step
    assert [s.dimension for s in fit.strengths] == ["b"]
    assert [e.dimension for e in fit.elsewhere] == ["d"]


def test_a_side_dimension_is_never_a_reason_even_when_met():
    # 0.25 meets the 0.2 a weight-1 dimension expects, but the job hardly uses it and 0.25 is low.
    role = RoleData("r", "R", {"a": 5, "b": 1})
    fit = scoring.fit({"a": 0.9, "b": 0.25}, role, "ab")
    assert [s.dimension for s in fit.strengths] == ["a"]


def test_a_small_baseline_on_an_unused_dimension_is_not_a_pull_elsewhere():
    role = RoleData("r", "R", {"a": 5, "b": 0})
    assert scoring.fit({"a": 1, "b": 0.3}, role, "ab").elsewhere == []
    assert [e.dimension for e in scoring.fit({"a": 1, "b": 0.8}, role, "ab").elsewhere] == ["b"]


# Confidence ---------------------------------------------------------------------------------------

CAL = Calibration(very_close=75, close=60, tie=3, margin=8, spread=15, flat=0.2)


@given(st.floats(0, 100), st.floats(0, 100))
def test_bands_follow_the_score(low, high):
    assume(low <= high)
    order = ["explore", "close", "very_close"]
    assert order.index(scoring.band(low, CAL)) <= order.index(scoring.band(high, CAL))


def test_the_bands_are_cut_at_the_calibrated_scores():
    assert [scoring.band(x, CAL) for x in (59.9, 60, 74.9, 75)] == ["explore", "close", "close", "very_close"]


@given(st.lists(st.floats(0, 100), min_size=1, max_size=12), st.floats(0, 10))
def test_tied_groups_cut_the_ranking_within_the_noise(scores, width):
    ranking = ranking_of(sorted(scores, reverse=True))
    groups = scoring.tied_groups(ranking, width)
    assert [r for group in groups for r in group] == [f.role for f in ranking]
    score = {f.role: f.score for f in ranking}
    for group in groups:
        assert score[group[0]] - score[group[-1]] <= width
    for before, after in zip(groups, groups[1:], strict=False):
        assert score[before[0]] - score[after[0]] > width


def test_two_roles_within_the_noise_are_a_tie():
    assert scoring.tied_groups(ranking_of([80, 78, 70, 69, 60]), 3) == [("r0", "r1"), ("r2", "r3"), ("r4",)]


@given(st.floats(0, 1), roles_st(min_size=1))
def test_a_flat_profile_gets_the_low_confidence_state(level, roles):
    profile = dict.fromkeys(DIMS, level)
    assert scoring.low_confidence(scoring.rank(profile, roles, DIMS), profile, CAL)


def test_nothing_known_gets_the_low_confidence_state():
    roles = [RoleData("x", "X", {"a": 5}), RoleData("y", "Y", {"b": 5})]
    assert scoring.low_confidence(scoring.rank({}, roles, DIMS), {}, CAL)


def test_a_clear_lead_or_a_clear_spread_is_not_low_confidence():
    marked = {"a": 1.0, "b": 0.0}
    assert not scoring.low_confidence(ranking_of([90, 70, 40, 30]), marked, CAL)  # margin 20
    assert not scoring.low_confidence(ranking_of([90, 88, 40, 30]), marked, CAL)  # a tie, far above
    assert scoring.low_confidence(ranking_of([50, 45, 40, 38]), marked, CAL)  # like random answers


def test_the_calibration_in_use_is_consistent():
    cal = scoring.CALIBRATION
    assert cal.flat < 0.5 and cal.tie < cal.margin < cal.spread
    assert cal.close < cal.very_close


# Explanations -------------------------------------------------------------------------------------

QUESTIONS = [
    QuestionData(1, False, (ChoiceData(1, {"a": 2}), ChoiceData(2, {"b": 2}), ChoiceData(3, {"c": 2}))),
    QuestionData(2, False, (ChoiceData(4, {"a": 2, "d": 1}), ChoiceData(5, {"e": 2}))),
    QuestionData(3, True, (ChoiceData(6, {"b": 2}), ChoiceData(7, {"c": 2}), ChoiceData(8, {"d": 2}))),
]
ROLES = {
    "coder": RoleData("coder", "Coder", {"a": 5, "b": 3, "c": 0, "d": 1, "e": 0}),
    "maker": RoleData("maker", "Maker", {"a": 3, "b": 1, "c": 5, "d": 0, "e": 0}),
    "talker": RoleData("talker", "Talker", {"a": 0, "b": 2, "c": 0, "d": 3, "e": 5}),
}


def explain_all(answers):
    profile = scoring.student_profile(QUESTIONS, answers)
    ranking = scoring.rank(profile, ROLES.values(), DIMS)
    return ranking, [
        scoring.explain(ranking, i, ROLES, QUESTIONS, answers, calibration=CAL) for i in range(len(ranking))
    ]


def test_the_why_names_the_answers_behind_each_reason():
    ranking, explanations = explain_all({1: [1], 2: [4], 3: [6]})
    first = explanations[0]
    assert ranking[0].role == "coder" and first.band == "very_close"
    assert [r.dimension for r in first.why] == ["a", "b"]
    assert first.why[0].drivers == (scoring.Driver(1, 1, 2.0), scoring.Driver(2, 4, 2.0))
    assert first.not_shown == ()


def test_a_role_to_explore_says_what_the_answers_have_not_shown_and_only_true_strengths():
    ranking, explanations = explain_all({1: [1], 2: [4], 3: [6]})
    last = explanations[-1]
    assert last.band == "explore"
    assert [r.dimension for r in last.why] == [d.dimension for d in ranking[-1].strengths][:3]
    assert {r.dimension for r in last.not_shown} <= {"d", "e"}
    assert all(ROLES[last.role].weights[r.dimension] >= scoring.NEED_WEIGHT for r in last.not_shown)


def test_what_sets_a_role_apart_from_its_neighbours():
    ranking, explanations = explain_all({1: [1], 2: [4], 3: [6, 7]})
    coder = next(e for e in explanations if e.role == "coder")
    maker = next(c for c in coder.contrasts if c.other == "maker")
    assert "a" in maker.leans  # coder asks more of "a", and the student is on that side
    assert "c" not in maker.spares  # maker asks more of "c", but the student showed it


@given(profile_st, roles_st(min_size=2, max_size=5))
def test_a_contrast_holds_for_the_student(profile, roles):
    by_slug = {r.slug: r for r in roles}
    ranking = scoring.rank(profile, roles, DIMS)
    for this, other in zip(ranking, ranking[1:], strict=False):
        c = scoring.contrast(this, other, by_slug)
        for d in c.leans:
            t, u = by_slug[this.role].target(d), by_slug[other.role].target(d)
            assert t - u >= scoring.CONTRAST_MIN - 1e-9
            assert profile[d] >= (t + u) / 2
        for d in c.spares:
            t, u = by_slug[this.role].target(d), by_slug[other.role].target(d)
            assert u - t >= scoring.CONTRAST_MIN - 1e-9
            assert profile[d] < (t + u) / 2


# Training path and drivers ------------------------------------------------------------------------


def test_drivers_name_the_answers_that_raised_a_dimension():
    q1 = QuestionData(1, False, (ChoiceData(1, {"a": 2}), ChoiceData(2, {"a": -1})))
    q2 = QuestionData(2, False, (ChoiceData(3, {"a": 1}), ChoiceData(4, {})))
    assert scoring.drivers([q1, q2], {1: [1], 2: [3]}, "a") == [(1, 1, 2.0), (2, 3, 1.0)]
    assert scoring.drivers([q1, q2], {1: [2], 2: [4]}, "a") == []


@given(profile_st)
def test_standouts_are_the_highest_levels_from_the_strong_floor(profile):
    top = scoring.standouts(profile, DIMS)
    assert len(top) <= scoring.STANDOUTS
    assert all(profile[d] >= scoring.STRONG_FLOOR for d in top)
    assert [profile[d] for d in top] == sorted((profile[d] for d in top), reverse=True)
    left_out = [level for d, level in profile.items() if d not in top and level >= scoring.STRONG_FLOOR]
    assert len(top) == scoring.STANDOUTS or not left_out
    assert all(level <= profile[top[-1]] for level in left_out)
