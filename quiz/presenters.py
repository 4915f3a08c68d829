"""Turn a result snapshot (plain JSON) into what the results page shows.

Read-only and free of queries: everything comes from the snapshot, so a
result looks the same forever, whatever editors change later.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careers.charts import Series, bar_chart
from careers.models import Apprenticeship, EducationLevel, Pictogram, Route, TrainingStep
from quiz.models import Situation

TOP = 3
# The ranking lists this many roles; with a large catalogue the rest are counted, not listed
# (a student reads the top of the list, and a thousand lines would weigh on every view).
RANKING_SHOWN = 30


@dataclass
class Driver:
    question: str
    answer: str


@dataclass
class Explained:
    slug: str
    name: str
    drivers: list[Driver] = field(default_factory=list)


LINK_LABELS = {
    "onisep": gettext_lazy("Onisep page"),
    "parcoursup": gettext_lazy("Search it on Parcoursup"),
    "rncp": gettext_lazy("RNCP record (France compétences)"),
    "other": gettext_lazy("More about it"),
}


@dataclass
class LinkView:
    label: str
    url: str


@dataclass
class PathStepView:
    title: str
    kind: str
    description: str
    duration: str
    rncp_level: int | None
    from_level: str
    to_level: str
    closes: list[str]
    apprenticeship: str = ""
    links: list[LinkView] = field(default_factory=list)
    source: dict | None = None

    @property
    def apprenticeship_label(self) -> str:
        return _label(Apprenticeship, self.apprenticeship)

    @property
    def kind_label(self) -> str:
        return _label(TrainingStep.Kind, self.kind)

    @property
    def from_label(self) -> str:
        return _label(EducationLevel, self.from_level)

    @property
    def to_label(self) -> str:
        return _label(EducationLevel, self.to_level)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


@dataclass
class RouteView:
    title: str
    audience: str
    from_level: str
    to_level: str
    duration: str
    apprenticeship: str
    open_to_you: bool
    steps: list[PathStepView]
    studies_done: bool = False  # the route has steps, and all are behind the student

    @property
    def audience_label(self) -> str:
        return _label(Route.Audience, self.audience)

    @property
    def from_label(self) -> str:
        return _label(EducationLevel, self.from_level)

    @property
    def apprenticeship_label(self) -> str:
        return _label(Apprenticeship, self.apprenticeship)


BAND_LABELS = {
    "very_close": gettext_lazy("Very close"),
    "close": gettext_lazy("Close"),
    "explore": gettext_lazy("Worth exploring"),
}


@dataclass
class ContrastView:
    other: str
    other_title: str
    above: bool
    leans: list[str]
    spares: list[str]


@dataclass
class Shortfall:
    """A dimension the job asks more of than the answers show. ``standout``: it is nonetheless
    one of the student's strongest (the profile sentence names it), so the page says "a strong
    point the job asks even more of", never a lack."""

    name: str
    standout: bool = False


@dataclass
class RoleResult:
    rank: int
    slug: str
    title: str
    score: int
    band: str = ""
    tied_with_previous: bool = False
    has_page: bool = True  # False once the role is unpublished: its page would be a 404
    summary: str = ""
    pictogram: str = ""
    why: list[Explained] = field(default_factory=list)
    not_shown: list[Shortfall] = field(default_factory=list)
    gaps: list[Shortfall] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    contrasts: list[ContrastView] = field(default_factory=list)
    routes: list[RouteView] = field(default_factory=list)
    practice: list[PathStepView] = field(default_factory=list)
    chart: object = None

    # The card's one line, chosen across the three cards (results_context): a strong point not
    # already said by a card above, else what the job asks more of (a lead to explore), else the
    # first strong point again.
    card_strength: str = ""
    card_shortfall: Shortfall | None = None

    @property
    def lead_shortfall(self) -> Shortfall | None:
        """The card's one line when nothing fits yet: a real lack before a strong point."""
        return next(
            (s for s in self.not_shown if not s.standout), self.not_shown[0] if self.not_shown else None
        )

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS.get(self.band, ""))

    @property
    def pictogram_path(self) -> str:
        return f"img/roles/{self.pictogram}.svg" if self.pictogram in Pictogram.values else ""

    @property
    def pictogram_alt(self) -> str:
        return Pictogram(self.pictogram).label if self.pictogram in Pictogram.values else ""


def results_context(
    snapshot: dict, *, student_label: str | None = None, published: Collection[str] | None = None
) -> dict:
    """What the results templates show of a snapshot. ``student_label`` names the student's
    series in the charts ("You" on their own page; a teacher's page names the student);
    ``published``, the roles that still have a page to link to (all of them when not given)."""
    names = {d["slug"]: d["name"] for d in snapshot.get("dimensions", [])}
    order = [d["slug"] for d in snapshot.get("dimensions", [])]
    profile = snapshot.get("profile", {})
    standouts = set(snapshot.get("strongest", []))
    chart_title = _("Profile of %(name)s") % {"name": student_label} if student_label else _("Your profile")
    student_label = student_label or _("You")
    ranking = []
    for index, fit in enumerate(snapshot.get("fits", []), start=1):
        result = RoleResult(
            rank=index,
            slug=fit["role"],
            title=fit["title"],
            score=round(fit["score"]),
            band=fit.get("band", ""),
            tied_with_previous=bool(fit.get("tied_with_previous")),
            has_page=published is None or fit["role"] in published,
        )
        if index <= TOP:
            _explain(result, fit, names, order, profile, standouts, student_label)
        ranking.append(result)
    top = ranking[:TOP]
    _choose_card_lines(top)
    return {
        "top": top,
        "ranking": ranking[:RANKING_SHOWN],
        "ranking_more": max(0, len(ranking) - RANKING_SHOWN),
        "tie_at_top": len(top) > 1 and top[1].tied_with_previous,
        "low_confidence": bool(snapshot.get("low_confidence")),
        "strongest": [names.get(slug, slug) for slug in snapshot.get("strongest", [])],
        "diploma": _label(EducationLevel, snapshot.get("diploma", "")),
        "situation": _label(Situation, snapshot.get("situation", "")),
        "profile_chart": bar_chart(
            [(slug, names[slug]) for slug in order],
            [Series(student_label, "series-student", profile)],
            title=chart_title,
        )
        if profile
        else None,
    }


def _choose_card_lines(top: list[RoleResult]) -> None:
    """Three cards saying "your strong point here: Data" three times tell the student nothing new:
    each card says a strong point the cards above have not said, or else, for a lead to explore,
    what the job asks more of."""
    said: set[str] = set()
    for role in top:
        fresh = [reason.name for reason in role.why if reason.name not in said]
        if fresh:
            role.card_strength = fresh[0]
        elif role.band == "explore" and role.lead_shortfall:
            role.card_shortfall = role.lead_shortfall
        elif role.why:
            role.card_strength = role.why[0].name
        else:
            role.card_shortfall = role.lead_shortfall
        if role.card_strength:
            said.add(role.card_strength)


def _explained(reasons: list[dict], names: dict) -> list[Explained]:
    return [
        Explained(
            r["dimension"],
            names.get(r["dimension"], r["dimension"]),
            [Driver(d["question"], d["answer"]) for d in r.get("drivers", [])],
        )
        for r in reasons
    ]


def _explain(
    result: RoleResult, fit: dict, names: dict, order: list, profile: dict, standouts: set, student_label: str
) -> None:
    def shortfalls(key: str) -> list[Shortfall]:
        return [
            Shortfall(names.get(r["dimension"], r["dimension"]), r["dimension"] in standouts)
            for r in fit.get(key, [])
        ]

    result.summary = fit.get("summary", "")
    result.pictogram = fit.get("pictogram", "")
    result.why = _explained(fit.get("why", []), names)
    result.not_shown = shortfalls("not_shown")
    result.gaps = shortfalls("gaps")
    result.elsewhere = [names.get(r["dimension"], r["dimension"]) for r in fit.get("elsewhere", [])]
    result.contrasts = [
        ContrastView(
            other=c["other"],
            other_title=c["other_title"],
            above=c["above"],
            leans=[names.get(d, d) for d in c["leans"]],
            spares=[names.get(d, d) for d in c["spares"]],
        )
        for c in fit.get("contrasts", [])
    ]
    result.routes = [
        RouteView(
            title=route["title"],
            audience=route["audience"],
            from_level=route["from_level"],
            to_level=route.get("to_level", ""),
            duration=route.get("duration", ""),
            apprenticeship=route.get("apprenticeship", ""),
            open_to_you=route.get("open_to_you", True),
            steps=[_step(step, names) for step in route.get("steps", [])],
            # Results from before the flag: no step ahead meant done, as they said then.
            studies_done=bool(route.get("studies_done", not route.get("steps"))),
        )
        for route in fit.get("routes", [])
    ]
    result.practice = [_step(step, names) for step in fit.get("practice", [])]
    expected = {d["dimension"]: d["expected"] for d in fit.get("dimensions", [])}
    # Only the dimensions that matter to the role or pull the student away, biggest first.
    shown = [s for s in order if expected.get(s, 0) > 0 or profile.get(s, 0) >= 0.5]
    shown.sort(key=lambda s: (-expected.get(s, 0), order.index(s)))
    result.chart = bar_chart(
        [(s, names.get(s, s)) for s in shown],
        [
            Series(student_label, "series-student", {s: profile[s] for s in shown if s in profile}),
            Series(result.title, "series-role", {s: expected.get(s, 0) for s in shown}),
        ],
        title=_("Your profile compared with “%(role)s”") % {"role": result.title},
    )


def _step(step: dict, names: dict) -> PathStepView:
    return PathStepView(
        title=step["title"],
        kind=step["kind"],
        description=step.get("description", ""),
        duration=step.get("duration", ""),
        rncp_level=step.get("rncp_level"),
        from_level=step.get("from_level", ""),
        to_level=step.get("to_level", ""),
        closes=[names.get(g, g) for g in step.get("closes_gaps", [])],
        apprenticeship=step.get("apprenticeship", ""),
        links=[
            LinkView(str(LINK_LABELS.get(link["kind"], "")), link["url"]) for link in step.get("links", [])
        ],
        source=step.get("source"),
    )
