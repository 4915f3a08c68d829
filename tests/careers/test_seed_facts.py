"""A sample of each seed article's facts, checked in the loaded content."""

from __future__ import annotations

import pytest

from careers.models import Dimension, Role
from tests.seeds import SEEDED_ROLE_SLUGS

pytestmark = pytest.mark.django_db

ROLE_SLUGS = SEEDED_ROLE_SLUGS


def salaries(slug: str) -> list[tuple]:
    return list(
        Role.objects.get(slug=slug).salaries.values_list("min_amount", "max_amount", "period", "currency")
    )


def test_all_ten_roles_are_loaded_and_published(content):
    assert set(Role.objects.published().values_list("slug", flat=True)) == ROLE_SLUGS


def test_every_role_has_a_full_profile_and_a_training_path(content):
    dimensions = Dimension.objects.count()
    assert dimensions == 12
    for role in Role.objects.all():
        assert role.weights.count() == dimensions, role
        assert max(role.weights.values_list("weight", flat=True)) >= 4, role
        assert role.routes.count() >= 3, role
        assert role.summary and role.mission_list(), role


def test_controleur_performances_ia(content):
    role = Role.objects.get(slug="controleur-performances-ia")
    assert role.rome_codes.first().code == "M1802"  # the main one, from the seed
    assert role.fap_code == "M2Z"
    assert role.education_level == "bac5"
    assert (3750, 5840, "month", "EUR") in salaries(role.slug)
    assert (45000, 70000, "year", "EUR") in salaries(role.slug)
    assert {6, 7} <= set(role.steps.values_list("rncp_level", flat=True))
    moves = " ".join(m.label for m in role.career_moves.all()).lower()
    assert "chef de projet" in moves and "consultant" in moves


def test_chief_ai_officer_salary_bands(content):
    assert salaries("chief-ai-officer") == [
        (60000, 80000, "year", "EUR"),
        (80000, 120000, "year", "EUR"),
        (120000, None, "year", "EUR"),
    ]
    role = Role.objects.get(slug="chief-ai-officer")
    assert role.pro_list() and role.con_list()
    assert "CTO" in " ".join(m.label for m in role.career_moves.all())


def test_product_manager_ia_salaries(content):
    figures = salaries("product-manager-ia")
    assert (35000, 45000, "year", "EUR") in figures
    assert (130000, 130000, "year", "EUR") in figures
    assert (120000, 120000, "year", "USD") in figures


def test_product_owner_ia_covers_prompting_agile_and_regulation(content):
    role = Role.objects.get(slug="product-owner-ia")
    text = " ".join([role.description, role.missions, role.skills]).lower()
    assert "prompt" in text
    assert "rgpd" in text or "ai act" in text
    assert not role.salaries.exists()  # the article gives no figure


def test_seed_004_roles_show_no_invented_figures(content):
    """Article 004 gives no figure: every salary of its roles comes from a named public source."""
    for slug in [
        "ingenieur-machine-learning",
        "chercheur-ia",
        "architecte-big-data",
        "data-scientist",
        "ingenieur-robotique-vision",
        "specialiste-ethique-ia",
    ]:
        for salary in Role.objects.get(slug=slug).salaries.select_related("source"):
            assert salary.source.url.startswith("https://"), (slug, salary.label)
            assert salary.source.seed_file == "", (slug, salary.label)
            assert salary.year, (slug, salary.label)
    assert "pytorch" in Role.objects.get(slug="ingenieur-machine-learning").skills.lower()
    assert "spark" in Role.objects.get(slug="architecte-big-data").skills.lower()
    assert Role.objects.get(slug="chercheur-ia").education_level == "bac8"
