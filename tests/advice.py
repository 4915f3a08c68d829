"""Students whose answers give a known outcome (a tie at the top, a profile not marked yet, a
clear first role), found among random answers with a fixed seed and recorded through the real
services: the results page then shows that outcome, in a test or in a browser."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

from careers.models import Dimension
from quiz import scoring, selectors, services, simulation
from quiz.models import Attempt, Question, Questionnaire

Predicate = Callable[[Mapping[str, float], list[scoring.Fit]], bool]


def answers_where(questionnaire: Questionnaire, predicate: Predicate, *, seed: int = 1, tries: int = 5000):
    """Answers (question id -> choice ids) to the scored questions whose outcome satisfies
    ``predicate(profile, ranking)``."""
    questions = selectors.questions_data(selectors.questions_with_effects(questionnaire.pk))
    roles = selectors.roles_data()
    dimensions = list(Dimension.objects.values_list("slug", flat=True))
    rng = random.Random(seed)
    for _ in range(tries):
        answers = simulation.random_answers(questions, rng)
        profile = scoring.student_profile(questions, answers)
        if predicate(profile, scoring.rank(profile, roles, dimensions)):
            return answers
    raise AssertionError("no answers found with that outcome")


def preferred_answers(questionnaire: Questionnaire, role_slug: str) -> dict[int, list[int]]:
    """What a student with exactly this role's profile answers."""
    questions = selectors.questions_data(selectors.questions_with_effects(questionnaire.pk))
    role = next(r for r in selectors.roles_data() if r.slug == role_slug)
    return {q.id: simulation.preferred_answer(q, role) for q in questions}


def finished_attempt_with(
    answers: Mapping[int, list[int]], *, diploma: str = "bac", situation: str = "lycee"
) -> Attempt:
    """A finished attempt on the published questionnaire with these answers and education."""
    questionnaire = Questionnaire.objects.published().get()
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"):
        options = list(question.choices.all())
        if question.asks == Question.Asks.DIPLOMA:
            picked = [c for c in options if c.diploma == diploma]
        elif question.asks == Question.Asks.SITUATION:
            picked = [c for c in options if c.situation == situation]
        else:
            picked = [c for c in options if c.pk in set(answers[question.pk])]
        services.answer_record(attempt=attempt, question=question, choices=picked)
    services.attempt_finish(attempt=attempt)
    return attempt


def tied_at_top(profile, ranking) -> bool:
    return len(scoring.tied_groups(ranking)[0]) >= 2 and not scoring.low_confidence(ranking, profile)


def not_marked(profile, ranking) -> bool:
    return scoring.low_confidence(ranking, profile)
