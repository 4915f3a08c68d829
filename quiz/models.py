"""The questionnaire, attempts, answers and result snapshots."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from careers.models import Dimension, EducationLevel

MAX_EFFECT = 2


class Situation(models.TextChoices):
    """What the student does today; with the highest diploma, it chooses where the training path
    starts. Never part of the fit."""

    LYCEE = "lycee", _("At school (collège or lycée)")
    STUDIES = "studies", _("In higher education")
    WORKING = "working", _("Working")
    CHANGING = "changing", _("Changing careers or looking for work")


class QuestionnaireQuerySet(models.QuerySet):
    def published(self) -> QuestionnaireQuerySet:
        return self.filter(is_published=True)


class Questionnaire(models.Model):
    title = models.CharField(_("title"), max_length=120)
    # Every version of the files' questionnaire (load_content --reset adds one) shares its key:
    # not unique, unlike a role's or a dimension's.
    content_key = models.SlugField(
        _("content key"),
        max_length=120,
        blank=True,
        default="",
        editable=False,
        help_text=_("Links this questionnaire to the content files. It never changes, whatever is renamed."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Only one questionnaire is published at a time.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-is_published", "-created_at"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        permissions = [
            (
                "view_content_files",
                _("Can download the content files (dimensions, sources, roles, questionnaire)"),
            ),
            ("change_content_files", _("Can load uploaded content files into the database")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["is_published"],
                condition=Q(is_published=True),
                name="one_published_questionnaire",
                violation_error_message=_("Another questionnaire is already published."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def publication_problems(self) -> list[str]:
        """What keeps this questionnaire from being published: a question with fewer than two
        choices would leave students nothing to choose between (and none at all, stuck)."""
        thin = self.questions.annotate(n=models.Count("choices")).filter(n__lt=2).order_by("order", "pk")
        return [
            gettext("Question %(order)s, “%(text)s”, has fewer than two choices: add them, or delete it.")
            % {"order": question.order, "text": question.text}
            for question in thin
        ]


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable identifier for the content files."))
    text = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("hint"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)

    class Asks(models.TextChoices):
        DIPLOMA = "diploma", _("the highest diploma")
        SITUATION = "situation", _("the situation today")

    asks = models.CharField(
        _("asks about the student's"),
        max_length=10,
        choices=Asks.choices,
        blank=True,
        help_text=_(
            "For the two questions whose answers shape the training path (never the fit); "
            "leave empty for every other question."
        ),
    )

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        # A questionnaire's questions in order, read without a sort.
        indexes = [models.Index(fields=["questionnaire", "order", "id"], name="question_position_idx")]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_unique_key"),
            models.UniqueConstraint(
                fields=["questionnaire", "asks"],
                condition=~Q(asks=""),
                name="one_question_per_education_fact",
                violation_error_message=_("This questionnaire already asks about this."),
            ),
            models.CheckConstraint(
                condition=Q(asks="") | Q(kind="single"),
                name="education_question_is_single",
                violation_error_message=_("A question about the diploma or the situation is single choice."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def multiple(self) -> bool:
        return self.kind == self.Kind.MULTIPLE

    def history_parts(self) -> dict[str, object]:
        """Its choices' texts and effects, in the content history (core.history)."""
        parts: dict[str, object] = {}
        for choice in self.choices.prefetch_related("effects__dimension"):
            parts[f"choice:{choice.key}"] = choice.text
            for effect in choice.effects.all():
                parts[f"effect:{choice.key}:{effect.dimension.slug}"] = effect.value
        return parts

    def history_restore(self, name: str, value: object) -> None:
        """Put one choice's text or one effect back as a change of the content history found it
        (a choice added or deleted since is left as it is)."""
        kind, _, rest = name.partition(":")
        if kind == "choice" and value is not None:
            self.choices.filter(key=rest).update(text=value)
        elif kind == "effect":
            key, _, slug = rest.partition(":")
            choice = self.choices.filter(key=key).first()
            dimension = Dimension.objects.filter(slug=slug).first()
            if choice is None or dimension is None:
                return
            if value is None:
                ChoiceEffect.objects.filter(choice=choice, dimension=dimension).delete()
            else:
                ChoiceEffect.objects.update_or_create(
                    choice=choice, dimension=dimension, defaults={"value": value}
                )

    @property
    def is_scored(self) -> bool:
        """Whether the answer says something about the student's profile (the education
        questions shape the training path only)."""
        return not self.asks


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    text = models.CharField(_("answer"), max_length=200)
    diploma = models.CharField(
        _("diploma it means"),
        max_length=10,
        choices=EducationLevel.choices,
        blank=True,
        help_text=_("Only for the question about the highest diploma."),
    )
    situation = models.CharField(
        _("situation it means"),
        max_length=10,
        choices=Situation.choices,
        blank=True,
        help_text=_("Only for the question about the situation today."),
    )
    dont_know = models.BooleanField(
        _("means “I don't know”"),
        default=False,
        help_text=_(
            "A student who picks it has not answered: the question then counts for none of its "
            "dimensions. Give such a choice no effect."
        ),
    )

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_unique_key"),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        asks = self.question.asks if self.question_id else ""
        if self.diploma and asks != Question.Asks.DIPLOMA:
            raise ValidationError({"diploma": _("Only a choice of the question about the diploma says one.")})
        if self.situation and asks != Question.Asks.SITUATION:
            raise ValidationError(
                {"situation": _("Only a choice of the question about the situation says one.")}
            )
        if self.dont_know and asks:
            raise ValidationError(
                {
                    "dont_know": _(
                        "The questions about the diploma and the situation have no “don't know” choice."
                    )
                }
            )


class ChoiceEffect(models.Model):
    """What picking a choice says about the student on one dimension."""

    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, related_name="effects", verbose_name=_("choice")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="effects", verbose_name=_("dimension")
    )
    value = models.SmallIntegerField(
        _("effect"),
        validators=[MinValueValidator(-MAX_EFFECT), MaxValueValidator(MAX_EFFECT)],
        help_text=_("From -2 (clearly not this) to +2 (clearly this)."),
    )

    class Meta:
        ordering = ["choice", "dimension"]
        verbose_name = _("choice effect")
        verbose_name_plural = _("choice effects")
        constraints = [
            models.UniqueConstraint(fields=["choice", "dimension"], name="effect_unique_pair"),
            models.CheckConstraint(
                condition=Q(value__gte=-MAX_EFFECT, value__lte=MAX_EFFECT), name="effect_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.value:+d}"

    def clean(self) -> None:
        if self.value == 0:
            raise ValidationError({"value": _("An effect of 0 says nothing: delete the row instead.")})


def new_public_id() -> uuid.UUID:
    return uuid.uuid4()


class Attempt(models.Model):
    """One student's run through a questionnaire. No personal data.

    ``public_id`` is a capability: whoever knows it reads, changes and deletes the result (the
    student's own link). ``share_id`` is a lesser one: whoever knows it only reads the result
    (the link the student shares, ``/resultats/partage/<share_id>/``). So the model has no
    ``get_absolute_url`` (Django admin's "view on site" would hand the result link to any staff
    user) and no ``__str__`` shows either (admin delete pages, history, logs): views build the
    links with ``reverse("quiz:results", ...)`` and ``reverse("quiz:shared", ...)``.
    """

    public_id = models.UUIDField(_("public id"), unique=True, default=new_public_id, editable=False)
    share_id = models.UUIDField(_("share id"), unique=True, default=new_public_id, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="attempts",
        verbose_name=_("questionnaire"),
    )
    language = models.CharField(_("language"), max_length=8, default="fr")
    diploma = models.CharField(
        _("highest diploma"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    situation = models.CharField(_("situation"), max_length=10, choices=Situation.choices, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [
            models.Index(fields=["finished_at", "created_at"], name="attempt_age_idx"),
            # The usage page counts attempts by the day they started, over a date range.
            models.Index(fields=["created_at"], name="attempt_started_idx"),
        ]
        permissions = [("view_usage", _("Can view how the quiz is used (counts only, no student's answers)"))]

    def __str__(self) -> str:
        return gettext("Quiz #%(id)s") % {"id": self.pk}

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    # PROTECT: a question or a choice students answered cannot be deleted (it would delete or
    # empty their answers and change how their quiz is scored); editors reword it, or publish a
    # new questionnaire without it.
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    choices = models.ManyToManyField(
        Choice, through="AnswerChoice", related_name="answers", verbose_name=_("choices")
    )
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["attempt", "question__order", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return gettext("Answer to question #%(question)s in quiz #%(attempt)s") % {
            "question": self.question_id,
            "attempt": self.attempt_id,
        }


class AnswerChoice(models.Model):
    """A choice ticked in an answer (the table Django made for ``Answer.choices``, now declared so
    that a ticked choice is protected from deletion)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, verbose_name=_("answer"))
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, verbose_name=_("choice"))

    class Meta:
        db_table = "quiz_answer_choices"
        unique_together = [("answer", "choice")]
        verbose_name = _("ticked choice")
        verbose_name_plural = _("ticked choices")

    def __str__(self) -> str:
        return gettext("Choice #%(choice)s ticked in answer #%(answer)s") % {
            "choice": self.choice_id,
            "answer": self.answer_id,
        }


class Result(models.Model):
    """The ranking and explanations as they were at completion.

    A snapshot (plain JSON) so that later edits to roles or questions never
    change a finished result.
    """

    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="result", verbose_name=_("attempt")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return gettext("Result of quiz #%(attempt)s") % {"attempt": self.attempt_id}
