"""Turn a result snapshot (plain JSON) into what the results page shows.

Read-only and free of queries: everything comes from the snapshot, so a
result looks the same forever, whatever editors change later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careers.charts import Series, bar_chart
from careers.models import EducationLevel, Pictogram, TrainingStep
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


@dataclass
class PathStepView:
    title: str
    kind: str
    description: str
    duration: str
    rncp_level: int | None
    from_level: str
    to_level: str
    url: str
    closes: list[str]

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
class RoleResult:
    rank: int
    slug: str
    title: str
    score: int
    band: str = ""
    tied_with_previous: bool = False
    summary: str = ""
    pictogram: str = ""
    why: list[Explained] = field(default_factory=list)
    not_shown: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    contrasts: list[ContrastView] = field(default_factory=list)
    path: list[PathStepView] = field(default_factory=list)
    chart: object = None

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS.get(self.band, ""))

    @property
    def pictogram_path(self) -> str:
        return f"img/roles/{self.pictogram}.svg" if self.pictogram in Pictogram.values else ""

    @property
    def pictogram_alt(self) -> str:
        return Pictogram(self.pictogram).label if self.pictogram in Pictogram.values else ""


def results_context(snapshot: dict) -> dict:
    names = {d["slug"]: d["name"] for d in snapshot.get("dimensions", [])}
    order = [d["slug"] for d in snapshot.get("dimensions", [])]
    profile = snapshot.get("profile", {})
    ranking = []
    for index, fit in enumerate(snapshot.get("fits", []), start=1):
        result = RoleResult(
            rank=index,
            slug=fit["role"],
            title=fit["title"],
            score=round(fit["score"]),
            band=fit.get("band", ""),
            tied_with_previous=bool(fit.get("tied_with_previous")),
        )
        if index <= TOP:
            _explain(result, fit, names, order, profile)
        ranking.append(result)
    top = ranking[:TOP]
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
            [Series(_("You"), "series-student", profile)],
            title=_("Your profile"),
        )
        if profile
        else None,
    }


def _explained(reasons: list[dict], names: dict) -> list[Explained]:
    return [
        Explained(
            r["dimension"],
            names.get(r["dimension"], r["dimension"]),
            [Driver(d["question"], d["answer"]) for d in r.get("drivers", [])],
        )
        for r in reasons
    ]


def _explain(result: RoleResult, fit: dict, names: dict, order: list, profile: dict) -> None:
    result.summary = fit.get("summary", "")
    result.pictogram = fit.get("pictogram", "")
    result.why = _explained(fit.get("why", []), names)
    result.not_shown = [names.get(r["dimension"], r["dimension"]) for r in fit.get("not_shown", [])]
    result.gaps = [names.get(r["dimension"], r["dimension"]) for r in fit.get("gaps", [])]
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
    result.path = [
        PathStepView(
            title=step["title"],
            kind=step["kind"],
            description=step.get("description", ""),
            duration=step.get("duration", ""),
            rncp_level=step.get("rncp_level"),
            from_level=step.get("from_level", ""),
            to_level=step.get("to_level", ""),
            url=step.get("url", ""),
            closes=[names.get(g, g) for g in step.get("closes_gaps", [])],
        )
        for step in fit.get("path", [])
    ]
    expected = {d["dimension"]: d["expected"] for d in fit.get("dimensions", [])}
    # Only the dimensions that matter to the role or pull the student away, biggest first.
    shown = [s for s in order if expected.get(s, 0) > 0 or profile.get(s, 0) >= 0.5]
    shown.sort(key=lambda s: (-expected.get(s, 0), order.index(s)))
    result.chart = bar_chart(
        [(s, names.get(s, s)) for s in shown],
        [
            Series(_("You"), "series-student", {s: profile[s] for s in shown if s in profile}),
            Series(result.title, "series-role", {s: expected.get(s, 0) for s in shown}),
        ],
        title=_("Your profile compared with “%(role)s”") % {"role": result.title},
    )
