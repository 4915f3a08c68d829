"""The addresses built from codes, and the forms of the addresses typed by hand (careers.links).

Nothing is fetched: the formats are those public uses of the sites confirm (see careers.links).
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from careers.links import content_links, legifrance_problem, malformed, parcoursup_search
from careers.models import Source, TrainingStep

PARCOURSUP = "https://dossier.parcoursup.fr/Candidat/carte?search="


def test_a_parcoursup_search_is_the_map_of_formations_with_the_words():
    assert (
        parcoursup_search("BTS Services informatiques aux organisations")
        == PARCOURSUP + "BTS%20Services%20informatiques%20aux%20organisations"
    )


def test_a_parcoursup_search_encodes_accents_and_apostrophes():
    assert parcoursup_search("Licence Mathématiques") == PARCOURSUP + "Licence%20Math%C3%A9matiques"
    assert parcoursup_search("Diplôme d'ingénieur") == PARCOURSUP + "Dipl%C3%B4me%20d%27ing%C3%A9nieur"


@pytest.mark.parametrize(
    "url",
    [
        # The rate of a doctoral contract: article 1 of the arrêté of 29 August 2016 as Légifrance
        # shows it (the content's source).
        "https://www.legifrance.gouv.fr/loda/id/LEGIARTI000046825217",
        "https://www.legifrance.gouv.fr/loda/id/LEGIARTI000045199115/2022-02-23",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000037388867/",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051217764/",
        "https://www.legifrance.gouv.fr/codes/id/LEGIARTI000045212099/2022-02-23",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000000001",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000001",
        "https://www.legifrance.gouv.fr/jorf/article_jo/JORFARTI000033076474",
        "https://www.legifrance.gouv.fr/",
        "https://www.onisep.fr/loda/id/NOTHING",  # another site: not checked
    ],
)
def test_a_legifrance_address_in_a_form_it_takes_passes(url):
    assert not legifrance_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.legifrance.gouv.fr/jorf/article_jo/LEGIARTI000046825217",  # a LEGI article in the JO
        "https://www.legifrance.gouv.fr/codes/article_lc/JORFTEXT000000000001",  # a text as an article
        "https://www.legifrance.gouv.fr/jorf/id/LEGIARTI000046825217",
        "https://www.legifrance.gouv.fr/loda/id/LEGIARTI46825217",  # a cut identifier
        "https://www.legifrance.gouv.fr/loda/nowhere/LEGIARTI000046825217",
    ],
)
def test_a_legifrance_address_in_a_form_it_does_not_take_is_reported(url):
    assert legifrance_problem(url)
    assert malformed([url, "https://www.onisep.fr/x"]) == [url]


@pytest.mark.django_db
def test_every_address_of_the_seeded_content_has_a_form_its_site_takes(content):
    addresses = [url for _, _, url in content_links()]
    assert not malformed(addresses)
    legifrance = Source.objects.get(key="legifrance-contrat-doctoral")
    assert legifrance.url == "https://www.legifrance.gouv.fr/loda/id/LEGIARTI000046825217"
    assert legifrance.title.startswith("Arrêté du 29 août 2016")  # the text the article belongs to


@pytest.mark.django_db
def test_every_parcoursup_search_of_the_seeded_content_is_one_address(content):
    steps = TrainingStep.objects.exclude(parcoursup_query="")
    assert steps.count() >= 10
    for step in steps:
        link = next(link.url for link in step.links if link.url.startswith(PARCOURSUP))
        assert " " not in link and link.removeprefix(PARCOURSUP), step.title


@pytest.mark.django_db
def test_the_admin_warns_about_an_address_in_a_form_its_site_does_not_take(editor_client):
    url = "https://www.legifrance.gouv.fr/jorf/article_jo/LEGIARTI000046825217"
    response = editor_client.post(
        reverse("admin:careers_source_add"),
        {"key": "arrete", "title": "Un arrêté", "publisher": "", "url": url, "year": "", "seed_file": ""},
        follow=True,
    )
    assert Source.objects.filter(url=url).exists()
    warnings = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert url in warnings
