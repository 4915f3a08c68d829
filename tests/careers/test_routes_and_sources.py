"""Training paths that lead somewhere real, and facts with their sources (the seeded content)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import EducationLevel, Role, RomeCode, Route, SalaryRange, TrainingStep
from careers.selectors import levels_reachable_from
from tests.seeds import SEEDED_ROLE_SLUGS as ROLE_SLUGS

pytestmark = pytest.mark.django_db

REFERENCED_KINDS = {TrainingStep.Kind.DIPLOMA, TrainingStep.Kind.CERTIFICATION, TrainingStep.Kind.VAE}


def test_every_role_has_three_routes_one_from_a_bac_pro_or_techno_and_one_for_adults(content):
    for role in Role.objects.prefetch_related("routes__steps"):
        routes = list(role.routes.all())
        assert len(routes) >= 3, role.slug
        audiences = {route.audience for route in routes}
        assert {Route.Audience.BAC_PRO_TECHNO, Route.Audience.ADULT} <= audiences, role.slug
        assert any(route.from_level == "cap-bacpro" for route in routes), role.slug
        for route in routes:
            assert route.steps.exists(), (role.slug, route.title)


def test_the_research_role_goes_through_the_doctorate(content):
    steps = TrainingStep.objects.filter(role__slug="chercheur-ia", to_level=EducationLevel.BAC8)
    assert steps.filter(title__startswith="Doctorat").exists()


def test_every_diploma_step_names_a_real_formation_with_a_public_reference(content):
    checked = 0
    for step in TrainingStep.objects.filter(kind__in=REFERENCED_KINDS):
        assert step.has_reference, (step.role.slug, step.title)
        step.full_clean()  # the same rule the admin applies
        checked += 1
    assert checked >= 40


def test_every_address_of_the_content_is_https(content):
    from careers.links import content_links

    addresses = [url for _, _, url in content_links()]
    assert len(addresses) > 100
    assert all(url.startswith("https://") for url in addresses)


def test_every_figure_and_code_has_its_source(content):
    for salary in SalaryRange.objects.select_related("source", "role"):
        if salary.min_amount is not None or salary.max_amount is not None:
            assert salary.source is not None, (salary.role.slug, salary.label)
    assert not RomeCode.objects.filter(source__isnull=True).exists()
    for role in Role.objects.all():
        assert not role.education_level or role.education_level_source_id, role.slug
        assert not role.employability or role.employability_source_id, role.slug
        assert role.rome_codes.exists(), role.slug
        assert role.sources.exists(), role.slug


def test_every_role_page_ends_with_its_sources_as_links(client, content):
    for slug in ROLE_SLUGS:
        html = client.get(reverse("careers:role_detail", kwargs={"slug": slug})).text
        sources = html[
            html.index('id="sources-title"') : html.index("</section>", html.index('id="sources-title"'))
        ]
        linked = re.findall(r'<a href="(https://[^"]+)" rel="noopener">', sources)
        assert linked, slug  # at least one source with a public address (the ROME, a public page…)
        # Every "(source)" mark on the page points to an entry of that list.
        for key in re.findall(r'href="#source-([\w-]+)"', html):
            assert f'id="source-{key}"' in sources, (slug, key)


def test_the_product_manager_card_shows_the_ai_figure_first(client, content):
    """The catalogue card shows the first salary: the seed's figure for an AI product manager, not
    the one for a beginner product manager in any field that followed it."""
    html = client.get(reverse("careers:catalogue")).text
    card = html[html.index('href="/metiers/product-manager-ia/"') :]
    card = card[: card.index("</li>")]
    assert "130\u00a0000" in card
    assert "Product manager IA en France" in card


@pytest.mark.parametrize("level", EducationLevel.values)
def test_the_catalogue_filter_finds_roles_from_every_diploma(client, content, level):
    response = client.get(reverse("careers:catalogue"), {"niveau": level})
    found = len(re.findall(r'class="role-card-title"><a href=', response.text))
    expected = Role.objects.filter(routes__from_level__in=levels_reachable_from(level)).distinct().count()
    assert found == expected > 0, level
    if level in ("none", "cap-bacpro", "bac"):
        assert found == len(ROLE_SLUGS)  # every role has a route from a bac pro and from a bac


def test_list_links_names_every_link_of_the_content(content):
    out = io.StringIO()
    call_command("list_links", stdout=out)
    lines = out.getvalue().splitlines()
    assert "https://www.francecompetences.fr/recherche/rncp/40792/" in out.getvalue()
    assert "https://candidat.francetravail.fr/metierscope/fiche-metier/M1802" in out.getvalue()
    assert all(" | https://" in line for line in lines[:-1])
    assert re.match(r"\d+ of \d+ links listed\.", lines[-1])
    unknown = io.StringIO()
    call_command("list_links", unknown=True, stdout=unknown)
    assert all(line.startswith("? ") for line in unknown.getvalue().splitlines()[:-1])


def test_every_figure_of_the_catalogue_names_its_source(client, content):
    html = client.get(reverse("careers:catalogue")).text
    facts = re.findall(r"<dt>(Salaire|Niveau habituel)</dt><dd>(.*?)</dd>", html, re.S)
    levels = Role.objects.exclude(education_level="").count()
    with_salaries = Role.objects.filter(salaries__min_amount__isnull=False).distinct().count()
    assert len(facts) == levels + with_salaries >= len(ROLE_SLUGS)
    for name, fact in facts:
        assert re.search(r'class="figure-source">(Chiffre de \d{4} · )?source\u00a0: ', fact), (name, fact)


def test_every_figure_of_a_comparison_names_its_source(client, content):
    slugs = sorted(ROLE_SLUGS)
    for start in range(0, len(slugs), 3):
        chosen = slugs[start : start + 3] if len(slugs[start : start + 3]) > 1 else slugs[-3:]
        html = client.get(reverse("careers:compare"), {"roles": chosen}).text
        for name in ("Niveau habituel", "Salaire"):
            row = html[html.index(f'<th scope="row">{name}</th>') :]
            row = row[: row.index("</tr>")]
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            assert len(cells) == len(chosen)
            for cell in cells:
                if "not-given" in cell:
                    continue
                items = re.findall(r"<li>(.*?)</li>", cell, re.S) or [cell]
                for item in items:
                    assert re.search(r'class="figure-source">(Chiffre de \d{4} · )?source\u00a0: ', item), (
                        chosen,
                        name,
                        item,
                    )


def test_the_researcher_card_says_its_figure_is_the_pay_during_the_thesis(client, content):
    html = client.get(reverse("careers:catalogue")).text
    card = html[html.index('href="/metiers/chercheur-ia/"') :]
    card = card[: card.index("</li>")]
    assert "Pendant la thèse" in card and "doctorant contractuel" in card
    assert "nos sources ne donnent pas le salaire d&#x27;un chercheur" in card
    assert "2026, 2026" not in card and card.count("2026") == 1
    assert 'href="https://www.legifrance.gouv.fr/' in card and ">Légifrance</a>" in card
