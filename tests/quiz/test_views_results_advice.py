"""The results page says what the measures support: bands, ties, a profile not marked yet, and
reasons that hold for the student who reads them."""

from __future__ import annotations

import re

import pytest

from quiz import scoring
from tests.advice import answers_where, finished_attempt_with, not_marked, preferred_answers, tied_at_top
from tests.factories import results_url
from tests.quiz.test_views_results import role_details

pytestmark = pytest.mark.django_db

BANDS = {"very_close": "Très proche", "close": "Proche", "explore": "À explorer"}


def page_of(client, attempt) -> str:
    response = client.get(results_url(attempt))
    assert response.status_code == 200
    return response.text


def test_a_clear_profile_gets_its_role_very_close_with_true_reasons(client, content):
    attempt = finished_attempt_with(preferred_answers(content, "data-scientist"))
    snapshot = attempt.result.snapshot
    first = snapshot["fits"][0]
    assert first["role"] == "data-scientist" and first["band"] == "very_close"
    assert not snapshot["low_confidence"]
    html = page_of(client, attempt)
    cards = html[html.index('<ol class="top-cards">') : html.index("</ol>", html.index("top-cards"))]
    assert cards.count('class="band band-') == 3
    assert '<span class="band band-very_close">Très proche</span>' in cards
    assert "/100" not in html  # no false precision
    assert "Ton profil est encore peu marqué" not in html
    # Each reason cited is a dimension the role really needs and the student is strong on.
    for reason in first["why"]:
        assert reason["expected"] >= scoring.NEED_WEIGHT / scoring.MAX_WEIGHT
        assert reason["student"] >= scoring.STRONG_FLOOR
        assert reason["student"] >= scoring.STRONG_RATIO * reason["expected"]


def test_every_band_shown_is_the_one_the_score_falls_in(client, content):
    attempt = finished_attempt_with(preferred_answers(content, "chief-ai-officer"))
    html = page_of(client, attempt)
    for fit in attempt.result.snapshot["fits"]:
        assert fit["band"] == scoring.band(fit["score"])
    ranking = html[html.index('<ol class="ranking-list">') :]
    bands = re.findall(r'class="band band-(\w+)"', ranking[: ranking.index("</ol>")])
    assert bands == [fit["band"] for fit in attempt.result.snapshot["fits"]]


def test_a_tie_at_the_top_is_said_as_a_tie(client, content):
    attempt = finished_attempt_with(answers_where(content, tied_at_top))
    first, second = attempt.result.snapshot["fits"][:2]
    assert second["tied_with_previous"]
    assert first["score"] - second["score"] <= scoring.CALIBRATION.tie
    html = page_of(client, attempt)
    assert "Tes deux premiers métiers sont à égalité" in html
    assert '<span class="tag">à égalité</span>' in html


def test_a_profile_no_clearer_than_random_answers_gets_the_low_confidence_state(client, content):
    attempt = finished_attempt_with(answers_where(content, not_marked))
    assert attempt.result.snapshot["low_confidence"]
    html = page_of(client, attempt)
    assert "Ton profil est encore peu marqué" in html
    # Concrete next steps: the catalogue, a comparison, a counsellor, later.
    assert 'href="/metiers/"' in html and "/metiers/comparer/?roles=" in html
    assert "Psy-EN" in html and "Refaire le quiz dans quelques semaines" in html
    assert "Ce que tes réponses montrent le plus" not in html


def test_the_profile_sentence_names_only_what_the_answers_show(client, content):
    attempt = finished_attempt_with(preferred_answers(content, "specialiste-ethique-ia"))
    snapshot = attempt.result.snapshot
    assert snapshot["strongest"]
    for slug in snapshot["strongest"]:
        assert snapshot["profile"][slug] >= scoring.STRONG_FLOOR
    names = {d["slug"]: d["name"] for d in snapshot["dimensions"]}
    html = page_of(client, attempt)
    sentence = re.search(r'<p class="lead profile-sentence">([^<]+)</p>', html).group(1)
    assert all(names[slug] in sentence for slug in snapshot["strongest"])


def test_an_explore_role_gets_what_it_asks_and_what_already_brings_closer_not_a_why(client, content):
    def third_to_explore(profile, ranking) -> bool:
        return scoring.band(ranking[2].score) == "explore" and scoring.band(ranking[0].score) != "explore"

    attempt = finished_attempt_with(answers_where(content, third_to_explore))
    third = attempt.result.snapshot["fits"][2]
    assert third["band"] == "explore"
    assert third["not_shown"]
    html = page_of(client, attempt)
    details = role_details(html, third["role"])
    assert "Ce que ce métier demande à un niveau que tes réponses ne montrent pas encore" in details
    assert "Pourquoi il te correspond" not in details  # a lead to explore is not a fit
    # Its real strengths (needed by the job, shown by the answers) are said as what brings closer.
    assert ("Ce qui t’en rapproche déjà" in details) == bool(third["why"])


def test_a_strong_point_the_job_asks_even_more_of_is_never_said_as_a_lack(client, content):
    """The profile sentence names the student's strongest dimensions; a role may still expect more
    of one of them. The page then says it is a strong point the job asks even more of, never
    that the answers do not show it (the outside test found both on one page)."""

    def standout_short_of_a_top_role(profile, ranking) -> bool:
        standouts = set(scoring.standouts(profile))
        return any(d.dimension in standouts for fit in ranking[:3] for d in [*fit.gaps, *fit.not_shown])

    attempt = finished_attempt_with(answers_where(content, standout_short_of_a_top_role))
    snapshot = attempt.result.snapshot
    names = {d["slug"]: d["name"] for d in snapshot["dimensions"]}
    html = page_of(client, attempt)
    said = 0
    for fit in snapshot["fits"][:3]:
        details = role_details(html, fit["role"])
        for reason in [*fit["gaps"], *fit["not_shown"]]:
            name = names[reason["dimension"]]
            if reason["dimension"] in snapshot["strongest"]:
                said += 1
                assert f"{name}\u00a0: déjà l’un de tes points forts" in details
                assert f"{name}\u00a0: le métier en demande plus" not in details
    assert said
