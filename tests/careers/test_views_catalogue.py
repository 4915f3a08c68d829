"""The catalogue of roles: GET /metiers/, its filters, its htmx fragment, its salary figures."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from careers.models import SalaryRange
from careers.selectors import CATALOGUE_PAGE_SIZE
from careers.templatetags.careers_tags import first_salary, format_salary
from tests.factories import (
    DimensionFactory,
    RoleFactory,
    RoleWeightFactory,
    RouteFactory,
    SalaryRangeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("careers:catalogue")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def titles(response) -> list[str]:
    return re.findall(r'class="role-card-title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_it_lists_published_roles_only(client):
    RoleFactory(title="Data scientist")
    RoleFactory(title="Métier caché", is_published=False)
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Data scientist"]
    assert "Métier caché" not in response.content.decode()


def test_each_card_links_to_the_role_page(client):
    role = RoleFactory(title="Data scientist", summary="Il explore les données.")
    response = client.get(URL)
    assert f'<a href="{role.get_absolute_url()}">Data scientist</a>' in response.content.decode()
    assert "Il explore les données." in response.content.decode()


def card(response, role) -> str:
    html = response.content.decode()
    start = html.index(f'href="{role.get_absolute_url()}"')
    return html[start : html.index("</li>", start)]


def test_a_card_shows_the_usual_education_level_with_its_source(english):
    source = SourceFactory(publisher="Onisep", url="https://www.onisep.fr/metier")
    role = RoleFactory(education_level="bac5", education_level_source=source)
    text = card(english.get(URL), role)
    assert "Bac+5 (master, engineering school)" in text
    assert 'source: <a href="https://www.onisep.fr/metier" rel="noopener">Onisep</a>' in text


def test_a_card_shows_no_level_without_its_source(english):
    role = RoleFactory(education_level="bac5")
    assert "Usual level" not in card(english.get(URL), role)


def test_a_card_shows_the_first_salary_figure_with_its_source(english):
    role = RoleFactory()
    apec = SourceFactory(publisher="", title="Les salaires des cadres", url="", seed_file="005.txt")
    SalaryRangeFactory(role=role, order=0, min_amount=None, max_amount=None, period="", label="Variable")
    SalaryRangeFactory(role=role, order=1, min_amount=3750, max_amount=5840, period="month", source=apec)
    SalaryRangeFactory(role=role, order=2, min_amount=45000, max_amount=70000, period="year")
    text = card(english.get(URL), role)
    assert "3,750 – 5,840 € gross / month" in text
    assert "source: <cite>Les salaires des cadres</cite>" in text  # no address: named, not linked
    assert "45,000" not in text


def test_a_card_skips_a_figure_without_its_source(english):
    role = RoleFactory()
    SalaryRangeFactory(role=role, order=0, min_amount=30000, max_amount=40000, source=None)
    SalaryRangeFactory(role=role, order=1, min_amount=45000, max_amount=70000)
    text = card(english.get(URL), role)
    assert "30,000" not in text
    assert "45,000 – 70,000" in text


def test_a_card_says_the_year_once(english):
    role = RoleFactory()
    SalaryRangeFactory(role=role, label="Junior", year=2023)
    SalaryRangeFactory(role=RoleFactory(), label="Minimum since 1 January 2026", year=2026)
    html = english.get(URL).content.decode()
    assert "(Junior)" in html and "Figure from 2023 · source:" in html
    assert "(Minimum since 1 January 2026)" in html
    assert "Figure from 2026" not in html  # the label says it already


def test_a_card_shows_no_salary_when_the_role_has_none(english):
    RoleFactory()
    assert "Salary" not in english.get(URL).content.decode()


def reachable_from(level: str, **kwargs):
    """A role with one route, starting from ``level``."""
    role = RoleFactory(**kwargs)
    RouteFactory(role=role, from_level=level)
    return role


def test_it_filters_by_the_diploma_a_route_starts_from(client):
    reachable_from("bac5", title="Chercheur")  # a doctorate after a master
    reachable_from("bac", title="Contrôleur")
    reachable_from("cap-bacpro", title="Technicien")
    RoleFactory(title="Sans voie")
    assert titles(client.get(URL, {"niveau": "cap-bacpro"})) == ["Technicien"]
    assert titles(client.get(URL, {"niveau": "bac"})) == ["Contrôleur", "Technicien"]
    assert titles(client.get(URL, {"niveau": "bac5"})) == ["Chercheur", "Contrôleur", "Technicien"]
    # At school, with no diploma yet: every route from the bac is theirs soon.
    assert titles(client.get(URL, {"niveau": "none"})) == ["Contrôleur", "Technicien"]


def test_it_filters_by_dimension(client):
    code = DimensionFactory(slug="code")
    RoleFactory(title="B quatre", profile={"code": 4})
    RoleFactory(title="A quatre", profile={"code": 4})
    RoleFactory(title="Z cinq", profile={"code": 5})
    RoleFactory(title="Trois", profile={"code": 3})
    RoleFactory(title="Autre dimension", profile={"ethique": 5})
    response = client.get(URL, {"dimension": code.slug})
    assert titles(response) == ["Z cinq", "A quatre", "B quatre"]


def test_a_dimension_filter_shows_each_role_weight(english):
    DimensionFactory(slug="code", name="Programmation")
    RoleFactory(profile={"code": 5})
    html = english.get(URL, {"dimension": "code"}).content.decode()
    assert "<dt>Programmation</dt><dd>5/5</dd>" in html


def test_it_combines_both_filters(client):
    reachable_from("bac", title="Chercheur", profile={"code": 5})
    reachable_from("bac5", title="Ingénieur", profile={"code": 5})
    reachable_from("bac", title="Juriste", profile={"ethique": 5})
    assert titles(client.get(URL, {"niveau": "bac3", "dimension": "code"})) == ["Chercheur"]


def test_it_keeps_the_chosen_filters_selected(client):
    DimensionFactory(slug="code")
    html = client.get(URL, {"niveau": "bac5", "dimension": "code"}).content.decode()
    assert '<option value="bac5" selected>' in html
    assert '<option value="code" selected>' in html


def test_it_shows_how_many_roles_were_found(english):
    RoleFactory.create_batch(3)
    assert "3 roles found" in english.get(URL).content.decode()


def test_it_says_when_no_role_matches_and_offers_a_reset(english):
    reachable_from("bac5")
    response = english.get(URL, {"niveau": "bac"})
    html = response.content.decode()
    assert "No role matches these filters." in html
    assert f'href="{URL}"' in html
    assert "0 roles found" in html


@pytest.mark.parametrize("params", [{"niveau": "bac42"}, {"niveau": "<script>"}, {"niveau": "x" * 5000}])
def test_it_ignores_an_unknown_level_with_a_notice(english, params):
    RoleFactory(title="Data scientist", education_level="bac5")
    response = english.get(URL, params)
    assert response.status_code == 200
    assert titles(response) == ["Data scientist"]
    assert "We do not know this education level" in response.content.decode()


@pytest.mark.parametrize("params", [{"dimension": "inconnue"}, {"dimension": "a\x00b"}])
def test_it_ignores_an_unknown_dimension_with_a_notice(english, params):
    RoleFactory(title="Data scientist", profile={"code": 1})
    response = english.get(URL, params)
    assert response.status_code == 200
    assert titles(response) == ["Data scientist"]
    assert "We do not know this skill or interest" in response.content.decode()


def test_an_empty_filter_is_no_filter(english):
    RoleFactory()
    response = english.get(URL, {"niveau": "", "dimension": ""})
    assert len(titles(response)) == 1
    assert "We do not know" not in response.content.decode()


def test_the_filter_form_works_without_and_with_htmx(client):
    html = client.get(URL).content.decode()
    assert f'method="get" action="{URL}"' in html
    assert f'hx-get="{URL}" hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-trigger="change, submit"' in html
    assert '<label for="filter-level">' in html and '<label for="filter-dimension">' in html
    assert '<button class="button" type="submit">' in html


def test_it_returns_only_the_results_fragment_to_htmx(client):
    reachable_from("bac", title="Chercheur")
    reachable_from("bac5", title="Contrôleur")
    response = client.get(URL, {"niveau": "bac3"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<h1" not in html
    assert "Chercheur" in html and "Contrôleur" not in html


def test_the_fragment_carries_the_notices(english):
    response = english.get(URL, {"niveau": "nope"}, headers=HTMX)
    assert "<html" not in response.content.decode()
    assert "We do not know this education level" in response.content.decode()


def test_a_history_restore_gets_the_whole_page(client):
    response = client.get(URL, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_the_response_varies_on_the_htmx_header(client):
    assert "HX-Request" in client.get(URL).headers["Vary"]


def test_each_card_can_be_ticked_for_the_comparison(english):
    RoleFactory(slug="data-scientist", title="Data scientist")
    RoleFactory(slug="chercheur-ia")
    html = english.get(URL).content.decode()
    assert f'<form class="compare-form" method="get" action="{reverse("careers:compare")}">' in html
    assert '<input type="checkbox" name="roles" value="data-scientist">' in html
    assert "Compare the selected roles (2 or 3)" in html


def test_it_refuses_post(client):
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_its_queries_do_not_grow_with_the_roles(client, django_assert_max_num_queries, count):
    dimension = DimensionFactory(slug="code")
    for role in RoleFactory.create_batch(count, education_level="bac5"):
        RouteFactory(role=role, from_level="bac")
        RoleWeightFactory(role=role, dimension=dimension, weight=5)
        SalaryRangeFactory(role=role, order=0)
        SalaryRangeFactory(role=role, order=1)
    for params in ({}, {"niveau": "bac5", "dimension": "code"}):
        # 5 when rendered: the content version, dimensions, the count of roles, one page of
        # roles, their salaries; then the cached list: the content version and dimensions only.
        with django_assert_max_num_queries(5):
            response = client.get(URL, params)
        with django_assert_max_num_queries(1):
            again = client.get(URL, params)
        assert len(role_links(response)) == min(count, CATALOGUE_PAGE_SIZE)
        assert role_links(again) == role_links(response)


def role_links(response) -> list[str]:
    return re.findall(r'class="role-card-title"><a href="([^"]+)"', response.text)


def test_a_long_catalogue_comes_in_pages_that_keep_the_filters(client):
    dimension = DimensionFactory(slug="code")
    roles = RoleFactory.create_batch(CATALOGUE_PAGE_SIZE + 5, education_level="bac5")
    for role in roles:
        RouteFactory(role=role, from_level="bac3")
        RoleWeightFactory(role=role, dimension=dimension, weight=5)
    reachable_from("bac8", profile={"code": 5})  # filtered out
    params = {"niveau": "bac5", "dimension": "code"}

    first = client.get(URL, params)
    second = client.get(URL, {**params, "page": 2})

    assert len(role_links(first)) == CATALOGUE_PAGE_SIZE
    assert len(role_links(second)) == 5
    assert not set(role_links(first)) & set(role_links(second))
    assert {r.get_absolute_url() for r in roles} == set(role_links(first)) | set(role_links(second))
    assert "29 métiers trouvés · page 1 sur 2" in first.text
    assert 'rel="next" href="?niveau=bac5&amp;dimension=code&amp;page=2"' in first.text
    assert 'rel="prev"' not in first.text
    assert 'rel="prev" href="?niveau=bac5&amp;dimension=code&amp;page=1"' in second.text
    assert 'rel="next"' not in second.text
    assert "Page 2 sur 2" in second.text


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("99", 2), ("0", 1), ("-3", 1), ("deux", 1), ("9" * 40, 2), ("²", 1), ("٢", 2), ("1.5", 1), (" 2 ", 2)],
)
def test_a_page_out_of_range_or_not_a_number_shows_the_nearest_page(client, asked, shown):
    RoleFactory.create_batch(CATALOGUE_PAGE_SIZE + 1)
    response = client.get(URL, {"page": asked})
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_a_short_catalogue_shows_no_pages(client):
    RoleFactory.create_batch(3)
    response = client.get(URL)
    assert 'class="pagination"' not in response.text
    assert len(role_links(response)) == 3


def test_htmx_gets_the_next_page_as_a_fragment(client):
    RoleFactory.create_batch(CATALOGUE_PAGE_SIZE + 2)
    response = client.get(URL, {"page": 2}, headers=HTMX)
    assert "<html" not in response.text
    assert len(role_links(response)) == 2
    assert 'hx-get="?page=1"' in response.text


# --- Salary figures ---------------------------------------------------------------------------


def salary(**kwargs) -> SalaryRange:
    defaults = {
        "min_amount": None,
        "max_amount": None,
        "period": "year",
        "currency": "EUR",
        "gross": True,
        "source_id": 1,
    }
    return SalaryRange(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (salary(min_amount=3750, max_amount=5840, period="month"), "3,750 – 5,840 € gross / month"),
        (salary(min_amount=120000), "120,000 € gross / year and more"),
        (salary(min_amount=120000, max_amount=120000, currency="USD", gross=False), "120,000 $ / year"),
        (salary(max_amount=50000, gross=False), "up to 50,000 € / year"),
        (salary(min_amount=35000, max_amount=45000, gross=False, period=""), "35,000 – 45,000 €"),
        (salary(min_amount=1000, max_amount=2000, currency="CHF", gross=False), "1,000 – 2,000 CHF / year"),
        (
            salary(min_amount=500, max_amount=900, currency="", gross=False, period="month"),
            "500 – 900 / month",
        ),
        (salary(), ""),
    ],
)
def test_salary_figures_read_naturally(figure, expected):
    with translation.override("en"):
        assert format_salary(figure) == expected


def test_salary_figures_use_french_thousand_separators_in_french():
    with translation.override("fr"):
        text = format_salary(salary(min_amount=3750, max_amount=5840, period="month"))
    assert text.startswith("3\xa0750 – 5\xa0840 €")


def test_the_first_salary_is_the_first_with_an_amount_and_a_source():
    figures = [
        salary(label="no figure"),
        salary(min_amount=1, label="no source", source_id=None),
        salary(min_amount=2, label="first"),
        salary(min_amount=3),
    ]
    assert first_salary(figures).label == "first"
    assert first_salary([salary()]) is None
    assert first_salary([salary(min_amount=1, source_id=None)]) is None
