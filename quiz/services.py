"""The writes of the quiz (start, answer, finish) and the plain data scoring takes.

Views parse input, call one of these, render. Scoring itself lives in
:mod:`quiz.scoring` and never sees a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from careers import content_cache
from careers.models import Dimension, Role, RoleWeight, TrainingStep
from quiz import scoring, sql
from quiz.models import Answer, Attempt, Choice, ChoiceEffect, Question, Questionnaire, Result

SNAPSHOT_VERSION = 1
DETAILED_ROLES = 3  # roles whose explanation and path are kept in full
EXPLAINED_DIMENSIONS = 3


class AnswerRejected(Exception):
    """An answer that cannot be recorded; ``str()`` is a code the view maps to a message."""


@dataclass(frozen=True)
class ScoringInput:
    dimensions: list[Dimension]
    questions: list[scoring.QuestionData]
    roles: list[scoring.RoleData]
    answers: dict[int, list[int]]


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    """Every question with its choices and their effects, in a fixed number of queries."""
    choices = Choice.objects.prefetch_related(
        Prefetch("effects", queryset=ChoiceEffect.objects.select_related("dimension"))
    )
    return list(questionnaire.questions.prefetch_related(Prefetch("choices", queryset=choices)))


def questions_data(questions: Sequence[Question]) -> list[scoring.QuestionData]:
    return [
        scoring.QuestionData(
            id=q.pk,
            multiple=q.multiple,
            choices=tuple(
                scoring.ChoiceData(c.pk, {e.dimension.slug: float(e.value) for e in c.effects.all()})
                for c in q.choices.all()
            ),
        )
        for q in questions
        if not q.asks_level
    ]


def roles_data(roles=None) -> list[scoring.RoleData]:
    """Published roles as scoring data, in a fixed number of queries."""
    queryset = (roles if roles is not None else Role.objects.published()).prefetch_related(
        Prefetch("weights", queryset=RoleWeight.objects.select_related("dimension")),
        Prefetch("steps", queryset=TrainingStep.objects.prefetch_related("dimensions")),
    )
    return [
        scoring.RoleData(
            slug=r.slug,
            title=r.title,
            weights={w.dimension.slug: w.weight for w in r.weights.all()},
            steps=tuple(
                scoring.TrainingStepData(
                    id=s.pk,
                    title=s.title,
                    kind=s.kind,
                    from_level=s.from_level or None,
                    to_level=s.to_level or None,
                    dimensions=frozenset(d.slug for d in s.dimensions.all()),
                )
                for s in r.steps.all()
            ),
        )
        for r in queryset
    ]


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


def scoring_input(
    attempt: Attempt,
    questions: Sequence[Question] | None = None,
    roles: list[scoring.RoleData] | None = None,
) -> ScoringInput:
    if questions is None:
        questions = questionnaire_questions(attempt.questionnaire)
    return ScoringInput(
        dimensions=list(Dimension.objects.all()),
        questions=questions_data(questions),
        roles=roles_data() if roles is None else roles,
        answers=attempt_answers(attempt),
    )


def attempt_start(*, questionnaire: Questionnaire, language: str) -> Attempt:
    return Attempt.objects.create(questionnaire=questionnaire, language=language[:8])


def answer_record(*, attempt: Attempt, question: Question, choices: Sequence[Choice]) -> None:
    """Record (or replace) the answer to one question. Never doubles an answer."""
    if attempt.is_finished:
        raise AnswerRejected("finished")
    if question.questionnaire_id != attempt.questionnaire_id:
        raise AnswerRejected("foreign_question")
    choices = list({c.pk: c for c in choices}.values())
    if not choices and not question.multiple:
        raise AnswerRejected("empty")
    if any(c.question_id != question.pk for c in choices):
        raise AnswerRejected("foreign_choice")
    if not question.multiple and len(choices) > 1:
        raise AnswerRejected("too_many")
    now = timezone.now()
    level = choices[0].level if question.asks_level and choices and choices[0].level else ""
    with transaction.atomic():
        if not sql.answer_write(
            attempt_id=attempt.pk,
            question_id=question.pk,
            choice_ids=[c.pk for c in choices],
            level=level,
            now=now,
        ):
            raise AnswerRejected("finished")
    attempt.updated_at = now
    if level:
        attempt.level = level


def attempt_finish(*, attempt: Attempt) -> Result:
    """Score the attempt and freeze the result. Idempotent: a double submit gets the same result."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        existing = Result.objects.filter(attempt=locked).first()
        if existing is not None:
            return existing
        # Every role's profile and path and every question's effects are content: built once
        # per process and content version (careers.content_cache), not on every finish, which
        # would read tens of thousands of rows with a thousand roles.
        version = content_cache.content_version()
        questions = content_cache.get_or_build(
            ("scoring-questions", version, locked.questionnaire_id),
            lambda: questionnaire_questions(locked.questionnaire),
        )
        roles = content_cache.get_or_build(("scoring-roles", version), roles_data)
        data = scoring_input(locked, questions, roles)
        snapshot = build_snapshot(locked, questions, data)
        result = Result.objects.create(attempt=locked, snapshot=snapshot)
        locked.finished_at = timezone.now()
        locked.save(update_fields=["finished_at", "updated_at"])
    attempt.finished_at = locked.finished_at
    return result


def build_snapshot(attempt: Attempt, questions: Sequence[Question], data: ScoringInput) -> dict:
    """Everything the results page shows, as plain JSON, so it never changes afterwards."""
    slugs = [d.slug for d in data.dimensions]
    profile = scoring.student_profile(data.questions, data.answers)
    ranking = scoring.rank(profile, data.roles, slugs)
    roles = {r.slug: r for r in data.roles}
    top = [f.role for f in ranking[:DETAILED_ROLES]]
    role_meta = {r.slug: r for r in Role.objects.filter(slug__in=top)}
    step_meta = {s.pk: s for s in TrainingStep.objects.filter(role__slug__in=top)}
    texts = {q.pk: q.text for q in questions}
    choice_texts = {c.pk: c.text for q in questions for c in q.choices.all()}

    def detailed(f: scoring.Fit) -> dict:
        role = roles[f.role]
        meta = role_meta.get(f.role)
        gaps = [g.dimension for g in f.gaps[:EXPLAINED_DIMENSIONS]]
        strengths = [s.dimension for s in f.strengths[:EXPLAINED_DIMENSIONS]]
        return {
            "summary": meta.summary if meta else "",
            "strengths": strengths,
            "gaps": gaps,
            "elsewhere": [e.dimension for e in f.elsewhere[:2]],
            "drivers": [
                {
                    "dimension": dim,
                    "question": texts[qid],
                    "answer": choice_texts[cid],
                    "effect": effect,
                }
                for dim in strengths
                for qid, cid, effect in scoring.drivers(data.questions, data.answers, dim)
            ],
            "path": [
                _step_snapshot(step_meta[p.step.id], p.closes_gaps)
                for p in scoring.training_path(role, attempt.level or None, gaps)
                if p.step.id in step_meta
            ],
        }

    fits = []
    for position, f in enumerate(ranking):
        entry = {
            "role": f.role,
            "title": roles[f.role].title,
            "score": round(f.score, 1),
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "student": round(d.student, 3),
                    "expected": round(d.expected, 3),
                    "earned": round(d.earned, 2),
                    "share": round(d.share, 2),
                }
                for d in f.dimensions
            ],
        }
        if position < DETAILED_ROLES:
            entry.update(detailed(f))
        fits.append(entry)
    return {
        "version": SNAPSHOT_VERSION,
        "level": attempt.level,
        "dimensions": [{"slug": d.slug, "name": d.name, "kind": d.kind} for d in data.dimensions],
        "profile": {k: round(v, 3) for k, v in profile.items()},
        "fits": fits,
    }


def _step_snapshot(step: TrainingStep, closes_gaps: Sequence[str]) -> dict:
    return {
        "title": step.title,
        "kind": step.kind,
        "from_level": step.from_level,
        "to_level": step.to_level,
        "rncp_level": step.rncp_level,
        "duration": step.duration,
        "description": step.description,
        "url": step.url,
        "closes_gaps": list(closes_gaps),
    }


def answered_question_ids(attempt: Attempt) -> set[int]:
    return set(attempt.answers.values_list("question_id", flat=True))


def first_unanswered_position(
    attempt: Attempt, questions: Sequence[Question], answered: set[int] | None = None
) -> int | None:
    if answered is None:
        answered = answered_question_ids(attempt)
    for position, question in enumerate(questions, start=1):
        if question.pk not in answered:
            return position
    return None


def progress(attempt: Attempt, questions: Sequence[Question]) -> dict:
    answered = answered_question_ids(attempt) & {q.pk for q in questions}
    next_position = first_unanswered_position(attempt, questions, answered) or len(questions)
    return {"answered": len(answered), "total": len(questions), "next_position": next_position}


def chosen_choice_ids(attempt: Attempt, question: Question) -> set[int]:
    return sql.chosen_choice_ids(attempt.pk, question.pk)


def attempt_delete(*, attempt: Attempt) -> None:
    """Delete the attempt with its answers and result (cascade): nothing is kept."""
    attempt.delete()
