"""What a role does to the quiz's advice: the quality figures with and without it, side by side.

The figures are those of ``manage.py evaluate_quiz`` (:func:`quiz.measures.measure` on the published
questionnaire), measured twice: on the published roles without this role, and with it. For a draft,
"without" is today's quiz and "with" the quiz once it is published; for a published role, the
other way round. Both are cached under the content version, so the publish button's POST reuses the
preview's GET.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from careers.models import Dimension, Role
from core import content_version
from quiz import measures
from quiz.models import Questionnaire
from quiz.selectors import questions_data, questions_with_effects, roles_data

# Fewer students than evaluate_quiz's default 200: an editor waits for two measures on this page.
# The page says which evaluate_quiz command gives the same numbers.
PREVIEW_STUDENTS_PER_ROLE = 40
PREVIEW_NOISE = 0.3
PREVIEW_SEED = 2024

SECTION_NAMES = {
    "recovery": gettext_lazy("recovery"),
    "fairness": gettext_lazy("fairness"),
    "reachability": gettext_lazy("reachability"),
    "robustness": gettext_lazy("robustness"),
}

# What publishing breaks, one sentence per section (the confirmation box names it).
FALLS_BELOW = {
    "recovery": gettext_lazy("recovery falls below its target: %(figures)s"),
    "fairness": gettext_lazy("fairness falls below its target: %(figures)s"),
    "reachability": gettext_lazy("reachability falls below its target: %(figures)s"),
    "robustness": gettext_lazy("robustness falls below its target: %(figures)s"),
}


def _percent(value: float) -> str:
    return f"{_decimal(value * 100)}\u00a0%"


def _decimal(value: float, places: int = 1) -> str:
    """In the language's own way: 98,2 in French, 98.2 in English."""
    return number_format(value, places)


@dataclass
class Row:
    section: str
    figure: str
    target: str
    without: str
    with_: str
    ok_without: bool
    ok_with: bool

    @property
    def label(self) -> str:
        return f"{SECTION_NAMES[self.section]} · {self.figure}"

    @property
    def with_value(self) -> str:  # templates cannot read a name ending in "_"
        return self.with_


@dataclass
class Impact:
    role: str
    per_role: int
    seed: int
    without: measures.Report
    with_: measures.Report
    rows: list[Row] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def broken(self) -> list[str]:
        """Each target that passes without the role and fails with it, in words that name it."""
        out = []
        for name in SECTION_NAMES:
            before, after = self.without.sections[name], self.with_.sections[name]
            if before.passed and not after.passed:
                failing = [
                    _("%(figure)s %(value)s (target %(target)s)")
                    % {"figure": row.figure, "value": row.with_, "target": row.target}
                    for row in self.rows
                    if row.section == name and not row.ok_with
                ]
                out.append(FALLS_BELOW[name] % {"figures": ", ".join(failing)})
        return out

    @property
    def hints(self) -> list[str]:
        """With the role, which roles simulated students confuse most (what to fix first)."""
        confused = self.with_.recovery.evaluation.confused[:3]
        return [
            _("Simulated students of “%(role)s” are most often taken for “%(other)s” (%(count)d times).")
            % {"role": self.titles.get(a, a), "other": self.titles.get(b, b), "count": n}
            for a, b, n in confused
        ]


def rows(without: measures.Report, with_: measures.Report) -> list[Row]:
    """The figures an editor weighs, each with its target and whether it is met."""

    def recovery(report):
        e, t = report.recovery.evaluation, report.recovery.targets
        lowest = min((r.top3 for r in e.per_role.values()), default=0.0)
        return [
            (
                _("top-1: own role ranked first"),
                f"≥ {_percent(t['top1'])}",
                _percent(e.top1),
                e.top1 >= t["top1"],
            ),
            (
                _("top-3: own role among the first 3"),
                f"≥ {_percent(t['top3'])}",
                _percent(e.top3),
                e.top3 >= t["top3"],
            ),
            (
                _("lowest top-3 of a role"),
                f"≥ {_percent(t['role_top3'])}",
                _percent(lowest),
                lowest >= t["role_top3"],
            ),
        ]

    def fairness(report):
        f = report.fairness
        lo, hi = f.share_bounds
        low, high = min(f.shares.values(), default=0.0), max(f.shares.values(), default=0.0)
        return [
            (
                _("random answerers: rarest first role"),
                f"≥ {_percent(lo)}",
                _percent(low),
                low >= lo,
            ),
            (
                _("random answerers: commonest first role"),
                f"≤ {_percent(hi)}",
                _percent(high),
                high <= hi,
            ),
        ]

    def reachability(report):
        r = report.reachability
        lowest = min((x.score for x in r.roles.values()), default=0.0)
        return [(_("lowest best fit of a role"), f"≥ {r.target:.0f}", _decimal(lowest), lowest >= r.target)]

    def robustness(report):
        r = report.robustness
        lowest = min((x.pairs for x in r.roles.values()), default=0.0)
        return [
            (
                _("lowest share of a role still first after two changed answers"),
                f"≥ {_percent(r.target)}",
                _percent(lowest),
                lowest >= r.target,
            )
        ]

    out = []
    for name, figures in (
        ("recovery", recovery),
        ("fairness", fairness),
        ("reachability", reachability),
        ("robustness", robustness),
    ):
        for (label, target, before, ok_before), (_label, _target, after, ok_after) in zip(
            figures(without), figures(with_), strict=True
        ):
            out.append(Row(name, label, target, before, after, ok_before, ok_after))
    return out


def profile_change_impact(
    role: Role, weights: dict[str, int | None], *, per_role: int = PREVIEW_STUDENTS_PER_ROLE
) -> Impact | None:
    """The quality figures of today's quiz, and with ``role``'s profile changed to ``weights``
    (dimension slug -> weight). Today's figures are cached under the content version."""
    questionnaire = Questionnaire.objects.published().first()
    if questionnaire is None:
        return None
    version = content_version.current()
    settings = {"per_role": per_role, "noise": PREVIEW_NOISE, "seed": PREVIEW_SEED}

    def inputs():
        questions = questions_data(questions_with_effects(questionnaire.pk))
        dimensions = list(Dimension.objects.values_list("slug", flat=True))
        return questions, dimensions, roles_data(Role.objects.filter(Q(is_published=True) | Q(pk=role.pk)))

    questions, dimensions, roles = inputs()
    before = content_version.get_or_build(
        version,
        "quiz-report",
        lambda: measures.measure(questions, roles, dimensions, **settings),
        role.pk,
        per_role,
    )
    changed = [
        replace(r, weights={slug: w or 0 for slug, w in weights.items()}) if r.slug == role.slug else r
        for r in roles
    ]
    after = measures.measure(questions, changed, dimensions, **settings)
    return Impact(
        role.title,
        per_role,
        PREVIEW_SEED,
        before,
        after,
        rows(before, after),
        {r.slug: r.title for r in roles},
    )


def role_impact(role: Role, *, per_role: int = PREVIEW_STUDENTS_PER_ROLE) -> Impact | None:
    """The quality figures without and with ``role`` (None without a published questionnaire)."""

    def build() -> Impact | None:
        questionnaire = Questionnaire.objects.published().first()
        if questionnaire is None:
            return None
        questions = questions_data(questions_with_effects(questionnaire.pk))
        dimensions = list(Dimension.objects.values_list("slug", flat=True))
        # The same order as roles_data() gives evaluate_quiz once the role is (or stays) published.
        with_roles = roles_data(Role.objects.filter(Q(is_published=True) | Q(pk=role.pk)))
        without_roles = roles_data(Role.objects.published().exclude(pk=role.pk))
        settings = {"per_role": per_role, "noise": PREVIEW_NOISE, "seed": PREVIEW_SEED}
        without = measures.measure(questions, without_roles, dimensions, **settings)
        with_ = measures.measure(questions, with_roles, dimensions, **settings)
        titles = {r.slug: r.title for r in with_roles}
        return Impact(role.title, per_role, PREVIEW_SEED, without, with_, rows(without, with_), titles)

    version = content_version.current()
    return content_version.get_or_build(version, "role-impact", build, role.pk, per_role, get_language())


def questionnaire_impact(draft: Questionnaire, *, per_role: int = PREVIEW_STUDENTS_PER_ROLE) -> Impact | None:
    """The quality figures of the published questionnaire and of ``draft`` (a copy being edited),
    on the published roles: "without" is today's quiz, "with" the quiz once the draft is published.
    None when no questionnaire is published yet."""

    def build() -> Impact | None:
        published = Questionnaire.objects.published().first()
        if published is None:
            return None
        roles = roles_data()
        dimensions = list(Dimension.objects.values_list("slug", flat=True))
        settings = {"per_role": per_role, "noise": PREVIEW_NOISE, "seed": PREVIEW_SEED}
        today = measures.measure(
            questions_data(questions_with_effects(published.pk)), roles, dimensions, **settings
        )
        then = measures.measure(
            questions_data(questions_with_effects(draft.pk)), roles, dimensions, **settings
        )
        titles = {r.slug: r.title for r in roles}
        return Impact(draft.title, per_role, PREVIEW_SEED, today, then, rows(today, then), titles)

    version = content_version.current()
    return content_version.get_or_build(
        version, "questionnaire-impact", build, draft.pk, per_role, get_language()
    )
