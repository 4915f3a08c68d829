"""The quiz's reads, through the ORM.

What does not depend on the visitor (the published questionnaire, a questionnaire's questions,
the questions and roles as scoring data) is cached under the content version
(:mod:`core.content_version`), so a quiz step costs the same whatever the number of questions and
roles, and an editor's change shows on the next request. Cached objects are shared by requests:
read them, never change them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.core.cache import cache
from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, Prefetch, QuerySet, Subquery

from careers.models import Dimension, Role, RoleWeight, Route, TrainingStep
from core import content_version
from core.models import ContentVersion
from quiz import duration, scoring
from quiz.models import Answer, Attempt, Choice, ChoiceEffect, Question, Questionnaire


def parse_public_id(value: object) -> uuid.UUID | None:
    """A public id from a cookie or an address; None when it is not a UUID."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def attempt_by_public_id(public_id: object) -> Attempt | None:
    """The attempt with this public id, with the content version as ``content_token``: one query."""
    key = parse_public_id(public_id)
    if key is None:
        return None
    token = ContentVersion.objects.filter(pk=1).values("token")[:1]
    return Attempt.objects.annotate(content_token=Subquery(token)).filter(public_id=key).first()


def _finished_with_result(**key: uuid.UUID) -> Attempt | None:
    # With the content version as ``content_token``, in the same statement (as attempt_by_public_id).
    token = ContentVersion.objects.filter(pk=1).values("token")[:1]
    return (
        Attempt.objects.select_related("result")
        .annotate(content_token=Subquery(token))
        .filter(finished_at__isnull=False, result__isnull=False, **key)
        .first()
    )


def finished_attempt_with_result(public_id: object) -> Attempt | None:
    """A finished attempt and its result, by its owner's id (one query), or None."""
    key = parse_public_id(public_id)
    return _finished_with_result(public_id=key) if key is not None else None


def shared_attempt_with_result(share_id: object) -> Attempt | None:
    """A finished attempt and its result, by its read-only share id (one query), or None."""
    key = parse_public_id(share_id)
    return _finished_with_result(share_id=key) if key is not None else None


def published_questionnaire(version: int) -> tuple[Questionnaire | None, int]:
    """The published questionnaire (or None) and how many questions a student is asked."""

    def build() -> tuple[Questionnaire | None, int]:
        questionnaire = Questionnaire.objects.published().first()
        return questionnaire, len(question_ids(questionnaire.pk, version)) if questionnaire else 0

    return content_version.get_or_build(version, "published-questionnaire", build)


DURATION_SAMPLE = 500
DURATION_CACHE_SECONDS = 60 * 60


def quiz_duration(questionnaire: Questionnaire, version: int) -> duration.Duration:
    """How long the quiz takes (``quiz.duration``): the median of the latest finished quizzes,
    or the estimate from the questionnaire's text while there are too few. Cached for an hour:
    the figure moves slowly and the landing page must stay one cache read."""

    def build() -> duration.Duration:
        texts = list(Question.objects.filter(questionnaire=questionnaire).values_list("text", "help_text"))
        choices = Choice.objects.filter(question__questionnaire=questionnaire).values_list("text", flat=True)
        words = sum(len(f"{text} {hint}".split()) for text, hint in texts) + sum(
            len(c.split()) for c in choices
        )
        # A quiz started by "change my answers" has every answer from its first second: its time
        # says how long changing one answer takes, not how long the quiz does.
        prefilled = Answer.objects.filter(
            attempt=OuterRef("pk"),
            created_at__lt=ExpressionWrapper(
                OuterRef("created_at") + timedelta(seconds=2), output_field=DateTimeField()
            ),
        )
        rows = (
            Attempt.objects.filter(questionnaire=questionnaire, finished_at__isnull=False)
            .exclude(Exists(prefilled))
            .order_by("-finished_at")
            .values_list("created_at", "finished_at")[:DURATION_SAMPLE]
        )
        seconds = [(finished - started).total_seconds() for started, finished in rows]
        return duration.typical(seconds, word_count=words, question_count=len(texts))

    key = content_version.cache_key(version, "quiz-duration", questionnaire.pk)
    return cache.get_or_set(key, build, DURATION_CACHE_SECONDS)


def question_ids(questionnaire_id: int, version: int) -> list[int]:
    """The ids of the questions a student is asked, in order (an attempt may be on an older,
    unpublished questionnaire: it keeps its own questions)."""

    def build() -> list[int]:
        # A question without choices cannot be answered: it is never asked, so it cannot stop a quiz
        # (the admin refuses one; this holds whatever else wrote it).
        has_choices = Exists(Choice.objects.filter(question=OuterRef("pk")))
        asked = Question.objects.filter(has_choices, questionnaire_id=questionnaire_id)
        return list(asked.values_list("pk", flat=True))

    return content_version.get_or_build(version, "question-ids", build, questionnaire_id)


def question_with_choices(question_id: int, version: int) -> Question:
    """One question with its choices. Cached one by one: a quiz step reads its own question from
    the cache, not the whole questionnaire (unpickling every question would grow with their number)."""

    def build() -> Question:
        return Question.objects.prefetch_related("choices").get(pk=question_id)

    return content_version.get_or_build(version, "question", build, question_id)


def chosen_choice_ids(attempt: Attempt, question: Question) -> set[int]:
    """The choices ticked in this attempt's answer to this question (empty if unanswered)."""
    through = Answer.choices.through
    return set(
        through.objects.filter(answer__attempt=attempt, answer__question=question).values_list(
            "choice_id", flat=True
        )
    )


def answered_question_ids(attempt: Attempt) -> set[int]:
    return set(attempt.answers.values_list("question_id", flat=True))


def first_unanswered_position(
    attempt: Attempt, question_ids: Sequence[int], answered: set[int] | None = None
) -> int | None:
    if answered is None:
        answered = answered_question_ids(attempt)
    for position, question_id in enumerate(question_ids, start=1):
        if question_id not in answered:
            return position
    return None


def progress(attempt: Attempt, question_ids: Sequence[int]) -> dict:
    answered = answered_question_ids(attempt) & set(question_ids)
    next_position = first_unanswered_position(attempt, question_ids, answered) or len(question_ids)
    return {"answered": len(answered), "total": len(question_ids), "next_position": next_position}


def attempt_answers(attempt: Attempt) -> dict[int, list[int]]:
    """Question id -> chosen choice ids (empty for a multiple choice with nothing ticked)."""
    answers: dict[int, list[int]] = {}
    for question_id, choice_id in Answer.objects.filter(attempt=attempt).values_list(
        "question_id", "choices"
    ):
        chosen = answers.setdefault(question_id, [])
        if choice_id is not None:
            chosen.append(choice_id)
    return answers


# --- The content as scoring data -----------------------------------------------------------------


def questions_with_effects(questionnaire_id: int) -> list[Question]:
    """Every question with its choices and their effects, in a fixed number of queries."""
    choices = Choice.objects.prefetch_related(
        Prefetch("effects", queryset=ChoiceEffect.objects.select_related("dimension"))
    )
    return list(
        Question.objects.filter(questionnaire_id=questionnaire_id).prefetch_related(
            Prefetch("choices", queryset=choices)
        )
    )


def questions_data(questions: Sequence[Question]) -> list[scoring.QuestionData]:
    return [
        scoring.QuestionData(
            id=q.pk,
            multiple=q.multiple,
            choices=tuple(
                scoring.ChoiceData(
                    c.pk, {e.dimension.slug: float(e.value) for e in c.effects.all()}, dont_know=c.dont_know
                )
                for c in q.choices.all()
            ),
        )
        for q in questions
        if q.is_scored
    ]


def roles_data(roles: QuerySet[Role] | None = None) -> list[scoring.RoleData]:
    """Published roles as scoring data, in a fixed number of queries."""
    queryset = (roles if roles is not None else Role.objects.published()).prefetch_related(
        Prefetch("weights", queryset=RoleWeight.objects.select_related("dimension"))
    )
    return [
        scoring.RoleData(
            slug=r.slug, title=r.title, weights={w.dimension.slug: w.weight for w in r.weights.all()}
        )
        for r in queryset
    ]


def published_role_slugs(version: int) -> frozenset[str]:
    """The roles students may open a page of: a result keeps ranking a role unpublished since,
    and must not link it to a 404."""

    def build() -> frozenset[str]:
        return frozenset(Role.objects.published().values_list("slug", flat=True))

    return content_version.get_or_build(version, "published-role-slugs", build)


def roles_with_paths(slugs: list[str]) -> dict[str, Role]:
    """These roles with their routes, steps and what the steps need for links, in a fixed number of
    queries (the results of a finished quiz keep the first roles' paths)."""
    steps = (
        TrainingStep.objects.select_related("source").prefetch_related("dimensions").order_by("order", "id")
    )
    roles = Role.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch("routes", queryset=Route.objects.prefetch_related(Prefetch("steps", queryset=steps))),
        Prefetch("steps", queryset=steps.filter(route__isnull=True), to_attr="practice"),
    )
    return {role.slug: role for role in roles}


def dimensions(version: int) -> list[Dimension]:
    return content_version.get_or_build(version, "dimensions", lambda: list(Dimension.objects.all()))


def scoring_questions(questionnaire_id: int, version: int) -> list[Question]:
    """A questionnaire's questions with their choices' effects, cached per content version."""
    return content_version.get_or_build(
        version, "scoring-questions", lambda: questions_with_effects(questionnaire_id), questionnaire_id
    )


def scoring_roles(version: int) -> list[scoring.RoleData]:
    """Every published role as scoring data, cached per content version: a finish does not read
    every role's profile and path again (tens of thousands of rows with a thousand roles)."""
    return content_version.get_or_build(version, "scoring-roles", roles_data)
