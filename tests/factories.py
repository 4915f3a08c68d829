"""Factories for every model, in one place."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone
from factory.django import DjangoModelFactory

from careers.models import (
    CareerMove,
    Dimension,
    Role,
    RoleWeight,
    RomeCode,
    Route,
    SalaryRange,
    Source,
    TrainingStep,
)
from classes import codes
from classes.models import TEACHERS_GROUP, ClassMembership, ClassSession
from quiz.models import Answer, Attempt, Choice, ChoiceEffect, Question, Questionnaire, Result


class DimensionFactory(DjangoModelFactory):
    class Meta:
        model = Dimension
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"dim-{n}")
    name = factory.Sequence(lambda n: f"Dimension {n}")
    kind = Dimension.Kind.SKILL
    order = factory.Sequence(int)


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = Role
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"role-{n}")
    title = factory.Sequence(lambda n: f"Métier {n}")
    summary = "Un métier de l'IA."
    missions = "Analyser\nConstruire"
    is_published = True

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        """``RoleFactory(profile={"dim-slug": 4})`` sets weights, creating dimensions as needed."""
        if not create or not extracted:
            return
        for slug, weight in extracted.items():
            RoleWeight.objects.create(role=self, dimension=DimensionFactory(slug=slug), weight=weight)


class RoleWeightFactory(DjangoModelFactory):
    class Meta:
        model = RoleWeight

    role = factory.SubFactory(RoleFactory)
    dimension = factory.SubFactory(DimensionFactory)
    weight = 3


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source publique {n}")
    publisher = "Un éditeur"
    url = factory.Sequence(lambda n: f"https://www.onisep.fr/source-{n}")
    year = 2024


class SalaryRangeFactory(DjangoModelFactory):
    class Meta:
        model = SalaryRange

    role = factory.SubFactory(RoleFactory)
    label = "Débutant"
    min_amount = 40000
    max_amount = 50000
    period = SalaryRange.Period.YEAR
    currency = "EUR"
    gross = True
    source = factory.SubFactory(SourceFactory)


class RomeCodeFactory(DjangoModelFactory):
    class Meta:
        model = RomeCode

    role = factory.SubFactory(RoleFactory)
    code = "M1405"
    label = "Data scientist"
    source = factory.SubFactory(SourceFactory)


class RouteFactory(DjangoModelFactory):
    class Meta:
        model = Route

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Voie {n}")
    audience = Route.Audience.BAC_GENERAL
    from_level = "bac"
    to_level = "bac5"


class CareerMoveFactory(DjangoModelFactory):
    class Meta:
        model = CareerMove

    role = factory.SubFactory(RoleFactory)
    label = "Chef de projet IA"


class TrainingStepFactory(DjangoModelFactory):
    class Meta:
        model = TrainingStep
        skip_postgeneration_save = True

    role = factory.SubFactory(RoleFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Étape {n}")
    kind = TrainingStep.Kind.DIPLOMA

    @factory.post_generation
    def dimensions(self, create, extracted, **kwargs):
        if create and extracted:
            self.dimensions.set(extracted)


class QuestionnaireFactory(DjangoModelFactory):
    class Meta:
        model = Questionnaire

    title = factory.Sequence(lambda n: f"Questionnaire {n}")
    is_published = True


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    order = factory.Sequence(int)
    key = factory.Sequence(lambda n: f"q-{n}")
    text = factory.Sequence(lambda n: f"Question {n} ?")
    kind = Question.Kind.SINGLE


class ChoiceFactory(DjangoModelFactory):
    class Meta:
        model = Choice
        skip_postgeneration_save = True

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(int)
    key = factory.Sequence(lambda n: f"c-{n}")
    text = factory.Sequence(lambda n: f"Réponse {n}")

    @factory.post_generation
    def effects(self, create, extracted, **kwargs):
        """``ChoiceFactory(effects={"dim-slug": 2})``."""
        if not create or not extracted:
            return
        for slug, value in extracted.items():
            ChoiceEffect.objects.create(choice=self, dimension=DimensionFactory(slug=slug), value=value)


class AttemptFactory(DjangoModelFactory):
    class Meta:
        model = Attempt

    questionnaire = factory.SubFactory(QuestionnaireFactory, is_published=False)


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer
        skip_postgeneration_save = True

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if create and extracted:
            self.choices.set(extracted)


class ResultFactory(DjangoModelFactory):
    class Meta:
        model = Result

    attempt = factory.SubFactory(AttemptFactory)
    snapshot = factory.LazyFunction(lambda: {"version": 1, "fits": []})


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = factory.django.Password("un-mot-de-passe-solide")


class TeacherFactory(UserFactory):
    """A user of the "Enseignants" group (created here too, since a transactional test may have
    flushed the one the data migration made)."""

    username = factory.Sequence(lambda n: f"enseignant-{n}")

    @factory.post_generation
    def teacher_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=TEACHERS_GROUP)[0])


class ClassSessionFactory(DjangoModelFactory):
    class Meta:
        model = ClassSession

    owner = factory.SubFactory(TeacherFactory)
    name = factory.Sequence(lambda n: f"2nde B — séance {n}")
    code = factory.LazyFunction(codes.new_code)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class ClassMembershipFactory(DjangoModelFactory):
    class Meta:
        model = ClassMembership

    session = factory.SubFactory(ClassSessionFactory)
    attempt = factory.SubFactory(AttemptFactory)
    number = factory.Sequence(lambda n: n + 1)


def results_url(attempt: Attempt) -> str:
    """The secret address of an attempt's results (no model has a get_absolute_url for it)."""
    return reverse("quiz:results", kwargs={"public_id": attempt.public_id})


def shared_url(attempt: Attempt) -> str:
    """The read-only address of an attempt's results, the one its student shares."""
    return reverse("quiz:shared", kwargs={"share_id": attempt.share_id})
