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

SNAPSHOT_VERSION = 3
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
    """Everything the results page shows, as plain JSON, so it never changes afterwards.

    Every statement the page makes is decided here by :mod:`quiz.scoring` and stored with the
    figures that make it true: the band of each role, which roles are tied, whether the profile
    is still too little marked to say much, the reasons behind the first roles.
    """
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
    tied_with_previous = {slug for group in scoring.tied_groups(ranking) for slug in group[1:]}

    def reasons(items: Sequence[scoring.Reason]) -> list[dict]:
        return [
            {
                "dimension": r.dimension,
                "student": round(r.student, 3),
                "expected": round(r.expected, 3),
                "points": round(r.points, 1),
                "drivers": [
                    {"question": texts[d.question], "answer": choice_texts[d.choice]}
                    for d in r.drivers
                    if d.question in texts and d.choice in choice_texts
                ],
            }
            for r in items
        ]

    def detailed(position: int, f: scoring.Fit) -> dict:
        role = by_slug[f.role]
        meta = role_meta.get(f.role)
        why = scoring.explain(
            ranking, position, by_slug, scored_questions, answers, limit=EXPLAINED_DIMENSIONS
        )
        gaps = [g.dimension for g in why.gaps]
        return {
            "summary": meta.summary if meta else "",
            "pictogram": meta.pictogram if meta else "",
            "why": reasons(why.why),
            "not_shown": reasons(why.not_shown),
            "gaps": reasons(why.gaps),
            "elsewhere": reasons(why.elsewhere[:2]),
            "contrasts": [
                {
                    "other": c.other,
                    "other_title": by_slug[c.other].title,
                    "above": ranking.index(next(x for x in ranking if x.role == c.other)) < position,
                    "leans": list(c.leans[:2]),
                    "spares": list(c.spares[:2]),
                }
                for c in why.contrasts
                if c.leans or c.spares
            ],
            "dimensions": [
                {"dimension": d.dimension, "student": round(d.student, 3), "expected": round(d.expected, 3)}
                for d in f.dimensions
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
            "band": scoring.band(f.score),
            "tied_with_previous": f.role in tied_with_previous,
        }
        if position < DETAILED_ROLES:
            entry.update(detailed(position, f))
        fits.append(entry)
    strongest = sorted(
        (slug for slug, level in profile.items() if level >= scoring.STRONG_FLOOR),
        key=lambda slug: (-profile[slug], slugs.index(slug) if slug in slugs else 0),
    )
    return {
        "version": SNAPSHOT_VERSION,
        "diploma": attempt.diploma,
        "situation": attempt.situation,
        "dimensions": [{"slug": d.slug, "name": d.name, "kind": d.kind} for d in dimensions],
        "profile": {k: round(v, 3) for k, v in profile.items()},
        "strongest": strongest[:3],
        "low_confidence": scoring.low_confidence(ranking, profile),
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
