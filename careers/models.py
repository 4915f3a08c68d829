"""Careers: the dimensions students and roles are described on, the roles, their
profiles and training paths. ``careers`` never imports ``quiz``."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from careers import links

MAX_WEIGHT = 5  # mirrors quiz.scoring.MAX_WEIGHT; careers does not import quiz
CORE_WEIGHT = 4  # a published role relies on at least one dimension at least this much


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


def content_key_field() -> models.SlugField:
    """What links a row to its entry in the content files (``load_content``), whatever editors
    rename: set when the row is loaded from the files, never in a form. Empty for what an editor
    created in admin; unique when set (a constraint per model)."""
    return models.SlugField(
        _("content key"),
        max_length=80,
        blank=True,
        default="",
        editable=False,
        help_text=_("Links this row to the content files. It never changes, whatever is renamed."),
    )


HTTPS_ONLY = URLValidator(schemes=["https"], message=_("Enter a full https:// address."), code="https_only")


class Source(models.Model):
    """Where a fact comes from: a seed article given to the project, or a named public source.

    Every figure and code the site shows (a salary, a ROME code, a usual level, employability)
    points to one, and a role page lists them at its end.
    """

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("How the content files refer to this source.")
    )
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=120, blank=True)
    url = models.URLField(_("address"), max_length=400, blank=True, validators=[HTTPS_ONLY])
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    seed_file = models.CharField(
        _("seed article"),
        max_length=120,
        blank=True,
        help_text=_("For an article given to the project, which has no public address here."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(seed_file=""),
                name="source_has_address_or_seed",
                violation_error_message=_("A source needs an address, or the seed article it is."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def short_name(self) -> str:
        """The source in a few words, beside a figure: its publisher, or its title without one."""
        return self.publisher or self.title


class Dimension(models.Model):
    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        INTEREST = "interest", _("Interest")

    slug = models.SlugField(_("slug"), unique=True)
    content_key = content_key_field()
    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_key"], condition=~Q(content_key=""), name="dimension_unique_content_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoleQuerySet(models.QuerySet):
    def published(self) -> RoleQuerySet:
        return self.filter(is_published=True)


class Role(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    content_key = content_key_field()
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
    education_level_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the usual level"),
    )
    recommended_bac = models.CharField(_("recommended bac"), max_length=120, blank=True)
    employability = models.CharField(_("employability"), max_length=80, blank=True)
    mobility = models.CharField(_("mobility"), max_length=80, blank=True)
    employability_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the employability, mobility and recommended bac"),
    )
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
    # A new role is a draft: students see it (catalogue, role page, comparison, quiz results) only
    # once an editor publishes it from "Preview and publish", which checks publication_problems().
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A draft is seen by editors only, until it is published from “Preview and publish”."),
    )
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="roles",
        verbose_name=_("sources of the description"),
        help_text=_("The articles the role's description, missions and skills are drawn from."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_key"], condition=~Q(content_key=""), name="role_unique_content_key"
            ),
        ]

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

    @property
    def offer_links(self) -> list[links.Link]:
        """Job and apprenticeship offers for the role's ROME codes."""
        return links.role_links(self.rome_codes.all())

    def cited_sources(self) -> list[Source]:
        """Every source the role's page cites, each once: the articles its description comes from,
        then those of its figures, codes and steps (read from prefetched relations when there)."""
        found = [*self.sources.all(), self.education_level_source, self.employability_source]
        found += [salary.source for salary in self.salaries.all()]
        found += [code.source for code in self.rome_codes.all()]
        found += [step.source for step in self.steps.all()]
        return list({source.pk: source for source in found if source is not None}.values())

    def clean(self) -> None:
        if self.education_level and not self.education_level_source_id:
            raise ValidationError({"education_level_source": _("Say where the usual level comes from.")})
        if (self.employability or self.mobility or self.recommended_bac) and not self.employability_source_id:
            raise ValidationError(
                {"employability_source": _("Say where the employability, mobility or bac come from.")}
            )

    def history_parts(self) -> dict[str, int]:
        """The profile, one entry per dimension, in the content history (core.history)."""
        return {
            f"profile:{slug}": weight
            for slug, weight in self.weights.values_list("dimension__slug", "weight")
        }

    def history_restore(self, name: str, value: int | None) -> None:
        """Put one profile weight back as a change of the content history found it."""
        if not name.startswith("profile:"):
            return
        dimension = Dimension.objects.filter(slug=name.removeprefix("profile:")).first()
        if dimension is None:
            return
        if value is None:
            self.weights.filter(dimension=dimension).delete()
        else:
            RoleWeight.objects.update_or_create(role=self, dimension=dimension, defaults={"weight": value})

    def publication_problems(self) -> list[str]:
        """What the saved role lacks before students may see it (empty when it can be published)."""
        weights = dict(self.weights.values_list("dimension__name", "weight"))
        problems = profile_problems(weights, list(Dimension.objects.values_list("name", flat=True)))
        routes = list(self.routes.prefetch_related("steps"))
        if not routes:
            problems.append(path_problem())
        for route in routes:
            if not route.steps.all():
                # Students would read a route that leads nowhere they can go.
                problems.append(
                    _("Route “%(route)s” has no step yet: add the studies or experience it goes through.")
                    % {"route": route.title}
                )
            problems += [
                _("Route “%(route)s”: %(problem)s") % {"route": route.title, "problem": problem}
                for problem in route.problems()
            ]
        return problems

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


def profile_problems(weights: dict[str, int | None], dimension_names: list[str]) -> list[str]:
    """What a profile lacks before its role can be published: a weight on every dimension (0 is a
    weight: "not part of the job"), and at least one dimension at CORE_WEIGHT or more, so the job
    has a core that the questionnaire can recognise. ``weights`` maps dimension names to weights."""
    problems = []
    missing = [name for name in dimension_names if weights.get(name) is None]
    if missing:
        problems.append(
            _("The profile has no weight for: %(dimensions)s (0 means “not part of the job”).")
            % {"dimensions": ", ".join(missing)}
        )
    if not any((weight or 0) >= CORE_WEIGHT for weight in weights.values()):
        problems.append(
            _("No dimension of the profile is at %(core)d or %(max)d: say what the core of the job is.")
            % {"core": CORE_WEIGHT, "max": MAX_WEIGHT}
        )
    return problems


def path_problem() -> str:
    return _("The role has no training path: add at least one route to the job.")


def level_label(code: str) -> str:
    return EducationLevel(code).label if code in LEVEL_ORDER else code


def route_problems(
    *, audience: str, from_level: str, to_level: str, steps: Iterable[tuple[str, str, str]]
) -> list[str]:
    """Where a route's steps disagree with the route: ``steps`` are (title, starts from, leads to)
    in order, a level empty when the step has none.

    The steps chain: each starts at or below the highest level the steps before it reached
    (starting from the route's own level), so no level is skipped; the first step starts where
    the route does; the highest level the steps reach is the one the route leads to. A step
    without a starting level (experience at any level, a course, a VAE, a certification that
    is not a diploma) fits anywhere, and one without a level it leads to (experience, a course)
    reaches nothing new. The audience agrees with where the route starts: a route for bac pro,
    techno or général holders starts at the bac at most, one for higher education at a bac+2
    at least (adults may start anywhere).
    """
    problems = []
    start = LEVEL_ORDER.get(from_level)
    if start is None:
        return problems
    if audience in (Route.Audience.BAC_PRO_TECHNO, Route.Audience.BAC_GENERAL) and start > LEVEL_ORDER["bac"]:
        problems.append(
            _("A route for bac holders cannot start from %(level)s.") % {"level": level_label(from_level)}
        )
    if audience == Route.Audience.HIGHER_ED and start < LEVEL_ORDER["bac2"]:
        problems.append(
            _("A route for bac+2 holders or more cannot start from %(level)s.")
            % {"level": level_label(from_level)}
        )
    reached = start
    any_step = False
    for index, (title, step_from, step_to) in enumerate(steps):
        any_step = True
        if step_from in LEVEL_ORDER:
            if index == 0 and LEVEL_ORDER[step_from] != start:
                problems.append(
                    _("The first step, “%(step)s”, starts from %(level)s, but the route from %(route)s.")
                    % {"step": title, "level": level_label(step_from), "route": level_label(from_level)}
                )
            elif LEVEL_ORDER[step_from] > reached:
                problems.append(
                    _(
                        "“%(step)s” starts from %(level)s, but the steps before it reach %(reached)s only: "
                        "a step is missing in between, or its level is wrong."
                    )
                    % {
                        "step": title,
                        "level": level_label(step_from),
                        "reached": level_label(EducationLevel.values[reached]),
                    }
                )
        if step_to in LEVEL_ORDER:
            reached = max(reached, LEVEL_ORDER[step_to])
    if any_step and to_level in LEVEL_ORDER and reached != LEVEL_ORDER[to_level]:
        problems.append(
            _("The route says it leads to %(level)s, but its steps lead to %(reached)s.")
            % {"level": level_label(to_level), "reached": level_label(EducationLevel.values[reached])}
        )
    return problems


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
    gross = models.BooleanField(
        _("gross"),
        null=True,
        blank=True,
        help_text=_("Gross or net, as the source says; empty when it does not."),
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("source")
    )
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
        if (self.min_amount is not None or self.max_amount is not None) and not self.source_id:
            raise ValidationError({"source": _("A figure needs its source.")})


class RomeCode(models.Model):
    """A fiche of France Travail's ROME (Répertoire opérationnel des métiers et des emplois) the
    role belongs to: its job offers and apprenticeship offers are found by this code."""

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="rome_codes", verbose_name=_("role")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(
        _("ROME code"),
        max_length=5,
        validators=[
            RegexValidator(r"^[A-N]\d{4}$", _("A ROME code is a letter and four digits, e.g. M1802."))
        ],
    )
    label = models.CharField(_("ROME label"), max_length=160)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = _("ROME code")
        verbose_name_plural = _("ROME codes")
        constraints = [models.UniqueConstraint(fields=["role", "code"], name="rome_code_once_per_role")]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"

    @property
    def fiche_url(self) -> str:
        return links.rome_fiche(self.code)


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


class Apprenticeship(models.TextChoices):
    YES = "yes", _("in apprenticeship")
    POSSIBLE = "possible", _("apprenticeship possible")


class Route(models.Model):
    """One real way to the job, from a given diploma: its steps in order."""

    class Audience(models.TextChoices):
        BAC_PRO_TECHNO = "bac-pro-techno", _("From a bac pro or a bac techno")
        BAC_GENERAL = "bac-general", _("From a bac général")
        HIGHER_ED = "higher-ed", _("After a bac+2, a bac+3 or more")
        ADULT = "adult", _("For an adult changing careers")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="routes", verbose_name=_("role"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("for"), max_length=16, choices=Audience.choices)
    from_level = models.CharField(_("starts from"), max_length=10, choices=EducationLevel.choices)
    to_level = models.CharField(_("leads to"), max_length=10, choices=EducationLevel.choices, blank=True)
    duration = models.CharField(_("typical duration"), max_length=80, blank=True)
    apprenticeship = models.CharField(
        _("apprenticeship"), max_length=10, choices=Apprenticeship.choices, blank=True
    )

    class Meta:
        ordering = ["role", "order", "id"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self) -> str:
        return self.title

    @property
    def audience_label(self) -> str:
        return audience_label(self.audience, self.from_level)

    @property
    def from_label(self) -> str:
        return self.get_from_level_display()

    @property
    def apprenticeship_label(self) -> str:
        return self.get_apprenticeship_display()

    def problems(self, steps: Iterable[TrainingStep] | None = None) -> list[str]:
        """Where the saved steps (or ``steps``, in order) disagree with the route (route_problems)."""
        steps = self.steps.all() if steps is None else steps
        return route_problems(
            audience=self.audience,
            from_level=self.from_level,
            to_level=self.to_level,
            steps=[(step.title, step.from_level, step.to_level) for step in steps],
        )


# The audience of a route for higher education, said from where it starts: a doctorate route
# that starts at a bac+5 is not "after a bac+2".
HIGHER_ED_LABELS = {
    EducationLevel.BAC2: _("After a bac+2 or more"),
    EducationLevel.BAC3: _("After a bac+3 or more"),
    EducationLevel.BAC5: _("After a bac+5 or more"),
    EducationLevel.BAC8: _("After a doctorate"),
}


def audience_label(audience: str, from_level: str) -> str:
    """Whom a route is for, in words: its audience, said from where it starts for higher education."""
    if audience == Route.Audience.HIGHER_ED and from_level in HIGHER_ED_LABELS:
        return str(HIGHER_ED_LABELS[from_level])
    return str(Route.Audience(audience).label) if audience in Route.Audience.values else ""


class TrainingStep(models.Model):
    """A step of a route (a diploma, a certification, experience…), or, without a route, a course or
    project that helps on any route (shown when it develops what the student lacks)."""

    class Kind(models.TextChoices):
        DIPLOMA = "diploma", _("Diploma")
        CERTIFICATION = "certification", _("Certification")
        VAE = "vae", _("Validation of experience (VAE)")
        COURSE = "course", _("Course")
        PROJECT = "project", _("Project")
        EXPERIENCE = "experience", _("Experience")

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="steps", verbose_name=_("role"))
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, null=True, blank=True, related_name="steps", verbose_name=_("route")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
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
    apprenticeship = models.CharField(
        _("apprenticeship"), max_length=10, choices=Apprenticeship.choices, blank=True
    )
    # Public references: links are built from the codes (careers.links); a hand-typed address
    # only where no code exists.
    rncp_number = models.CharField(
        _("RNCP number"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{4,6}$", _("The digits of the RNCP record, e.g. 35475."))],
        help_text=_("Its record at France compétences is linked."),
    )
    onisep_url = models.URLField(_("Onisep page"), max_length=400, blank=True, validators=[HTTPS_ONLY])
    parcoursup_query = models.CharField(
        _("Parcoursup search"),
        max_length=120,
        blank=True,
        help_text=_("The words to search Parcoursup's map of formations with."),
    )
    url = models.URLField(_("other link"), max_length=400, blank=True, validators=[HTTPS_ONLY])
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
        help_text=_("Where the step is described, when it has no public page."),
    )

    class Meta:
        ordering = ["role", "route", "order", "id"]
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

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def from_label(self) -> str:
        return self.get_from_level_display()

    @property
    def to_label(self) -> str:
        return self.get_to_level_display()

    @property
    def apprenticeship_label(self) -> str:
        return self.get_apprenticeship_display()

    @property
    def links(self) -> list[links.Link]:
        return links.step_links(self)

    @property
    def has_reference(self) -> bool:
        return bool(
            self.rncp_number or self.onisep_url or self.parcoursup_query or self.url or self.source_id
        )

    def clean(self) -> None:
        if self.from_level and self.to_level and LEVEL_ORDER[self.from_level] > LEVEL_ORDER[self.to_level]:
            raise ValidationError({"to_level": _("A step cannot lead to a lower level than it starts from.")})
        if self.route_id and self.route.role_id != self.role_id:
            raise ValidationError({"route": _("The route belongs to another role.")})
        needs_reference = self.kind in {self.Kind.DIPLOMA, self.Kind.CERTIFICATION, self.Kind.VAE}
        if needs_reference and not self.has_reference:
            raise ValidationError(
                _(
                    "Give this step a public reference (an RNCP number, an Onisep page, a Parcoursup "
                    "search or another https link), or the source that describes it."
                )
            )
