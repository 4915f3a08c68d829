"""A finished attempt's result as plain JSON: the ranking, the explanations and the paths.

A snapshot, so that later edits to roles or questions never change a finished result. Built by
:func:`quiz.services.attempt_finish` from the scoring's output (:mod:`quiz.scoring`); read by
:mod:`quiz.presenters`.
"""

from __future__ import annotations

from collections.abc import Sequence

from careers.models import Dimension, Role, TrainingStep
from quiz import scoring
from quiz.models import Attempt, Question
from quiz.selectors import questions_data

SNAPSHOT_VERSION = 2
DETAILED_ROLES = 3  # roles whose explanation and path are kept in full
EXPLAINED_DIMENSIONS = 3


def build_snapshot(
    attempt: Attempt,
    *,
    questions: Sequence[Question],
    dimensions: Sequence[Dimension],
    roles: Sequence[scoring.RoleData],
    answers: dict[int, list[int]],
) -> dict:
    """Everything the results page shows, as plain JSON, so it never changes afterwards."""
    scored_questions = questions_data(questions)
    slugs = [d.slug for d in dimensions]
    profile = scoring.student_profile(scored_questions, answers)
    ranking = scoring.rank(profile, roles, slugs)
    by_slug = {r.slug: r for r in roles}
    top = [f.role for f in ranking[:DETAILED_ROLES]]
    role_meta = {r.slug: r for r in Role.objects.filter(slug__in=top)}
    step_meta = {s.pk: s for s in TrainingStep.objects.filter(role__slug__in=top)}
    texts = {q.pk: q.text for q in questions}
    choice_texts = {c.pk: c.text for q in questions for c in q.choices.all()}

    def detailed(f: scoring.Fit) -> dict:
        role = by_slug[f.role]
        meta = role_meta.get(f.role)
        gaps = [g.dimension for g in f.gaps[:EXPLAINED_DIMENSIONS]]
        strengths = [s.dimension for s in f.strengths[:EXPLAINED_DIMENSIONS]]
        return {
            "summary": meta.summary if meta else "",
            "pictogram": meta.pictogram if meta else "",
            "strengths": strengths,
            "gaps": gaps,
            "elsewhere": [e.dimension for e in f.elsewhere[:2]],
            "drivers": [
                {"dimension": dim, "question": texts[qid], "answer": choice_texts[cid], "effect": effect}
                for dim in strengths
                for qid, cid, effect in scoring.drivers(scored_questions, answers, dim)
            ],
            "path": [
                _step_snapshot(step_meta[p.step.id], p.closes_gaps)
                for p in scoring.training_path(role, attempt.diploma or None, gaps)
                if p.step.id in step_meta
            ],
        }

    fits = []
    for position, f in enumerate(ranking):
        entry = {
            "role": f.role,
            "title": by_slug[f.role].title,
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
        "diploma": attempt.diploma,
        "situation": attempt.situation,
        "dimensions": [{"slug": d.slug, "name": d.name, "kind": d.kind} for d in dimensions],
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
