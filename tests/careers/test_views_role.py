"""One role's page: GET /metiers/<slug>/."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import (
    CareerMoveFactory,
    DimensionFactory,
    RoleFactory,
    RomeCodeFactory,
    RouteFactory,
    SalaryRangeFactory,
    SourceFactory,
    TrainingStepFactory,
)

pytestmark = pytest.mark.django_db

NBSP = "\xa0"  # French thousands separator


def url(slug: str) -> str:
    return reverse("careers:role_detail", kwargs={"slug": slug})


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def h2s(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", html)


def test_it_shows_the_seed_facts_of_the_controleur_des_performances_ia(client, content):
    html = client.get(url("controleur-performances-ia")).content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Contrôleur ou contrôleuse des performances IA" in html
    assert "M1802" in html and "M2Z" in html
    assert f"3{NBSP}750" in html and f"5{NBSP}840" in html
    assert f"45{NBSP}000" in html and f"70{NBSP}000" in html
    assert "Fiche métier : contrôleur des performances IA</cite>, Guardia Cybersecurity School (2024)" in html
    assert "Chiffre de 2023" in html
    assert "Scientifique" in html  # recommended bac
    assert "Très bonne" in html  # employability
    assert "Porsche" in html and "Santé" in html
    assert "Chef de projet IA" in html


def test_it_shows_the_three_chief_ai_officer_salary_bands(english, content):
    html = english.get(url("chief-ai-officer")).content.decode()
    assert "60,000 – 80,000 € gross / year" in html
    assert "80,000 – 120,000 € gross / year" in html
    assert "120,000 € gross / year and more" in html
    assert "Entreprise de taille moyenne" in html
    assert "DSI ou CTO" in html
    assert "Pros and cons" in html


def test_it_shows_the_chief_ai_officer_bands_in_french_style(client, content):
    html = client.get(url("chief-ai-officer")).content.decode()
    for figure in (f"60{NBSP}000 – 80{NBSP}000 €", f"80{NBSP}000 – 120{NBSP}000 €", f"120{NBSP}000 €"):
        assert figure in html


def test_every_seeded_role_page_renders(client, content):
    for slug in ("product-manager-ia", "product-owner-ia", "chercheur-ia", "specialiste-ethique-ia"):
        assert client.get(url(slug)).status_code == 200


def test_it_shows_every_fact_it_is_given(english):
    article = SourceFactory(
        key="un-article", title="Un article", url="https://www.onisep.fr/article", year=2024
    )
    seed = SourceFactory(key="seed", title="Un article fourni", url="", seed_file="000.txt")
    role = RoleFactory(
        title="Data scientist",
        other_titles="Scientifique des données\nData analyst avancé",
        description="Un long texte.",
        skills="Python",
        soft_skills="Curiosité",
        education="Un master.",
        education_level="bac5",
        education_level_source=article,
        recommended_bac="Général",
        employability="Bonne",
        mobility="Moyenne",
        employability_source=article,
        fap_code="M2Z",
        fap_label="Informatique",
        sectors="Banque",
        employers="INSEE",
        pros="Varié",
        cons="Exigeant",
    )
    role.sources.set([seed])
    RomeCodeFactory(role=role, code="M1405", label="Data scientist", source=article)
    html = english.get(url(role.slug)).content.decode()
    for text in (
        "Scientifique des données, Data analyst avancé",
        "Un long texte.",
        "Python",
        "Curiosité",
        "Un master.",
        "Bac+5 (master, engineering school)",
        "Général",
        "Bonne",
        "Moyenne",
        "M1405 · Data scientist",
        "M2Z · Informatique",
        "Banque",
        "INSEE",
        "Varié",
        "Exigeant",
        '<a href="https://candidat.francetravail.fr/metierscope/fiche-metier/M1405" rel="noopener">',
        "https://labonnealternance.apprentissage.beta.gouv.fr/recherche?romes=M1405",
        '<a href="https://www.onisep.fr/article" rel="noopener">Un article</a>',  # in the sources
        "<cite>Un article fourni</cite>",  # a seed article has no address
        'href="#source-un-article"',  # each fact points to its source
    ):
        assert text in html, text


def test_it_hides_the_sections_that_have_no_content(english):
    role = RoleFactory(missions="")
    html = english.get(url(role.slug)).content.decode()
    assert h2s(html) == []
    for heading in ("Missions", "Salary", "Studies", "Pros and cons", "Training path", "Profile", "Source:"):
        assert heading not in html, heading


def test_it_shows_a_section_as_soon_as_it_has_content(english):
    role = RoleFactory(pros="Varié")
    html = english.get(url(role.slug)).content.decode()
    assert "Pros and cons" in h2s(html)
    assert "<h3>Pros</h3>" in html
    assert "<h3>Cons</h3>" not in html


def test_it_shows_every_salary_with_its_label_source_and_year(english):
    role = RoleFactory()
    apec = SourceFactory(
        key="apec", title="Les salaires des cadres", publisher="Apec", url="https://www.apec.fr/x"
    )
    SalaryRangeFactory(role=role, label="Junior", min_amount=40000, max_amount=50000, source=apec, year=2024)
    SalaryRangeFactory(role=role, label="Senior", min_amount=60000, max_amount=None, gross=None, source=apec)
    html = english.get(url(role.slug)).content.decode()
    assert "Junior" in html and "40,000 – 50,000 € gross / year" in html
    assert "Figure from 2024" in html and 'href="#source-apec"' in html
    assert "Senior" in html and "60,000 € / year and more" in html  # gross or net: not said
    sources = html[html.index('id="sources-title"') :]
    assert (
        '<a href="https://www.apec.fr/x" rel="noopener">Les salaires des cadres</a>, Apec (2024)' in sources
    )


def test_a_career_move_links_to_its_target_role(client):
    target = RoleFactory(title="Chef de projet IA")
    move = CareerMoveFactory(target=target, label="")
    html = client.get(url(move.role.slug)).content.decode()
    assert f'<a href="{target.get_absolute_url()}">Chef de projet IA</a>' in html


def test_a_career_move_without_target_is_plain_text(client):
    move = CareerMoveFactory(label="Consultant en IA")
    html = client.get(url(move.role.slug)).content.decode()
    assert "<li>Consultant en IA</li>" in html


def test_a_career_move_to_an_unpublished_role_is_not_a_link(client):
    target = RoleFactory(title="Métier retiré", is_published=False)
    move = CareerMoveFactory(target=target, label="")
    html = client.get(url(move.role.slug)).content.decode()
    assert "<li>Métier retiré</li>" in html
    assert target.get_absolute_url() not in html


def test_it_shows_every_route_in_order_with_its_steps_and_links(english):
    role = RoleFactory()
    route = RouteFactory(role=role, order=0, title="Du bac général : licence puis master")
    RouteFactory(role=role, order=1, title="Adulte en reconversion", audience="adult", from_level="bac")
    TrainingStepFactory(
        role=role, route=route, order=2, title="Master IA", from_level="bac3", to_level="bac5", rncp_level=7
    )
    TrainingStepFactory(
        role=role,
        route=route,
        order=1,
        title="Licence informatique",
        from_level="bac",
        to_level="bac3",
        duration="3 ans",
        apprenticeship="possible",
        description="Les bases.",
        parcoursup_query="Licence informatique",
        rncp_number="35475",
        onisep_url="https://www.onisep.fr/licence",
    )
    TrainingStepFactory(role=role, order=3, title="Projet perso", kind="project")
    html = english.get(url(role.slug)).content.decode()
    assert html.index("Du bac général") < html.index("Licence informatique") < html.index("Master IA")
    assert html.index("Master IA") < html.index("Adulte en reconversion") < html.index("Projet perso")
    assert '<span class="tag">Diploma</span>' in html and '<span class="tag">Project</span>' in html
    assert "from Baccalauréat to Bac+3 (licence, BUT, bachelor)" in html
    assert "RNCP level 7" in html and "apprenticeship possible" in html
    assert "3 ans" in html and "Les bases." in html
    # Links built from the codes.
    assert 'href="https://dossier.parcoursup.fr/Candidat/carte?search=Licence%20informatique"' in html
    assert 'href="https://www.francecompetences.fr/recherche/rncp/35475/"' in html
    assert 'href="https://www.onisep.fr/licence"' in html


def test_its_chart_shows_the_role_profile_heaviest_first(client):
    role = RoleFactory(profile={"ethique": 2, "code": 5, "robots": 0})
    response = client.get(url(role.slug))
    chart = response.context["chart"]
    assert [row.key for row in chart.rows] == ["code", "ethique", "robots"]
    assert [row.bars[0].display for row in chart.rows] == [5, 2, 0]
    assert chart.legend[0].css_class == "series-role"
    html = response.content.decode()
    assert 'role="img"' in html and 'class="chart-bar series-role"' in html


def test_its_chart_explains_the_scale(english):
    role = RoleFactory(profile={"code": 5})
    assert (
        "from 0 (not part of the job) to 5 (the core of the job)"
        in english.get(url(role.slug)).content.decode()
    )


def test_it_links_to_the_comparison_with_the_role_chosen(client):
    role = RoleFactory(slug="data-scientist")
    html = client.get(url(role.slug)).content.decode()
    assert f'href="{reverse("careers:compare")}?roles=data-scientist"' in html


def test_it_says_role_content_is_in_french_in_the_english_interface(english):
    role = RoleFactory()
    assert "Role descriptions and questions are in French for now." in english.get(url(role.slug)).text


def test_it_does_not_say_so_in_french(client):
    role = RoleFactory()
    assert "content-language-note" not in client.get(url(role.slug)).text


def test_an_unknown_role_is_not_found(client):
    assert client.get(url("inconnu")).status_code == 404


def test_an_unpublished_role_is_not_found(client):
    role = RoleFactory(is_published=False)
    assert client.get(url(role.slug)).status_code == 404


def test_it_refuses_post(client):
    role = RoleFactory()
    assert client.post(url(role.slug)).status_code == 405


def test_its_queries_do_not_grow_with_its_facts(client, django_assert_max_num_queries):
    role = RoleFactory(profile={f"d{n}": n % 6 for n in range(12)})
    role.sources.set(SourceFactory.create_batch(3))
    for n in range(5):
        SalaryRangeFactory(role=role)
        CareerMoveFactory(role=role, target=RoleFactory())
        RomeCodeFactory(role=role, code=f"M140{n}")
        route = RouteFactory(role=role)
        TrainingStepFactory(role=role, route=route, dimensions=[DimensionFactory(slug=f"d{n}")])
        TrainingStepFactory(role=role, kind="project", source=SourceFactory())
    # 10 when rendered: the content version, the role with its facts' sources, then its profile,
    # salaries, career moves, ROME codes, routes, steps, their dimensions, the role's sources;
    # then its cached body: the content version and the role.
    with django_assert_max_num_queries(10):
        first = client.get(url(role.slug))
    with django_assert_max_num_queries(2):
        again = client.get(url(role.slug))
    assert first.status_code == again.status_code == 200
    assert again.text.count("<li>") == first.text.count("<li>") > 10
