"""A finished attempt's result as plain JSON: the ranking, the explanations and the paths.

A snapshot, so that later edits to roles or questions never change a finished result. Built by
:func:`quiz.services.attempt_finish` from the scoring's output (:mod:`quiz.scoring`); read by
:mod:`quiz.presenters`.
"""

from __future__ import annotations

from collections.abc import Sequence

from careers import links
from careers.models import Dimension, Role, TrainingStep
from quiz import paths, scoring
from quiz.models import Attempt, Question
from quiz.selectors import questions_data, roles_with_paths

SNAPSHOT_VERSION = 4
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
    role_meta = roles_with_paths(top)
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
            **(_paths_snapshot(meta, attempt, gaps) if meta else {"routes": [], "practice": []}),
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
    return {
        "version": SNAPSHOT_VERSION,
        "diploma": attempt.diploma,
        "situation": attempt.situation,
        "dimensions": [{"slug": d.slug, "name": d.name, "kind": d.kind} for d in dimensions],
        "profile": {k: round(v, 3) for k, v in profile.items()},
        "strongest": scoring.standouts(profile, slugs),
        "low_confidence": scoring.low_confidence(ranking, profile),
        "fits": fits,
    }


def _paths_snapshot(role: Role, attempt: Attempt, gaps: Sequence[str]) -> dict:
    """The role's routes, the one that fits the student's diploma and situation first, each with
    the steps still ahead of them; and the courses or projects that develop their gaps."""
    diploma, situation = attempt.diploma or None, attempt.situation or None
    routes = {route.pk: route for route in role.routes.all()}
    data = [
        paths.RouteData(
            route.pk, route.audience, route.from_level, route.to_level or None, _steps_data(route.steps.all())
        )
        for route in routes.values()
    ]
    start = paths.standing(diploma, situation)
    steps = {step.pk: step for route in routes.values() for step in route.steps.all()}
    steps |= {step.pk: step for step in role.practice}
    ordered = []
    for route in paths.order_routes(data, diploma, situation):
        model = routes[route.id]
        ahead = paths.steps_ahead(route, diploma)
        ordered.append(
            {
                "title": model.title,
                "audience": model.audience,
                "from_level": model.from_level,
                "to_level": model.to_level,
                "duration": model.duration,
                "apprenticeship": model.apprenticeship,
                "open_to_you": start is None or paths.RANK[model.from_level] <= start,
                "steps": [_step_snapshot(steps[s.id], gaps) for s in ahead],
                # Only then may the page say the student has gone through the route's studies.
                "studies_done": bool(route.steps) and not ahead,
            }
        )
    practice = paths.useful_practice(_steps_data(role.practice), gaps)
    return {"routes": ordered, "practice": [_step_snapshot(steps[s.id], gaps) for s in practice]}


def _steps_data(steps) -> tuple[paths.StepData, ...]:
    return tuple(
        paths.StepData(
            s.pk,
            s.kind,
            s.from_level or None,
            s.to_level or None,
            frozenset(d.slug for d in s.dimensions.all()),
        )
        for s in steps
    )


def _step_snapshot(step: TrainingStep, gaps: Sequence[str]) -> dict:
    return {
        "title": step.title,
        "kind": step.kind,
        "from_level": step.from_level,
        "to_level": step.to_level,
        "rncp_level": step.rncp_level,
        "duration": step.duration,
        "apprenticeship": step.apprenticeship,
        "description": step.description,
        "links": [
            {"kind": kind, "url": url}
            for kind, url in (
                ("onisep", step.onisep_url),
                (
                    "parcoursup",
                    links.parcoursup_search(step.parcoursup_query) if step.parcoursup_query else "",
                ),
                ("rncp", links.rncp_record(step.rncp_number) if step.rncp_number else ""),
                ("other", step.url),
            )
            if url
        ],
        "source": {"title": step.source.title, "url": step.source.url} if step.source else None,
        "closes_gaps": sorted({d.slug for d in step.dimensions.all()} & set(gaps)),
    }
