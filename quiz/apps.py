from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quiz"
    verbose_name = _("Questionnaire")

    def ready(self) -> None:
        from core import content_version
        from quiz.models import Choice, ChoiceEffect, Question, Questionnaire

        # The questionnaire is content too: quiz steps and the landing page are cached under it.
        content_version.watch(Questionnaire, Question, Choice, ChoiceEffect)
