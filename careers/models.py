"""Careers: the dimensions students and roles are described on, the roles, their
profiles and training paths. ``careers`` never imports ``quiz``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_WEIGHT = 5  # mirrors quiz.scoring.MAX_WEIGHT; careers does not import quiz


def split_lines(text: str) -> list[str]:
    """Editors type lists one item per line; blank lines are ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class EducationLevel(models.TextChoices):
    """A diploma level, from none to the doctorate, in order: the highest diploma a student holds,
    where a training step starts from and what it leads to, a job's usual level. The one scale of
    the project (quiz.scoring has the same codes as plain strings)."""

    NONE = "none", _("No diploma yet, or the brevet")
    CAP_BACPRO = "cap-bacpro", _("CAP or bac pro")
    BAC = "bac", _("Baccalauréat")
    BAC2 = "bac2", _("Bac+2 (BTS, DEUST…)")
    BAC3 = "bac3", _("Bac+3 (licence, BUT, bachelor)")
    BAC5 = "bac5", _("Bac+5 (master, engineering school)")
    BAC8 = "bac8", _("Doctorate (bac+8)")


LEVEL_ORDER = {code: index for index, code in enumerate(EducationLevel.values)}


class Pictogram(models.TextChoices):
    """The small drawings of ``static/img/roles/``; each label is the drawing's text alternative."""

    SPARK = "spark", _("a four-pointed star")
    ROADMAP = "roadmap", _("a rising path through three milestones")
    KANBAN = "kanban", _("a task board in three columns")
    GAUGE = "gauge", _("a gauge with its needle")
    COMPASS = "compass", _("a compass")
    NETWORK = "network", _("a network of connected nodes")
    FLASK = "flask", _("a laboratory flask")
    DATABASE = "database", _("a stack of data disks")
    CHART = "chart", _("a bar chart with a rising line")
    ROBOT = "robot", _("a robot head with a camera eye")
    SCALES = "scales", _("a pair of scales")


class Dimension(models.Model):
    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        INTEREST = "interest", _("Interest")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name


class RoleQuerySet(models.QuerySet):
    def published(self) -> RoleQuerySet:
        return self.filter(is_published=True)


class Role(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    title = models.CharField(_("title"), max_length=120)
    other_titles = models.TextField(_("other titles"), blank=True, help_text=_("One per line."))
    summary = models.CharField(
        _("summary"), max_length=200, help_text=_("One sentence, shown on the catalogue card.")
    )
    description = models.TextField(_("description"), blank=True)
    missions = models.TextField(_("missions"), blank=True, help_text=_("One per line."))
    skills = models.TextField(_("technical skills"), blank=True, help_text=_("One per line."))
    soft_skills = models.TextField(_("soft skills"), blank=True, help_text=_("One per line."))
    education = models.TextField(_("studies"), blank=True)
    education_level = models.CharField(
        _("usual education level"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    recommended_bac = models.CharField(_("recommended bac"), max_length=120, blank=True)
    employability = models.CharField(_("employability"), max_length=80, blank=True)
    mobility = models.CharField(_("mobility"), max_length=80, blank=True)
    rome_code = models.CharField(
        _("ROME code"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^[A-N]\d{4}$", _("A ROME code is a letter and four digits, e.g. M1802."))
        ],
    )
    rome_label = models.CharField(_("ROME label"), max_length=160, blank=True)
    fap_code = models.CharField(_("FAP code"), max_length=5, blank=True)
    fap_label = models.CharField(_("FAP label"), max_length=160, blank=True)
    sectors = models.TextField(_("sectors"), blank=True, help_text=_("One per line."))
    employers = models.TextField(_("typical employers"), blank=True, help_text=_("One per line."))
    pros = models.TextField(_("pros"), blank=True, help_text=_("One per line."))
    cons = models.TextField(_("cons"), blank=True, help_text=_("One per line."))
    pictogram = models.CharField(
        _("pictogram"),
        max_length=20,
        choices=Pictogram.choices,
        default=Pictogram.SPARK,
        help_text=_("The small drawing shown on the role's card and page."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    source_file = models.CharField(_("source article"), max_length=120, blank=True)
    source_title = models.CharField(_("source title"), max_length=200, blank=True)
    source_year = models.PositiveSmallIntegerField(_("source year"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:role_detail", kwargs={"slug": self.slug})

    @property
    def pictogram_path(self) -> str:
        """The drawing's static path, for ``{% static %}``."""
        return f"img/roles/{self.pictogram}.svg"

    @property
    def pictogram_alt(self) -> str:
        return Pictogram(self.pictogram).label if self.pictogram in Pictogram.values else ""

    def other_title_list(self) -> list[str]:
        return split_lines(self.other_titles)

    def mission_list(self) -> list[str]:
        return split_lines(self.missions)

    def skill_list(self) -> list[str]:
        return split_lines(self.skills)

    def soft_skill_list(self) -> list[str]:
        return split_lines(self.soft_skills)

    def sector_list(self) -> list[str]:
        return split_lines(self.sectors)

    def employer_list(self) -> list[str]:
        return split_lines(self.employers)

    def pro_list(self) -> list[str]:
        return split_lines(self.pros)

    def con_list(self) -> list[str]:
        return split_lines(self.cons)


class RoleWeight(models.Model):
    """One point of a role's profile: how much the job relies on a dimension."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="weights", verbose_name=_("role"))
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="weights", verbose_name=_("dimension")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)],
        help_text=_("0 = not part of the job, 5 = the core of the job."),
    )

    class Meta:
        ordering = ["role", "dimension"]
        verbose_name = _("profile weight")
        verbose_name_plural = _("profile weights")
        constraints = [
            models.UniqueConstraint(fields=["role", "dimension"], name="role_weight_unique_pair"),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=MAX_WEIGHT), name="role_weight_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.dimension}: {self.weight}"


class SalaryRange(models.Model):
    """A salary figure as the source gives it; every part is optional."""

    class Period(models.TextChoices):
        YEAR = "year", _("per year")
        MONTH = "month", _("per month")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="salaries", verbose_name=_("role"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=120, blank=True)
    min_amount = models.PositiveIntegerField(_("minimum"), null=True, blank=True)
    max_amount = models.PositiveIntegerField(_("maximum"), null=True, blank=True)
    period = models.CharField(_("period"), max_length=5, choices=Period.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", blank=True)
    gross = models.BooleanField(_("gross"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = _("salary range")
        verbose_name_plural = _("salary ranges")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True)
                | Q(max_amount__isnull=True)
                | Q(min_amount__lte=models.F("max_amount")),
                name="salary_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.label or self.get_period_display()}"

    def clean(self) -> None:
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            raise ValidationError({"max_amount": _("The maximum cannot be lower than the minimum.")})
        if (self.min_amount is not None or self.max_amount is not None) and not self.period:
            raise ValidationError({"period": _("Say whether the amount is per year or per month.")})


class CareerMove(models.Model):
    """Where the role can lead: another role of the catalogue, or plain text."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="career_moves", verbose_name=_("role")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    target = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("role it leads to"),
    )
    label = models.CharField(
        _("label"), max_length=160, blank=True, help_text=_("When the move is not a catalogue role.")
    )

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = _("career move")
        verbose_name_plural = _("career moves")
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(label=""), name="career_move_has_target"
            ),
            models.CheckConstraint(condition=~Q(target=models.F("role")), name="career_move_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.role} → {self.target or self.label}"

    def clean(self) -> None:
        if self.target_id is None and not self.label:
            raise ValidationError(_("Choose a role or type a label."))
        if self.target_id is not None and self.target_id == self.role_id:
            raise ValidationError({"target": _("A role cannot lead to itself.")})


class TrainingStep(models.Model):
    class Kind(models.TextChoices):
        DIPLOMA = "diploma", _("Diploma")
        COURSE = "course", _("Course")
        PROJECT = "project", _("Project")
        EXPERIENCE = "experience", _("Experience")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="steps", verbose_name=_("role"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    from_level = models.CharField(_("starts from"), max_length=10, choices=EducationLevel.choices, blank=True)
    to_level = models.CharField(_("leads to"), max_length=10, choices=EducationLevel.choices, blank=True)
    rncp_level = models.PositiveSmallIntegerField(
        _("RNCP level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(8)],
    )
    duration = models.CharField(_("typical duration"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="steps", verbose_name=_("dimensions it develops")
    )
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = _("training step")
        verbose_name_plural = _("training steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(rncp_level__isnull=True) | Q(rncp_level__gte=3, rncp_level__lte=8),
                name="training_step_rncp_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.order}. {self.title}"

    def clean(self) -> None:
        if self.from_level and self.to_level and LEVEL_ORDER[self.from_level] > LEVEL_ORDER[self.to_level]:
            raise ValidationError({"to_level": _("A step cannot lead to a lower level than it starts from.")})
