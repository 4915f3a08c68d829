"""The scoring maths on its own: plain data in, plain data out, no database."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quiz import scoring
from quiz.scoring import ChoiceData, QuestionData, RoleData, TrainingStepData

DIMS = ["a", "b", "c", "d", "e"]

weights_st = st.fixed_dictionaries({d: st.integers(0, scoring.MAX_WEIGHT) for d in DIMS})
profile_st = st.fixed_dictionaries({d: st.floats(0, 1) for d in DIMS})


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


@given(profile_st, roles_st())
def test_the_score_stays_between_0_and_100(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        assert 0 <= fit.score <= 100


@given(profile_st, roles_st())
def test_the_dimension_shares_add_up_to_the_score(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        if fit.dimensions:
            assert sum(d.earned for d in fit.dimensions) == pytest.approx(fit.score, abs=1e-6)
            assert sum(d.share for d in fit.dimensions) == pytest.approx(100)


@given(profile_st, roles_st())
def test_strengths_and_gaps_split_the_needed_dimensions(profile, roles):
    for fit in scoring.rank(profile, roles, DIMS):
        strengths = {d.dimension for d in fit.strengths}
        gaps = {d.dimension for d in fit.gaps}
        needed = {d.dimension for d in fit.dimensions if d.expected > 0}
        assert not strengths & gaps
        assert strengths | gaps == needed


@given(profile_st, roles_st(min_size=2), st.randoms(use_true_random=False))
def test_the_ranking_does_not_depend_on_the_order_of_roles(profile, roles, rnd):
    shuffled = roles[:]
    rnd.shuffle(shuffled)
    assert [f.role for f in scoring.rank(profile, roles, DIMS)] == [
        f.role for f in scoring.rank(profile, shuffled, DIMS)
    ]


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


@given(profile_st, weights_st, st.sampled_from(DIMS), st.floats(0, 1))
def test_raising_a_needed_dimension_never_lowers_the_fit(profile, weights, dim, raise_by):
    assume(weights[dim] > 0)
    role = RoleData("r", "R", weights)
    higher = dict(profile, **{dim: min(1.0, profile[dim] + raise_by)})
    assert scoring.fit(higher, role, DIMS).score >= scoring.fit(profile, role, DIMS).score - 1e-9


@given(roles_st(min_size=2, max_size=8), st.data())
def test_a_student_built_from_a_role_profile_ranks_that_role_first(roles, data):
    assume(len({tuple(sorted(r.weights.items())) for r in roles}) == len(roles))
    assume(all(any(r.weights.values()) for r in roles))
    role = data.draw(st.sampled_from(roles))
    student = {d: role.target(d) for d in DIMS}
    ranking = scoring.rank(student, roles, DIMS)
    assert ranking[0].role == role.slug
    assert ranking[0].score == 100


def test_a_strong_match_scores_higher_than_a_weak_one():
    role = RoleData("ds", "Data", {"a": 5, "b": 4, "c": 0})
    strong = scoring.fit({"a": 1, "b": 0.9, "c": 0.1}, role, "abc").score
    weak = scoring.fit({"a": 0.2, "b": 0.1, "c": 0.9}, role, "abc").score
    assert strong > 90
    assert weak < 30


def test_an_interest_the_role_never_uses_lowers_its_fit():
    role = RoleData("r", "R", {"a": 5, "b": 0})
    assert scoring.fit({"a": 1, "b": 1}, role, "ab").score < scoring.fit({"a": 1, "b": 0}, role, "ab").score


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


@given(questions_st().flatmap(lambda qs: st.tuples(st.just(qs), answers_st(qs))))
def test_a_dont_know_answer_counts_as_no_answer(data):
    questions, answers = data
    dont_know = {q.id for q in questions if any(c.dont_know and c.id in answers[q.id] for c in q.choices)}
    unanswered = {qid: ids for qid, ids in answers.items() if qid not in dont_know}
    assert scoring.student_profile(questions, answers) == scoring.student_profile(questions, unanswered)


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


def test_gaps_are_the_needed_dimensions_where_the_student_is_weakest():
    role = RoleData("r", "R", {"a": 5, "b": 4, "c": 1, "d": 0})
    fit = scoring.fit({"a": 0.2, "b": 0.9, "c": 0.0, "d": 1.0}, role, "abcd")
    assert [g.dimension for g in fit.gaps] == ["a", "c"]
    assert [s.dimension for s in fit.strengths] == ["b"]
    assert [e.dimension for e in fit.elsewhere] == ["d"]


def test_a_small_shortfall_is_a_strength_not_a_gap():
    role = RoleData("r", "R", {"a": 5, "b": 5})
    fit = scoring.fit({"a": 0.8, "b": 0.5}, role, "ab")
    assert [s.dimension for s in fit.strengths] == ["a"]
    assert [g.dimension for g in fit.gaps] == ["b"]


def test_the_training_path_starts_from_the_students_level_and_marks_gap_steps():
    steps = (
        TrainingStepData(1, "Bac", "diploma", "none", "bac", frozenset({"a"})),
        TrainingStepData(2, "Licence", "diploma", "bac", "bac3", frozenset({"b"})),
        TrainingStepData(3, "Projet", "project", None, None, frozenset({"c"})),
        TrainingStepData(4, "Master", "diploma", "bac3", "bac5", frozenset({"a", "c"})),
    )
    role = RoleData("r", "R", {"a": 5}, steps)
    path = scoring.training_path(role, "bac3", ["c"])
    assert [p.step.id for p in path] == [3, 4]
    assert [p.closes_gaps for p in path] == [("c",), ("c",)]
    assert [p.step.id for p in scoring.training_path(role, None, [])] == [1, 2, 3, 4]


def test_drivers_name_the_answers_that_raised_a_dimension():
    q1 = QuestionData(1, False, (ChoiceData(1, {"a": 2}), ChoiceData(2, {"a": -1})))
    q2 = QuestionData(2, False, (ChoiceData(3, {"a": 1}), ChoiceData(4, {})))
    assert scoring.drivers([q1, q2], {1: [1], 2: [3]}, "a") == [(1, 1, 2.0), (2, 3, 1.0)]
    assert scoring.drivers([q1, q2], {1: [2], 2: [4]}, "a") == []


@settings(max_examples=30)
@given(st.integers(0, 10_000))
def test_ranking_is_deterministic_for_a_random_population(seed):
    rnd = random.Random(seed)
    roles = [RoleData(f"r{i}", "", {d: rnd.randint(0, 5) for d in DIMS}) for i in range(6)]
    student = {d: rnd.random() for d in DIMS}
    assert scoring.rank(student, roles, DIMS) == scoring.rank(student, list(reversed(roles)), DIMS)
