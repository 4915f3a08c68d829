"""The measures command on the database's content: every section, its target and its verdict.

The targets themselves are checked on the seeded content in tests/quiz/test_measures.py (no database,
a small version of every measure); here the command reads the content as an editor left it.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from careers.models import RoleWeight
from tests.seeds import SEEDED_ROLE_SLUGS

pytestmark = pytest.mark.django_db

SECTIONS = ("recovery", "levels", "fairness", "reachability", "robustness", "calibration")


def evaluate(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate_quiz", *args, stdout=out)
    return out.getvalue()


def test_the_json_report_has_every_section_with_its_target_and_verdict(content):
    report = json.loads(evaluate("--per-role", "10", "--json"))
    assert set(report) == {"passed", *SECTIONS}
    assert report["recovery"]["targets"] == {"top1": 0.9, "top3": 0.99, "role_top3": 0.9}
    assert report["levels"]["targets"] == {"top1": 0.85, "top3": 0.94, "role_top3": 0.85}
    assert report["fairness"]["share_bounds"] == [0.05, 0.2]
    assert report["reachability"]["target"] == 90
    assert report["robustness"]["target"] == 0.9
    for name in ("recovery", "levels"):
        assert set(report[name]["per_role"]) == SEEDED_ROLE_SLUGS
    for name in ("fairness",):
        assert set(report[name]["shares"]) == SEEDED_ROLE_SLUGS
    for name in ("reachability", "robustness"):
        assert set(report[name]["per_role"]) == SEEDED_ROLE_SLUGS
    assert all(isinstance(report[name]["passed"], bool) for name in SECTIONS)
    # Reachability and robustness do not depend on the number of simulated students.
    assert report["reachability"]["passed"]
    assert report["robustness"]["passed"]
    assert all(r["first_at_preferred"] for r in report["robustness"]["per_role"].values())


def test_the_text_report_prints_each_section_with_pass_or_fail(content):
    text = evaluate("--per-role", "10")
    for name in SECTIONS:
        assert f"== {name}" in text
    assert "chief-ai-officer" in text
    assert "target:" in text
    assert "== overall: " in text
    assert text.count("PASS") + text.count("FAIL") == len(SECTIONS) + 1


def test_check_fails_when_a_role_can_no_longer_be_reached(content):
    # A role that needs everything at 5 cannot be reached by any set of answers.
    RoleWeight.objects.filter(role__slug="chief-ai-officer").update(weight=5)
    with pytest.raises(CommandError, match="reachability"):
        evaluate("--per-role", "5", "--check")


def test_it_refuses_nonsense_arguments(content):
    with pytest.raises(CommandError):
        evaluate("--noise", "2")


def test_it_says_when_nothing_is_loaded(db):
    with pytest.raises(CommandError, match="load_content"):
        evaluate()
