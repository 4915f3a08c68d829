from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from careers.models import CareerMove, RoleWeight, RomeCode, SalaryRange, TrainingStep, split_lines
from tests.factories import (
    CareerMoveFactory,
    DimensionFactory,
    RoleFactory,
    SalaryRangeFactory,
    SourceFactory,
    TrainingStepFactory,
)

pytestmark = pytest.mark.django_db


def test_a_role_has_one_weight_per_dimension():
    role = RoleFactory(profile={"maths": 3})
    with pytest.raises(IntegrityError):
        RoleWeight.objects.create(role=role, dimension=DimensionFactory(slug="maths"), weight=2)


def test_the_database_keeps_weights_in_range():
    with pytest.raises(IntegrityError):
        RoleWeight.objects.create(role=RoleFactory(), dimension=DimensionFactory(), weight=6)


def test_a_salary_minimum_cannot_exceed_its_maximum():
    salary = SalaryRangeFactory.build(
        role=RoleFactory(), min_amount=60000, max_amount=40000, source=SourceFactory()
    )
    with pytest.raises(ValidationError, match="maximum"):
        salary.full_clean()
    with pytest.raises(IntegrityError):
        salary.save()


def test_a_salary_amount_needs_its_period():
    salary = SalaryRangeFactory.build(role=RoleFactory(), period="", source=SourceFactory())
    with translation.override("en"), pytest.raises(ValidationError, match="per year or per month"):
        salary.full_clean()


def test_every_part_of_a_salary_is_optional():
    salary = SalaryRange(
        role=RoleFactory(), min_amount=120000, max_amount=None, period="year", source=SourceFactory()
    )
    salary.full_clean()
    salary.save()
    assert "120000" not in str(salary)


def test_a_career_move_needs_a_role_or_a_label():
    move = CareerMove(role=RoleFactory())
    with pytest.raises(ValidationError):
        move.full_clean()
    with pytest.raises(IntegrityError):
        move.save()


def test_a_role_cannot_lead_to_itself():
    role = RoleFactory()
    with pytest.raises(IntegrityError):
        CareerMoveFactory(role=role, target=role, label="")


def test_a_training_step_cannot_go_down_a_level():
    step = TrainingStepFactory.build(role=RoleFactory(), from_level="bac5", to_level="bac3")
    with translation.override("en"), pytest.raises(ValidationError, match="lower level"):
        step.full_clean()


def test_rome_codes_are_validated_in_plain_words():
    code = RomeCode(role=RoleFactory(), code="12345", label="Data", source=SourceFactory())
    with translation.override("en"), pytest.raises(ValidationError, match="letter and four digits"):
        code.full_clean()


def test_a_salary_figure_needs_its_source():
    salary = SalaryRange(role=RoleFactory(), min_amount=40000, max_amount=50000, period="year")
    with translation.override("en"), pytest.raises(ValidationError, match="needs its source"):
        salary.full_clean()


def test_a_usual_level_or_an_employability_needs_its_source():
    with translation.override("en"), pytest.raises(ValidationError, match="usual level comes from"):
        RoleFactory.build(education_level="bac5").full_clean(exclude=["slug"])
    with translation.override("en"), pytest.raises(ValidationError, match="employability"):
        RoleFactory.build(employability="Bonne").full_clean(exclude=["slug"])


def test_a_diploma_step_needs_a_public_reference_or_a_source():
    role = RoleFactory()
    step = TrainingStep(role=role, title="Master mention Informatique", kind="diploma")
    with translation.override("en"), pytest.raises(ValidationError, match="public reference"):
        step.full_clean()
    step.parcoursup_query = "Master informatique"
    step.full_clean()
    project = TrainingStep(role=role, title="Un projet perso", kind="project")
    project.full_clean()  # a project needs no reference


def test_links_are_https_only():
    source = SourceFactory.build(url="http://www.onisep.fr/page")
    with translation.override("en"), pytest.raises(ValidationError, match="https"):
        source.full_clean()


def test_lists_are_typed_one_item_per_line():
    assert split_lines("  Santé\n\nBanque \n") == ["Santé", "Banque"]
    role = RoleFactory(sectors="Santé\nAéronautique")
    assert role.sector_list() == ["Santé", "Aéronautique"]


def test_models_read_well_as_text():
    role = RoleFactory(title="Data scientist", profile={"donnees": 5})
    assert str(role) == "Data scientist"
    assert str(role.weights.get()).endswith(": 5")
    assert str(CareerMoveFactory(role=role, label="Consultant")) == "Data scientist → Consultant"
    assert role.get_absolute_url() == "/metiers/" + role.slug + "/"
