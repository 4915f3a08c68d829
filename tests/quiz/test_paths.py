"""Which route a student sees first and which steps are still ahead (quiz.paths, pure Python)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quiz import paths
from quiz.paths import RouteData, StepData

LEVELS = paths.LEVELS
KINDS = ["diploma", "certification", "vae", "course", "project", "experience"]

steps = st.builds(
    StepData,
    id=st.integers(1, 10_000),
    kind=st.sampled_from(KINDS),
    from_level=st.none() | st.sampled_from(LEVELS),
    to_level=st.none() | st.sampled_from(LEVELS),
)
routes = st.builds(
    RouteData,
    id=st.integers(1, 10_000),
    audience=st.sampled_from(["bac-pro-techno", "bac-general", "higher-ed", "adult"]),
    from_level=st.sampled_from(LEVELS),
    to_level=st.none() | st.sampled_from(LEVELS),
    steps=st.lists(steps, max_size=6).map(tuple),
)

SEEDED_LIKE = [
    RouteData(1, "bac-pro-techno", "cap-bacpro", "bac5"),
    RouteData(2, "bac-general", "bac", "bac5"),
    RouteData(3, "higher-ed", "bac3", "bac5"),
    RouteData(4, "adult", "bac", "bac5"),
    RouteData(5, "higher-ed", "bac5", "bac8"),
]


def first(diploma, situation) -> int:
    return paths.order_routes(SEEDED_LIKE, diploma, situation)[0].id


def test_each_student_sees_the_route_that_fits_them_first():
    assert first("cap-bacpro", "lycee") == 1  # a bac pro student at school
    assert first("cap-bacpro", "studies") == 1
    assert first("none", "lycee") == 2  # at school, bac général or techno: the bac général route
    assert first("bac", "studies") == 2
    assert first("bac3", "studies") == 3  # after a licence or a BUT
    assert first("bac5", "studies") == 5  # the doctorate starts from a master
    assert first("bac", "working") == 4  # an adult changing careers
    assert first("bac5", "changing") == 4
    assert first(None, None) == 1  # nothing known: the editors' order


@given(
    st.lists(routes, max_size=6),
    st.sampled_from([*LEVELS, None]),
    st.sampled_from(["lycee", "studies", "working", "changing", None]),
)
def test_ordering_keeps_every_route_once(routes, diploma, situation):
    ordered = paths.order_routes(routes, diploma, situation)
    assert sorted(map(id, ordered)) == sorted(map(id, routes))


@given(
    st.lists(routes, min_size=1, max_size=6),
    st.sampled_from(LEVELS),
    st.sampled_from(["lycee", "studies", "working", "changing"]),
)
def test_a_route_one_can_enter_now_comes_before_one_one_cannot(routes, diploma, situation):
    start = paths.standing(diploma, situation)
    ordered = paths.order_routes(routes, diploma, situation)
    open_now = [paths.RANK[route.from_level] <= start for route in ordered]
    assert open_now == sorted(open_now, reverse=True)


@given(st.lists(routes, max_size=6), st.sampled_from(["working", "changing"]))
def test_a_working_adult_with_a_bac5_never_gets_a_step_below_bac5(routes, situation):
    for route in paths.order_routes(routes, "bac5", situation):
        for step in paths.steps_ahead(route, "bac5"):
            level = paths.level_of(step)
            assert level is None or level >= paths.RANK["bac5"], step


@given(routes, st.sampled_from(LEVELS))
def test_a_step_ahead_leads_beyond_the_diploma_held(route, diploma):
    for step in paths.steps_ahead(route, diploma):
        if step.to_level is not None:
            assert paths.RANK[step.to_level] > paths.RANK[diploma]


def test_without_a_known_diploma_every_step_stays():
    route = RouteData(1, "bac-general", "bac", "bac5", (StepData(1, "diploma", "bac", "bac3"),))
    assert paths.steps_ahead(route, None) == list(route.steps)


def test_practice_is_what_develops_a_gap():
    course = StepData(1, "course", None, None, frozenset({"code"}))
    project = StepData(2, "project", None, None, frozenset({"ethique"}))
    assert paths.useful_practice([course, project], ["code"]) == [course]
    assert paths.useful_practice([course, project], []) == []
