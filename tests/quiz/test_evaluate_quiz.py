"""The questionnaire's measured accuracy: a content change that breaks recovery fails CI."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.seeds import SEEDED_ROLE_SLUGS

pytestmark = pytest.mark.django_db


def evaluate(*args: str) -> str:
    out = io.StringIO()
    call_command("evaluate_quiz", *args, stdout=out)
    return out.getvalue()


def test_the_seeded_questionnaire_tells_the_roles_apart(content):
    report = json.loads(evaluate("--per-role", "40", "--json"))
    assert report["top1"] >= 0.75
    assert report["top3"] >= 0.92
    assert set(report["per_role"]) == SEEDED_ROLE_SLUGS
    for slug, figures in report["per_role"].items():
        assert figures["top3"] >= 0.8, slug
    assert isinstance(report["confused"], list)


def test_without_noise_every_role_is_recovered(content):
    report = json.loads(evaluate("--per-role", "5", "--noise", "0", "--json"))
    assert report["top1"] == 1.0


def test_the_text_report_lists_every_role(content):
    text = evaluate("--per-role", "10")
    assert "overall" in text
    assert "chief-ai-officer" in text


def test_it_refuses_nonsense_arguments(content):
    with pytest.raises(CommandError):
        evaluate("--noise", "2")


def test_it_says_when_nothing_is_loaded(db):
    with pytest.raises(CommandError, match="load_content"):
        evaluate()
