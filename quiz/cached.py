"""What the quiz pages read from the content, kept in each process per content version.

The landing page needs the published questionnaire and its number of questions; every quiz
step needs the attempt's questions with their choices. Both change only when an editor saves,
so they are built once per process and content version (see :mod:`careers.content_cache`)
instead of on every request: a quiz step costs the same whatever the number of questions.
The kept objects are shared by the requests of a process and must only be read.
"""

from __future__ import annotations

from careers import content_cache
from quiz.models import Question, Questionnaire


def published_questionnaire(version: int) -> tuple[Questionnaire | None, int]:
    """The published questionnaire (or None) and how many questions it has."""

    def build() -> tuple[Questionnaire | None, int]:
        questionnaire = Questionnaire.objects.published().first()
        return questionnaire, questionnaire.questions.count() if questionnaire else 0

    return content_cache.get_or_build(("published-questionnaire", version), build)


def questionnaire_questions(questionnaire_id: int, version: int) -> list[Question]:
    """A questionnaire's questions in order, each with its choices (an attempt may be on an
    older, unpublished questionnaire: it keeps its own questions)."""

    def build() -> list[Question]:
        return list(Question.objects.filter(questionnaire_id=questionnaire_id).prefetch_related("choices"))

    return content_cache.get_or_build(("questions", version, questionnaire_id), build)
