"""The side-by-side comparison: GET /metiers/comparer/?roles=a&roles=b[&roles=c]."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from careers.models import Dimension
from tests.factories import (
    DimensionFactory,
    RoleFactory,
    RoleWeightFactory,
    RomeCodeFactory,
    SalaryRangeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("careers:compare")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def roles(db):
    return [
        RoleFactory(slug="data-scientist", title="Data scientist", profile={"code": 4, "maths": 5}),
        RoleFactory(slug="chercheur-ia", title="Chercheur en IA", profile={"code": 3, "maths": 5}),
        RoleFactory(slug="chief-ai-officer", title="Chief AI Officer", profile={"lead": 5, "code": 1}),
        RoleFactory(slug="ethicien", title="Éthicien", profile={"ethique": 5}),
    ]


def compare(client, *slugs):
    return client.get(URL, {"roles": list(slugs)})


def test_it_compares_two_roles_side_by_side(english, roles):
    response = compare(english, "data-scientist", "chercheur-ia")
    html = response.content.decode()
    assert response.status_code == 200
    assert [role.slug for role in response.context["roles"]] == ["data-scientist", "chercheur-ia"]
    assert "<table" in html and "<caption" in html
    assert f'<th scope="col"><a href="{roles[0].get_absolute_url()}">Data scientist</a></th>' in html
    assert '<th scope="row">Usual level</th>' in html
    assert "Choose one or two more" not in html


def test_it_compares_three_roles(client, roles):
    response = compare(client, "data-scientist", "chercheur-ia", "chief-ai-officer")
    assert [role.title for role in response.context["roles"]] == [
        "Data scientist",
        "Chercheur en IA",
        "Chief AI Officer",
    ]
    assert response.content.decode().count('<th scope="col">') == 3


def test_its_table_shows_the_facts_of_each_role(english, roles):
    role = roles[0]
    role.education_level = "bac5"
    role.education_level_source = SourceFactory(publisher="Jobavenue", url="https://www.jobavenue.net/x")
    RomeCodeFactory(role=role, code="M1405")
    role.sectors = "Banque\nSanté"
    role.missions = "Explorer\nModéliser\nPrésenter\nQuatrième mission"
    role.save()
    apec = SourceFactory(publisher="Apec", url="https://www.apec.fr/x")
    SalaryRangeFactory(role=role, label="Junior", min_amount=40000, max_amount=50000, source=apec, year=2024)
    html = compare(english, "data-scientist", "chercheur-ia").content.decode()
    assert "Bac+5 (master, engineering school)" in html
    assert 'source: <a href="https://www.jobavenue.net/x" rel="noopener">Jobavenue</a>' in html
    assert "M1405" in html
    assert 'href="https://candidat.francetravail.fr/metierscope/fiche-metier/M1405"' in html
    assert "Banque, Santé" in html
    assert "Junior: 40,000 – 50,000 € gross / year" in html
    assert 'Figure from 2024 · source: <a href="https://www.apec.fr/x" rel="noopener">Apec</a>' in html
    assert "Présenter" in html and "Quatrième mission" not in html  # the main missions: three
    assert "Not given by our sources" in html  # the other role has no salary


def test_a_figure_without_its_source_is_not_shown(english, roles):
    role = roles[0]
    role.education_level = "bac5"  # no source
    role.save()
    SalaryRangeFactory(role=role, label="Junior", min_amount=40000, max_amount=50000, source=None)
    html = compare(english, "data-scientist", "chercheur-ia").content.decode()
    assert "Bac+5" not in html.split("</thead>")[1]
    assert "40,000" not in html
    assert html.count("Not given by our sources") >= 4  # level and salary, for both roles


def test_its_table_shows_the_top_dimensions(english, roles):
    Dimension.objects.filter(slug="maths").update(name="Maths")
    html = compare(english, "data-scientist", "chercheur-ia").content.decode()
    assert "<li>Maths (5/5)</li>" in html


def test_its_chart_has_one_series_per_role(client, roles):
    response = compare(client, "data-scientist", "chercheur-ia", "chief-ai-officer")
    chart = response.context["chart"]
    assert [(e.label, e.css_class) for e in chart.legend] == [
        ("Data scientist", "series-1"),
        ("Chercheur en IA", "series-2"),
        ("Chief AI Officer", "series-3"),
    ]
    html = response.content.decode()
    for css in ("series-1", "series-2", "series-3"):
        assert f'class="chart-bar {css}"' in html


def test_its_chart_puts_what_matters_most_to_the_roles_first(client, roles):
    chart = compare(client, "data-scientist", "chief-ai-officer").context["chart"]
    assert [row.key for row in chart.rows] == ["code", "maths", "lead"]


def test_a_dimension_a_role_has_no_weight_on_is_not_measured(client, roles):
    chart = compare(client, "data-scientist", "chief-ai-officer").context["chart"]
    lead = next(row for row in chart.rows if row.key == "lead")
    assert lead.bars[0].missing and not lead.bars[1].missing


def test_the_table_scrolls_sideways_on_a_phone_with_a_visible_hint(english, roles):
    html = compare(english, "data-scientist", "chercheur-ia").content.decode()
    assert 'class="table-scroll" role="region"' in html
    assert "scroll the table sideways" in html


def test_it_always_offers_a_form_to_choose_the_roles(english, roles):
    html = compare(english, "data-scientist", "chercheur-ia").content.decode()
    assert f'<form class="compare-picker" method="get" action="{URL}">' in html
    assert html.count('type="checkbox" name="roles"') == len(roles)
    assert 'value="data-scientist" checked' in html
    assert 'value="ethicien">' in html


def test_it_lists_published_roles_only_in_the_form(client, roles):
    RoleFactory(slug="cache", is_published=False)
    assert 'value="cache"' not in compare(client).content.decode()


def test_without_roles_it_asks_to_choose_some(english, roles):
    response = compare(english)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose two or three roles to compare." in html
    assert "<table" not in html


def test_with_one_role_it_asks_for_more_and_keeps_it_ticked(english, roles):
    response = compare(english, "data-scientist")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose one or two more roles to compare with “Data scientist”." in html
    assert 'value="data-scientist" checked' in html
    assert "<table" not in html


def test_with_four_roles_it_says_three_at_most(english, roles):
    response = compare(english, *[role.slug for role in roles])
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can compare at most 3 roles at a time; you chose 4." in html
    assert "<table" not in html


def test_an_unknown_role_is_reported(english, roles):
    response = compare(english, "data-scientist", "inconnu")
    html = response.content.decode()
    assert response.status_code == 200
    assert "One of the roles you chose does not exist" in html
    assert "<table" not in html


def test_an_unpublished_role_is_reported_as_unknown(english, roles):
    RoleFactory(slug="cache", is_published=False)
    response = compare(english, "data-scientist", "chercheur-ia", "cache")
    assert "One of the roles you chose does not exist" in response.content.decode()
    assert response.context["roles"] == []


def test_a_duplicated_role_is_reported(english, roles):
    response = compare(english, "data-scientist", "data-scientist")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You chose the same role more than once." in html
    assert "<table" not in html


def test_a_duplicated_role_among_valid_ones_is_still_reported(english, roles):
    response = compare(english, "data-scientist", "chercheur-ia", "data-scientist")
    assert "You chose the same role more than once." in response.content.decode()
    assert response.context["roles"] == []


@pytest.mark.parametrize("junk", ["a\x00b", "x" * 5000, "../etc", "<script>", "  "])
def test_junk_values_never_break_the_page(client, roles, junk):
    response = compare(client, "data-scientist", junk)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_many_values_never_break_the_page(english, roles):
    response = english.get(URL, {"roles": [f"role-{n}" for n in range(500)]})
    assert response.status_code == 200
    assert "you chose 500" in response.content.decode()


def test_it_refuses_post(client, roles):
    assert client.post(URL, {"roles": ["data-scientist", "chercheur-ia"]}).status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_its_queries_do_not_grow_with_the_roles(client, django_assert_max_num_queries, count):
    dimensions = DimensionFactory.create_batch(3)
    all_roles = RoleFactory.create_batch(count)
    for role in all_roles:
        SalaryRangeFactory(role=role)
        for weight, dimension in enumerate(dimensions):
            RoleWeightFactory(role=role, dimension=dimension, weight=weight + 1)
    chosen = [role.slug for role in all_roles[:3]]
    # The published roles for the picker, the chosen ones, their profiles, salaries and ROME codes.
    with django_assert_max_num_queries(5):
        response = compare(client, *chosen)
    assert len(response.context["roles"]) == 3
    assert response.content.decode().count('type="checkbox" name="roles"') == count
