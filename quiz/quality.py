"""How far a questionnaire's advice can be trusted, from the database's content.

The maths is in :mod:`quiz.simulation` and :mod:`quiz.measures`; this module
only turns the current content into its plain data and words the outcome for an
editor.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from careers.models import Dimension
from quiz import measures, scoring, simulation
from quiz.models import Questionnaire
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


def distinctness_warnings(questionnaire: Questionnaire) -> list[str]:
    """Plain-words warnings when the questionnaire can no longer tell roles apart."""
    questions = questions_data(questions_with_effects(questionnaire.pk))
    roles = roles_data()
    if len(roles) < 2 or not questions:
        return []
    dimensions = list(Dimension.objects.values_list("slug", flat=True))
    titles = {r.slug: r.title for r in roles}
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
            )
    evaluation = simulation.evaluate(
        questions, roles, dimensions, per_role=ADMIN_STUDENTS_PER_ROLE, noise=0.3, seed=1
    )
    for slug, recovery in evaluation.per_role.items():
        if recovery.top3 < ADMIN_TOP3_FLOOR:
            warnings.append(
                _(
                    "Simulated students of “%(role)s” find their role in their top 3 only "
                    "%(percent)d%% of the time (target: %(floor)d%%)."
                )
                % {
                    "role": titles[slug],
                    "percent": round(recovery.top3 * 100),
                    "floor": round(ADMIN_TOP3_FLOOR * 100),
                }
            )
    return warnings
