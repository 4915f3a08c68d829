"""A route agrees with its steps: they follow each other from where it starts to where it leads,
its audience fits where it starts, its title and duration say what the steps are.

The rule lives in the model (careers.models.route_problems, Route.problems); a role is published
only when its routes keep it (Role.publication_problems, so load_content keeps such a role a
draft); the admin refuses a change that breaks it on a published role and warns on a draft.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from careers.models import Role, Route, TrainingStep, audience_label, route_problems
from tests.factories import RoleFactory, RouteFactory, TrainingStepFactory
from tests.quiz.test_admin_access import change_form_data

pytestmark = pytest.mark.django_db


def problems(audience="bac-general", from_level="bac", to_level="bac5", steps=()) -> list[str]:
    with translation.override("en"):
        return [
            str(p)
            for p in route_problems(audience=audience, from_level=from_level, to_level=to_level, steps=steps)
        ]


# --- The rule --------------------------------------------------------------------------------


def test_steps_that_follow_each_other_from_start_to_end_agree():
    assert problems(steps=[("Licence", "bac", "bac3"), ("Master", "bac3", "bac5")]) == []


def test_a_skipped_level_is_a_problem():
    found = problems(
        audience="bac-pro-techno",
        from_level="cap-bacpro",
        to_level="bac3",
        steps=[("BTS", "cap-bacpro", "bac2"), ("Expérience", "bac3", ""), ("Licence pro", "bac2", "bac3")],
    )
    assert len(found) == 1
    assert found[0].startswith("“Expérience” starts from Bac+3")
    assert "reach Bac+2 (BTS, DEUST…) only" in found[0]


def test_a_first_step_that_starts_elsewhere_than_the_route_is_a_problem():
    found = problems(from_level="bac", steps=[("Master", "bac3", "bac5")])
    assert found == [
        "The first step, “Master”, starts from Bac+3 (licence, BUT, bachelor), but the route from Baccalauréat."
    ]


def test_steps_that_stop_short_of_where_the_route_leads_are_a_problem():
    found = problems(to_level="bac5", steps=[("Licence", "bac", "bac3")])
    assert found == [
        "The route says it leads to Bac+5 (master, engineering school), but its steps lead to "
        "Bac+3 (licence, BUT, bachelor)."
    ]


def test_steps_that_go_beyond_where_the_route_leads_are_a_problem():
    assert problems(to_level="bac3", steps=[("Licence", "bac", "bac3"), ("Master", "bac3", "bac5")])


def test_a_step_may_start_below_the_level_reached():
    """A bac+3 (BUT) opens an engineering school that admits from a bac+2: the usual six years."""
    assert problems(steps=[("BUT", "bac", "bac3"), ("Diplôme d'ingénieur", "bac2", "bac5")]) == []


def test_steps_without_levels_fit_anywhere():
    """Experience at any level, a course, a VAE, a certification that is not a diploma."""
    steps = [("Expérience", "", ""), ("Cours du soir", "", ""), ("VAE vers un master", "", "bac5")]
    assert problems(audience="adult", from_level="none", steps=steps) == []
    steps = [("BTS", "cap-bacpro", "bac2"), ("Expérience", "bac2", ""), ("Certification DPO", "", "")]
    assert problems(audience="bac-pro-techno", from_level="cap-bacpro", to_level="bac2", steps=steps) == []


def test_experience_then_a_diploma_from_the_level_reached_agree():
    steps = [("Expérience d'ingénieur", "bac5", ""), ("Doctorat CIFRE", "bac5", "bac8")]
    assert problems(audience="adult", from_level="bac5", to_level="bac8", steps=steps) == []


def test_a_route_without_steps_or_without_an_end_is_not_checked_for_its_end():
    assert problems(steps=[]) == []
    assert problems(to_level="", steps=[("Licence", "bac", "bac3")]) == []


@pytest.mark.parametrize(
    ("audience", "from_level", "ok"),
    [
        ("bac-pro-techno", "cap-bacpro", True),
        ("bac-general", "bac", True),
        ("bac-general", "bac3", False),
        ("higher-ed", "bac2", True),
        ("higher-ed", "bac5", True),
        ("higher-ed", "bac", False),
        ("adult", "none", True),
        ("adult", "bac5", True),
    ],
)
def test_the_audience_fits_where_the_route_starts(audience, from_level, ok):
    found = problems(audience=audience, from_level=from_level, to_level="", steps=[])
    assert (found == []) is ok, found


def test_a_route_for_higher_education_says_from_which_level():
    with translation.override("fr"):
        assert audience_label("higher-ed", "bac5") == "Après un bac+5 ou plus"
        assert audience_label("higher-ed", "bac3") == "Après un bac+3 ou plus"
        assert audience_label("adult", "bac5") == "Pour un adulte en reconversion"
        assert audience_label("nonsense", "bac") == ""


# --- The model and publishing ----------------------------------------------------------------


def role_with_a_broken_route(**kwargs) -> tuple[Role, Route]:
    role = RoleFactory(is_published=False, profile={"code": 5}, **kwargs)
    route = RouteFactory(
        role=role, title="Du bac pro", audience="bac-pro-techno", from_level="cap-bacpro", to_level="bac3"
    )
    TrainingStepFactory(
        role=role, route=route, order=0, title="BTS SIO", from_level="cap-bacpro", to_level="bac2"
    )
    TrainingStepFactory(
        role=role, route=route, order=1, title="Expérience RGPD", kind="experience", from_level="bac3"
    )
    return role, route


def test_a_route_reads_its_saved_steps_in_order():
    _role, route = role_with_a_broken_route()
    with translation.override("en"):
        found = route.problems()
    assert len(found) == 2  # the skipped bac+3, and the bac+3 it never reaches
    assert "“Expérience RGPD” starts from Bac+3" in found[0]


def test_a_role_with_a_broken_route_is_not_published(admin_client):
    role, _route = role_with_a_broken_route()
    with translation.override("en"):
        found = [str(p) for p in role.publication_problems()]
    assert any(p.startswith("Route “Du bac pro”: “Expérience RGPD” starts from") for p in found)
    response = admin_client.get(reverse("admin:careers_role_publish", args=[role.pk]))
    assert "Expérience RGPD" in response.text
    admin_client.post(reverse("admin:careers_role_publish", args=[role.pk]), {})
    role.refresh_from_db()
    assert not role.is_published


# --- The admin -------------------------------------------------------------------------------


@pytest.fixture
def published_route(db):
    role = RoleFactory(profile={"code": 5})
    route = RouteFactory(role=role, title="Du bac général", from_level="bac", to_level="bac5")
    TrainingStepFactory(
        role=role,
        route=route,
        order=0,
        title="Licence",
        from_level="bac",
        to_level="bac3",
        url="https://www.onisep.fr/l",
    )
    TrainingStepFactory(
        role=role,
        route=route,
        order=1,
        title="Master",
        from_level="bac3",
        to_level="bac5",
        url="https://www.onisep.fr/m",
    )
    return route


def formset_errors(response) -> list[str]:
    return [
        str(e)
        for inline in response.context["inline_admin_formsets"]
        for e in inline.formset.non_form_errors()
    ]


def route_page(client, route):
    return client.get(reverse("admin:careers_route_change", args=[route.pk]))


def step_prefix(data: dict, title: str) -> str:
    return next(
        key.removesuffix("title") for key, value in data.items() if key.endswith("-title") and value == title
    )


def test_the_admin_refuses_a_step_that_skips_a_level_on_a_published_role(admin_client, published_route):
    data = change_form_data(route_page(admin_client, published_route))
    data[step_prefix(data, "Master") + "from_level"] = "bac5"
    response = admin_client.post(reverse("admin:careers_route_change", args=[published_route.pk]), data)
    assert response.status_code == 200  # the form again, with the error
    assert "Master" in " ".join(formset_errors(response))
    assert TrainingStep.objects.get(title="Master").from_level == "bac3"


def test_the_admin_refuses_a_route_level_that_its_steps_do_not_reach_on_a_published_role(
    admin_client, published_route
):
    role_page = admin_client.get(reverse("admin:careers_role_change", args=[published_route.role.pk]))
    data = change_form_data(role_page)
    prefix = next(
        key.removesuffix("title")
        for key, value in data.items()
        if key.startswith("routes-") and value == "Du bac général"
    )
    data[prefix + "to_level"] = "bac8"
    response = admin_client.post(reverse("admin:careers_role_change", args=[published_route.role.pk]), data)
    assert response.status_code == 200
    assert "Du bac général" in " ".join(formset_errors(response))
    published_route.refresh_from_db()
    assert published_route.to_level == "bac5"


def test_the_admin_saves_a_draft_route_with_a_warning(admin_client, published_route):
    Role.objects.filter(pk=published_route.role_id).update(is_published=False)
    data = change_form_data(route_page(admin_client, published_route))
    data[step_prefix(data, "Master") + "from_level"] = "bac5"
    response = admin_client.post(
        reverse("admin:careers_route_change", args=[published_route.pk]), data, follow=True
    )
    assert TrainingStep.objects.get(title="Master").from_level == "bac5"
    warnings = " ".join(str(m) for m in response.context["messages"])
    assert "Master" in warnings and "Du bac général" in warnings


def test_the_admin_keeps_an_unrelated_edit_of_a_published_route(admin_client, published_route):
    data = change_form_data(route_page(admin_client, published_route))
    data["duration"] = "5 ans"
    response = admin_client.post(reverse("admin:careers_route_change", args=[published_route.pk]), data)
    assert response.status_code == 302
    published_route.refresh_from_db()
    assert published_route.duration == "5 ans"


# --- The seeded content ----------------------------------------------------------------------


def test_every_seeded_route_agrees_with_its_steps(content):
    found = {}
    for route in Route.objects.select_related("role").prefetch_related("steps"):
        if route.problems():
            found[(route.role.slug, route.title)] = [str(p) for p in route.problems()]
    assert not found, found
    assert not any(role.publication_problems() for role in Role.objects.all())


YEARS = re.compile(r"^(\d+) ans?\b")


def test_every_seeded_route_lasts_as_long_as_its_studies(content):
    """A route's "N ans" is the sum of its steps' durations in years (experience aside)."""
    checked = 0
    for route in Route.objects.select_related("role").prefetch_related("steps"):
        said = YEARS.match(route.duration)
        if not said:
            continue
        steps = [YEARS.match(step.duration) for step in route.steps.all()]
        total = sum(int(match.group(1)) for match in steps if match)
        assert total == int(said.group(1)), (route.role.slug, route.title, route.duration, total)
        checked += 1
    assert checked >= 40


# What a route's title names must be one of its steps.
NAMED = {
    r"\blicence pro": lambda step: re.search(r"(?i)licence pro", step.title),
    r"\bcertification\b": lambda step: step.kind == TrainingStep.Kind.CERTIFICATION,
    r"\bVAE\b": lambda step: step.kind == TrainingStep.Kind.VAE,
    r"\bBTS\b": lambda step: step.title.startswith("BTS"),
    r"\bBUT\b": lambda step: step.title.startswith("BUT"),
    r"\bprépa\b": lambda step: "préparatoire" in step.title,
    r"\bmaster\b": lambda step: "master" in step.title.lower(),
    r"\bdoctorat\b|\bthèse\b": lambda step: step.title.startswith("Doctorat"),
    r"\bécole d'ingénieurs\b": lambda step: step.title.startswith("Diplôme d'ingénieur"),
    r"\bapprentissage\b": lambda step: step.apprenticeship == "yes" or "apprentissage" in step.title,
}


def test_every_seeded_route_title_names_only_what_its_steps_are(content):
    for route in Route.objects.select_related("role").prefetch_related("steps"):
        steps = list(route.steps.all())
        # "Après un bac+3 (licence, BUT) : master …": what comes before the colon is the student's.
        named = route.title.split(" : ", 1)[-1]
        for pattern, is_it in NAMED.items():
            if re.search(pattern, named, re.IGNORECASE):
                assert any(is_it(step) for step in steps), (route.role.slug, route.title, pattern)


def test_the_doctorate_route_for_a_bac_plus_5_says_so(client, content):
    html = client.get(reverse("careers:role_detail", kwargs={"slug": "chercheur-ia"})).text
    assert "Après un bac+5 ou plus" in html
    assert "Après un bac+2, un bac+3 ou plus" not in html


def test_a_role_whose_route_has_no_step_cannot_be_published(small_quiz):
    role = Role.objects.get(slug="ethicien")
    route = RouteFactory(role=role, title="Voie vide", from_level="bac", to_level="bac5")
    with translation.override("fr"):
        assert any("Voie vide" in p and "aucune étape" in p for p in role.publication_problems())
    TrainingStepFactory(role=role, route=route, title="Licence", from_level="bac", to_level="bac3")
    TrainingStepFactory(role=role, route=route, title="Master", from_level="bac3", to_level="bac5")
    assert not [p for p in role.publication_problems() if "Voie vide" in p]


def test_an_editor_adds_a_step_to_a_route_from_its_page(admin_client, small_quiz):
    """The step takes the route's role before its own check runs (it used to fail on a hidden field)."""
    route = Route.objects.get(title="Du bac général")
    route.steps.update(url="https://www.onisep.fr/")  # each step names a public reference
    url = reverse("admin:careers_route_change", args=[route.pk])
    data = change_form_data(admin_client.get(url))
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    data.update(
        {
            f"{prefix}-{n}-kind": "course",
            f"{prefix}-{n}-title": "MOOC Kubernetes",
            f"{prefix}-{n}-order": "9",
            f"{prefix}-{n}-route": str(route.pk),
            f"{prefix}-{n}-url": "https://www.onisep.fr/",
        }
    )
    response = admin_client.post(url, data)
    if response.status_code != 302:
        formset = response.context["inline_admin_formsets"][0].formset
        raise AssertionError([f.errors for f in formset.forms] + [formset.non_form_errors()])
    step = TrainingStep.objects.get(title="MOOC Kubernetes")
    assert step.route == route and step.role == route.role
