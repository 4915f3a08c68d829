"""Which route to a job a student sees first, and which of its steps are still ahead of them.

Pure Python, like :mod:`quiz.scoring`: plain data in, plain data out, property-tested.

A role has several real routes (from a bac pro or techno, from a bac général, after a bac+2 or
+3, for an adult changing careers, the doctorate where the job needs one). The results page shows
first the route that fits where the student stands, from two answers that never change the fit:
their highest diploma and their situation (at school, in higher education, working, changing
careers). The other routes stay one tap away.

The order:

1. routes the student can enter now come before the others: a route starts at a diploma level,
   and a student at school counts as holding a bac soon (every route from the bac is theirs);
   among them, a route with steps still ahead comes before one whose steps are all behind them;
2. among those, the route meant for them: an adult's route for someone working or changing
   careers; the bac pro or techno route for a CAP or bac pro holder; the bac général route,
   then the bac pro or techno one, for a bac holder or a student at school (we do not know
   which bac they take); the route after a bac+2 or +3 for those who hold one, and beyond;
3. then the route that starts closest to where they stand (the highest starting level they
   have reached), then the editors' order. With neither answer known, the editors' order.

A step is *behind* a student once they hold the level it leads to: a bac+5 holder never sees a
licence, a master or a BTS again, nor an experience step meant for a lower level. Steps without
a level (a course, a project, experience at any level) always stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

LEVELS = ["none", "cap-bacpro", "bac", "bac2", "bac3", "bac5", "bac8"]
RANK = {code: rank for rank, code in enumerate(LEVELS)}
ADULT_SITUATIONS = {"working", "changing"}
# Which audiences suit a student, best first, by their highest diploma (rank).
AUDIENCES_BY_DIPLOMA = {
    "none": ("bac-general", "bac-pro-techno"),
    "cap-bacpro": ("bac-pro-techno", "bac-general"),
    "bac": ("bac-general", "bac-pro-techno", "higher-ed"),
    "bac2": ("higher-ed", "bac-pro-techno", "bac-general"),
    "bac3": ("higher-ed", "bac-general", "bac-pro-techno"),
    "bac5": ("higher-ed", "adult"),
    "bac8": ("higher-ed", "adult"),
}


@dataclass(frozen=True)
class StepData:
    id: int
    kind: str
    from_level: str | None
    to_level: str | None
    dimensions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RouteData:
    id: int
    audience: str
    from_level: str
    to_level: str | None
    steps: Sequence[StepData] = field(default=())


def standing(diploma: str | None, situation: str | None) -> int | None:
    """The level a student can start a route from: their diploma, or the bac for a student at
    school who has none yet. None when the diploma is unknown."""
    if not diploma or diploma not in RANK:
        return RANK["bac"] if situation == "lycee" else None
    rank = RANK[diploma]
    if situation == "lycee":
        rank = max(rank, RANK["bac"])
    return rank


def order_routes(routes: Iterable[RouteData], diploma: str | None, situation: str | None) -> list[RouteData]:
    """The routes, the one to show first first (see the module docstring)."""
    start = standing(diploma, situation)
    preferred: tuple[str, ...] = ()
    if situation in ADULT_SITUATIONS:
        preferred = ("adult",)
    if diploma in AUDIENCES_BY_DIPLOMA:
        preferred += AUDIENCES_BY_DIPLOMA[diploma]
    elif situation == "lycee":
        preferred += AUDIENCES_BY_DIPLOMA["none"]

    def key(route: RouteData) -> tuple:
        if start is None:
            return (0, 0, 0)  # nothing known: the editors' order
        level = RANK.get(route.from_level, 0)
        reachable = level <= start
        done = bool(route.steps) and not steps_ahead(route, diploma)
        fit = preferred.index(route.audience) if route.audience in preferred else len(preferred)
        return (not reachable, done, fit, -level if reachable else level)

    indexed = list(routes)
    return sorted(indexed, key=lambda route: (*key(route), indexed.index(route)))


def is_behind(step: StepData, diploma: str | None) -> bool:
    """Whether the step is already behind the student: they hold the level it leads to, or it is
    experience meant for a lower level than theirs."""
    if not diploma or diploma not in RANK:
        return False
    held = RANK[diploma]
    if step.to_level in RANK:
        return RANK[step.to_level] <= held
    if step.kind == "experience" and step.from_level in RANK:
        return RANK[step.from_level] < held
    return False


def level_of(step: StepData) -> int | None:
    """The level a step sits at: where it leads, or for experience where it is set."""
    if step.to_level in RANK:
        return RANK[step.to_level]
    if step.kind == "experience" and step.from_level in RANK:
        return RANK[step.from_level]
    return None


def steps_ahead(route: RouteData, diploma: str | None) -> list[StepData]:
    """The route's steps the student has not done yet."""
    return [step for step in route.steps if not is_behind(step, diploma)]


def useful_practice(steps: Iterable[StepData], gaps: Iterable[str]) -> list[StepData]:
    """Courses and projects for every route that develop what the student lacks."""
    wanted = set(gaps)
    return [step for step in steps if step.dimensions & wanted]
