"""The questionnaire's measures (quiz.measures): pure, on small made-up content and on the seeded one.

The seeded content is read from content/*.json as scoring data (no database), and a small version of
every measure runs on it: a content change that breaks a target fails here.
"""

from __future__ import annotations

import json
import random
from functools import cache

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from quiz import measures, scoring, simulation
from quiz.scoring import ChoiceData, QuestionData, RoleData

DIMS = ["code", "people", "robots"]
ROLES = [
    RoleData("dev", "Dev", {"code": 5, "people": 1, "robots": 0}),
    RoleData("manager", "Manager", {"code": 0, "people": 5, "robots": 0}),
    RoleData("roboticist", "Roboticist", {"code": 2, "people": 0, "robots": 5}),
]


def rating(qid: int, dim: str) -> QuestionData:
    levels = [ChoiceData(qid * 10 + i, {dim: float(v)}) for i, v in enumerate((-2, -1, 1, 2))]
    return QuestionData(qid, False, (*levels, ChoiceData(qid * 10 + 9, {}, dont_know=True)))


def forced(qid: int, *effects: dict, multiple: bool = False) -> QuestionData:
    choices = tuple(
        ChoiceData(qid * 10 + i, {k: float(v) for k, v in e.items()}) for i, e in enumerate(effects)
    )
    return QuestionData(qid, multiple, choices)


SELF_RATINGS = [rating(1, "code"), rating(2, "people"), rating(3, "robots")]
FORCED = [
    forced(4, {"code": 2}, {"people": 2}, {"robots": 2}),
    forced(5, {"code": 2, "robots": 1}, {"people": 2}, {"robots": 2}),
]


@cache
def seeded() -> tuple[list[QuestionData], list[RoleData], list[str]]:
    """The seeded content as scoring data, as quiz.selectors would build it from the database."""
    directory = settings.CONTENT_DIR
    dims = [d["slug"] for d in json.loads((directory / "dimensions.json").read_text())]
    roles = [
        RoleData(r["slug"], r["title"], r["profile"])
        for r in json.loads((directory / "roles.json").read_text())
    ]
    questions, next_id = [], 0
    for index, q in enumerate(json.loads((directory / "questionnaire.json").read_text())["questions"]):
        if q.get("asks"):
            continue  # the education questions never change the fit
        choices = []
        for c in q["choices"]:
            next_id += 1
            effects = {k: float(v) for k, v in c["effects"].items()}
            choices.append(ChoiceData(next_id, effects, c.get("dont_know", False)))
        questions.append(QuestionData(index, q["kind"] == "multiple", tuple(choices)))
    return questions, roles, dims


# The parts, on made-up content --------------------------------------------------------------------


@given(st.data())
def test_the_tally_gives_the_profile_of_the_answers(data):
    questions = SELF_RATINGS + FORCED + [forced(6, {"code": 1}, {"people": 1}, {"robots": -1}, multiple=True)]
    options = {q.id: measures._candidates(q) for q in questions}
    answers = {q.id: data.draw(st.sampled_from(options[q.id])) for q in questions}
    tally = measures._Tally(questions, answers)
    for _ in range(3):
        q = data.draw(st.sampled_from(questions))
        answers[q.id] = data.draw(st.sampled_from(options[q.id]))
        tally.set(q.id, answers[q.id])
    expected = scoring.student_profile(questions, answers)
    assert tally.profile().keys() == expected.keys()
    assert all(tally.profile()[d] == pytest.approx(expected[d]) for d in expected)


def test_with_self_ratings_every_role_can_be_reached_fully():
    reach = measures.reachability(SELF_RATINGS, ROLES, DIMS)
    assert reach.passed
    assert all(r.score == 100 and r.first for r in reach.roles.values())


def test_forced_choices_alone_can_leave_a_role_out_of_reach():
    # One forced choice between three dimensions: a role needing two of them cannot have both.
    both = RoleData("both", "Both", {"code": 5, "people": 5, "robots": 0})
    reach = measures.reachability([FORCED[0]], [*ROLES, both], DIMS)
    assert reach.roles["both"].score < measures.REACH_TARGET
    assert not reach.passed


def test_the_best_answers_beat_the_preferred_ones():
    questions = SELF_RATINGS + FORCED
    for role in ROLES:
        preferred = {q.id: simulation.preferred_answer(q, role) for q in questions}
        at_preferred = scoring.fit(scoring.student_profile(questions, preferred), role, DIMS).score
        best, answers = measures.best_answers(questions, role, DIMS)
        assert best >= at_preferred
        assert scoring.fit(scoring.student_profile(questions, answers), role, DIMS).score == pytest.approx(
            best
        )


def test_robustness_counts_the_pairs_of_changes_that_keep_the_role_first():
    section = measures.robustness(SELF_RATINGS + FORCED, ROLES, DIMS)
    assert all(r.first_at_preferred for r in section.roles.values())
    assert all(r.pairs_tried == 10 for r in section.roles.values())  # five questions, two at a time
    fragile = measures.robustness([FORCED[0]], ROLES, DIMS)  # one answer decides everything
    assert fragile.roles["dev"].singles == 0.0
    assert not fragile.passed


def test_fairness_sees_a_role_favoured_by_random_answers():
    # Random answers never touch "people": the manager never comes first.
    lopsided = [forced(i, {"robots": 2}, {"robots": 1}, {"code": 1}) for i in range(1, 5)]
    section = measures.fairness(lopsided, ROLES, DIMS, scoring.CALIBRATION, students=300, seed=1)
    assert section.shares["manager"] < section.share_bounds[0]
    assert not section.passed


def test_fairness_checks_flat_and_undecided_profiles():
    section = measures.fairness(SELF_RATINGS + FORCED, ROLES, DIMS, scoring.CALIBRATION, students=100, seed=1)
    assert set(section.neutral) == {
        "flat 0",
        "flat 0.25",
        "flat 0.5",
        "flat 0.75",
        "flat 1",
        "je ne sais pas",
    }
    assert all(section.neutral.values())


def test_the_calibration_orders_its_thresholds():
    calibration, figures = measures.calibrate(SELF_RATINGS + FORCED, ROLES, DIMS, per_role=40, seed=1)
    assert calibration.close <= calibration.very_close
    assert figures["own_p10"] <= figures["own_p50"]
    assert figures["random_margin_p50"] <= calibration.margin
    assert 0 <= calibration.flat <= 1


def test_the_report_says_which_sections_pass():
    report = measures.measure(SELF_RATINGS + FORCED, ROLES, DIMS, per_role=20, seed=3)
    data = report.as_dict()
    assert set(data) == {
        "passed",
        "recovery",
        "levels",
        "fairness",
        "reachability",
        "robustness",
        "calibration",
    }
    assert data["passed"] == all(data[name]["passed"] for name in report.sections)
    assert data["recovery"]["targets"] == measures.RECOVERY_TARGETS
    assert data["levels"]["targets"]["top1"] == pytest.approx(0.85)


# The seeded content: a small version of every measure ---------------------------------------------


def test_the_seeded_questionnaire_recovers_noisy_copies_of_each_role():
    questions, roles, dims = seeded()
    evaluation = simulation.evaluate(questions, roles, dims, per_role=60, noise=0.3, seed=11)
    section = measures.RecoverySection("recovery", evaluation, measures.RECOVERY_TARGETS, {})
    assert section.passed, evaluation.as_dict()


def test_the_seeded_questionnaire_recovers_students_with_levels_of_their_own():
    questions, roles, dims = seeded()
    evaluation = simulation.evaluate_levels(questions, roles, dims, per_role=60, seed=11)
    section = measures.RecoverySection("levels", evaluation, measures.LEVELS_TARGETS, {})
    assert section.passed, evaluation.as_dict()


def test_the_seeded_questionnaire_is_fair_to_random_answerers():
    questions, roles, dims = seeded()
    section = measures.fairness(questions, roles, dims, scoring.CALIBRATION, students=1500, seed=11)
    assert section.passed, section.as_dict()


def test_every_seeded_role_can_be_reached():
    questions, roles, dims = seeded()
    section = measures.reachability(questions, roles, dims)
    assert section.passed, section.as_dict()


def test_every_seeded_role_survives_two_changed_answers():
    questions, roles, dims = seeded()
    section = measures.robustness(questions, roles, dims)
    assert section.passed, section.as_dict()


def test_the_thresholds_in_use_are_those_the_seeded_content_measures():
    questions, roles, dims = seeded()
    measured, figures = measures.calibrate(questions, roles, dims, per_role=100, seed=11)
    section = measures.CalibrationSection(measured, scoring.CALIBRATION, figures)
    assert section.passed, section.as_dict()
    # "proche" starts above what nine in ten random answerers reach on their best role.
    assert scoring.CALIBRATION.close > figures["random_top_p90"]


@hypothesis_settings(max_examples=3, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_a_random_students_expected_rank_does_not_depend_on_the_role(seed):
    questions, roles, dims = seeded()
    rankings = measures.random_rankings(questions, roles, dims, students=600, seed=seed)
    n = len(roles)
    low, high = 1 + (n - 1) / 3, 1 + 2 * (n - 1) / 3
    for role in roles:
        mean_rank = sum([slug for slug, _ in ranking].index(role.slug) + 1 for _, ranking in rankings) / len(
            rankings
        )
        assert low <= mean_rank <= high, (role.slug, mean_rank)


def test_a_seeded_student_who_answers_like_a_role_is_told_so_plainly():
    questions, roles, dims = seeded()
    for role in roles:
        answers = {q.id: simulation.preferred_answer(q, role) for q in questions}
        profile = scoring.student_profile(questions, answers)
        ranking = scoring.rank(profile, roles, dims)
        assert ranking[0].role == role.slug
        assert scoring.band(ranking[0].score) != "explore"
        assert not scoring.low_confidence(ranking, profile)


def test_seeded_random_answerers_mostly_get_the_low_confidence_state():
    questions, roles, dims = seeded()
    rankings = measures.random_rankings(
        questions, roles, dims, students=300, seed=random.Random(5).randrange(10**6)
    )
    flagged = sum(scoring.low_confidence_scores([x for _, x in r], profile) for profile, r in rankings)
    assert flagged / len(rankings) >= 0.75
