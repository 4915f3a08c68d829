"""How far a questionnaire's advice can be trusted, from the database's content.

The maths is in :mod:`quiz.simulation` and :mod:`quiz.measures`; this module
only turns the current content into its plain data and words the outcome for an
editor.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from careers.models import Dimension, Role
from quiz import measures, scoring, simulation
from quiz.models import Question, Questionnaire
from quiz.selectors import questions_data, questions_with_effects, roles_data

# A light check for the admin: quick enough to run on every save.
ADMIN_STUDENTS_PER_ROLE = 40
ADMIN_TOP3_FLOOR = 0.85


def measure_questionnaire(
    questionnaire: Questionnaire, *, per_role: int, noise: float, seed: int
) -> measures.Report:
    """The five measures of :mod:`quiz.measures` (and the calibration) on this questionnaire."""
    questions = questions_data(questions_with_effects(questionnaire.pk))
    roles = roles_data()
    dimensions = list(Dimension.objects.values_list("slug", flat=True))
    return measures.measure(questions, roles, dimensions, per_role=per_role, noise=noise, seed=seed)


CLOSEST_DIMENSIONS = 3  # a warning names this many dimensions where two profiles differ least
SEPARATING_QUESTIONS = 2  # … and this many questions that could tell the two roles apart


def separation_hint(
    a: scoring.RoleData,
    b: scoring.RoleData,
    questions: Sequence[scoring.QuestionData],
    question_texts: dict[int, str],
    dimension_names: dict[str, str],
) -> str:
    """How to tell two roles apart: the dimensions where their profiles differ least (change one of
    the profiles there), and the questions that weigh most on where they differ (sharpen those
    questions' effects, or add one on those dimensions if none does)."""
    gaps = {d: abs(a.weights.get(d, 0) - b.weights.get(d, 0)) for d in dimension_names}
    # The dimensions the jobs rely on (weight ≥ 3 for one of them) where they are closest.
    relied = [d for d in gaps if max(a.weights.get(d, 0), b.weights.get(d, 0)) >= 3] or list(gaps)
    closest = sorted(relied, key=lambda d: (gaps[d], list(dimension_names).index(d)))[:CLOSEST_DIMENSIONS]
    apart = sorted((d for d in gaps if gaps[d] > 0), key=lambda d: -gaps[d])
    weighing = sorted(
        ((sum(gaps[d] for d in q.ranges() if d in gaps), q.id) for q in questions),
        key=lambda item: -item[0],
    )
    separating = [question_texts[qid] for score, qid in weighing[:SEPARATING_QUESTIONS] if score > 0]
    hint = _("Their profiles differ least on: %(dimensions)s.") % {
        "dimensions": ", ".join(
            f"{dimension_names[d]} ({a.weights.get(d, 0)} / {b.weights.get(d, 0)})" for d in closest
        )
    }
    if not apart:
        return hint + " " + _("Their profiles are identical: change one of them.")
    if separating:
        hint += " " + _(
            "Questions that could separate them (they weigh on %(apart)s, where the profiles differ "
            "most): %(questions)s."
        ) % {
            "apart": ", ".join(dimension_names[d] for d in apart[:2]),
            "questions": ", ".join(f"“{text}”" for text in separating),
        }
    else:
        hint += " " + _("No question weighs on %(apart)s, where they differ most: add one.") % {
            "apart": ", ".join(dimension_names[d] for d in apart[:2])
        }
    return hint


def quality_check(questionnaire: Questionnaire, *, with_role: Role | None = None) -> tuple[list[str], float]:
    """The warnings of :func:`distinctness_warnings` and how long the check took (seconds).
    ``with_role``: also count this role (a draft being edited) among the published ones."""
    started = time.perf_counter()
    roles = None
    if with_role is not None and not with_role.is_published:
        roles = roles_data(Role.objects.filter(Q(is_published=True) | Q(pk=with_role.pk)))
    warnings = distinctness_warnings(questionnaire, roles=roles)
    return warnings, time.perf_counter() - started


def distinctness_warnings(
    questionnaire: Questionnaire, *, roles: list[scoring.RoleData] | None = None
) -> list[str]:
    """Plain-words warnings when the questionnaire can no longer tell roles apart, each with its
    likely fix (:func:`separation_hint`)."""
    question_rows = questions_with_effects(questionnaire.pk)
    questions = questions_data(question_rows)
    roles = roles if roles is not None else roles_data()
    if len(roles) < 2 or not questions:
        return []
    dimension_names = dict(Dimension.objects.values_list("slug", "name"))
    dimensions = list(dimension_names)
    texts = {q.pk: q.text for q in question_rows if isinstance(q, Question)}
    titles = {r.slug: r.title for r in roles}
    by_slug = {r.slug: r for r in roles}
    warnings = []
    for role in roles:
        # A student who answers exactly as the role's profile suggests.
        answers = {q.id: simulation.preferred_answer(q, role) for q in questions}
        first = scoring.rank(scoring.student_profile(questions, answers), roles, dimensions)[0]
        if first.role != role.slug:
            warnings.append(
                _(
                    "A student answering exactly like a “%(role)s” gets “%(other)s” first: "
                    "the questionnaire no longer tells these two roles apart."
                )
                % {"role": role.title, "other": titles[first.role]}
                + " "
                + separation_hint(role, by_slug[first.role], questions, texts, dimension_names)
            )
    evaluation = simulation.evaluate(
        questions, roles, dimensions, per_role=ADMIN_STUDENTS_PER_ROLE, noise=0.3, seed=1
    )
    for slug, recovery in evaluation.per_role.items():
        if recovery.top3 < ADMIN_TOP3_FLOOR:
            warning = _(
                "Simulated students of “%(role)s” find their role in their top 3 only "
                "%(percent)d%% of the time (target: %(floor)d%%)."
            ) % {
                "role": titles[slug],
                "percent": round(recovery.top3 * 100),
                "floor": round(ADMIN_TOP3_FLOOR * 100),
            }
            if recovery.confused_with:
                other = max(recovery.confused_with, key=recovery.confused_with.get)
                warning += (
                    " "
                    + _("They are most often taken for “%(other)s”.") % {"other": titles[other]}
                    + " "
                    + separation_hint(by_slug[slug], by_slug[other], questions, texts, dimension_names)
                )
            warnings.append(warning)
    return warnings
