from __future__ import annotations

import ast
import os
import random
import subprocess
import sys
from pathlib import Path

from quiz import simulation
from quiz.scoring import ChoiceData, QuestionData, RoleData

DIMS = ["code", "people", "robots"]
ROLES = [
    RoleData("dev", "Dev", {"code": 5, "people": 1, "robots": 0}),
    RoleData("manager", "Manager", {"code": 0, "people": 5, "robots": 0}),
    RoleData("roboticist", "Roboticist", {"code": 2, "people": 0, "robots": 5}),
]


def question(qid: int, *effects: dict, multiple: bool = False) -> QuestionData:
    return QuestionData(
        qid,
        multiple,
        tuple(ChoiceData(qid * 10 + i, {k: float(v) for k, v in e.items()}) for i, e in enumerate(effects)),
    )


DISCRIMINATING = [
    question(1, {"code": 2}, {"people": 2}, {"robots": 2}),
    question(2, {"code": 2, "people": -1}, {"people": 2, "code": -1}, {"robots": 2, "code": 1}),
    question(3, {"code": 1}, {"people": 1}, {"robots": 1}, multiple=True),
]


def test_a_discriminating_questionnaire_recovers_every_role():
    evaluation = simulation.evaluate(DISCRIMINATING, ROLES, DIMS, per_role=50, noise=0.0, seed=1)
    assert evaluation.top1 == 1.0
    assert all(r.top1 == 1.0 for r in evaluation.per_role.values())
    assert evaluation.confused == []


def test_a_questionnaire_that_ignores_a_difference_confuses_the_roles():
    # Only "code" is asked about: the manager and the roboticist cannot be told apart well.
    blind = [question(1, {"code": 2}, {"code": -2})]
    evaluation = simulation.evaluate(blind, ROLES, DIMS, per_role=50, noise=0.0, seed=1)
    assert evaluation.top1 < 1.0
    assert evaluation.confused


def test_noise_lowers_recovery_and_the_seed_makes_it_repeatable():
    clean = simulation.evaluate(DISCRIMINATING, ROLES, DIMS, per_role=100, noise=0.0, seed=3)
    noisy = simulation.evaluate(DISCRIMINATING, ROLES, DIMS, per_role=100, noise=0.9, seed=3)
    again = simulation.evaluate(DISCRIMINATING, ROLES, DIMS, per_role=100, noise=0.9, seed=3)
    assert noisy.top1 < clean.top1
    assert noisy.as_dict() == again.as_dict()


def test_the_preferred_answer_follows_the_role_profile():
    q = DISCRIMINATING[0]
    assert simulation.preferred_answer(q, ROLES[0]) == [10]
    assert simulation.preferred_answer(q, ROLES[2]) == [12]
    multi = DISCRIMINATING[2]
    assert simulation.preferred_answer(multi, ROLES[1]) == [31]


def test_the_preferred_answer_is_never_dont_know_and_the_second_best_is_next():
    rating = question(4, {"code": -2}, {"code": -1}, {"code": 1}, {"code": 2})
    rating = QuestionData(4, False, (*rating.choices, ChoiceData(49, {}, dont_know=True)))
    dev, manager = ROLES[0], ROLES[1]
    assert simulation.preferred_answer(rating, dev) == [43]
    assert simulation.second_best_answer(rating, dev) == [42]
    assert simulation.preferred_answer(rating, manager) == [40]
    assert simulation.is_self_rating(rating)
    assert not simulation.is_self_rating(DISCRIMINATING[0])


def test_students_with_levels_of_their_own_are_recovered_on_a_discriminating_questionnaire():
    sharp = simulation.evaluate_levels(
        DISCRIMINATING, ROLES, DIMS, per_role=50, spread=0.05, temperature=0.02, seed=1
    )
    assert sharp.top1 == 1.0
    vague = simulation.evaluate_levels(DISCRIMINATING, ROLES, DIMS, per_role=50, temperature=5.0, seed=1)
    again = simulation.evaluate_levels(DISCRIMINATING, ROLES, DIMS, per_role=50, temperature=5.0, seed=1)
    assert vague.top1 < sharp.top1
    assert vague.as_dict() == again.as_dict()


def test_a_student_with_levels_says_dont_know_only_to_self_ratings():
    rating = QuestionData(5, False, (ChoiceData(50, {"code": 2}), ChoiceData(51, {}, dont_know=True)))
    rng = random.Random(3)
    answers = [simulation.softmax_answer(rating, {"code": 1.0}, rng, dont_know=0.5) for _ in range(200)]
    assert 60 < answers.count([51]) < 140
    plain = [
        simulation.softmax_answer(DISCRIMINATING[0], {"code": 1.0}, rng, dont_know=0.5) for _ in range(50)
    ]
    assert all(answer != [51] for answer in plain)


def test_the_scoring_simulation_and_measures_modules_import_no_django():
    for name in ("scoring.py", "simulation.py", "measures.py"):
        tree = ast.parse((Path(simulation.__file__).parent / name).read_text())
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert "django" not in imported, name
        allowed = {"__future__", "collections", "dataclasses", "functools", "itertools", "math", "random"}
        assert imported <= allowed | {"statistics", "typing", "quiz"}, imported


EVALUATE_REAL_CONTENT = """
import json, sys
from quiz.scoring import ChoiceData, QuestionData, RoleData
from quiz.measures import calibrate
from quiz.simulation import evaluate
dims = [d["slug"] for d in json.load(open("content/dimensions.json"))]
roles = [RoleData(r["slug"], r["title"], r["profile"]) for r in json.load(open("content/roles.json"))]
questions, next_id = [], 0
for index, q in enumerate(json.load(open("content/questionnaire.json"))["questions"]):
    if q.get("asks"):
        continue
    choices = []
    for c in q["choices"]:
        next_id += 1
        effects = {k: float(v) for k, v in c["effects"].items()}
        choices.append(ChoiceData(next_id, effects, c.get("dont_know", False)))
    questions.append(QuestionData(index, q["kind"] == "multiple", choices))
print(json.dumps(evaluate(questions, roles, dims, per_role=40, seed=5).as_dict(), sort_keys=True))
print(calibrate(questions, roles, dims, per_role=5, seed=5))
"""


def test_the_simulation_gives_the_same_figures_in_every_process():
    # Set iteration order changes with PYTHONHASHSEED; exact ties between answers must not.
    root = Path(simulation.__file__).parent.parent
    outputs = {
        subprocess.run(
            [sys.executable, "-c", EVALUATE_REAL_CONTENT],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in (0, 1, 2, 3)
    }
    assert len(outputs) == 1
    assert '"top1"' in outputs.pop()
