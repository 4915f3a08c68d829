from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, settings):
    settings.RESULT_RETENTION_DAYS = 365
    settings.ATTEMPT_IDLE_DAYS = 7
    response = client.get(reverse("quiz:privacy"))
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.text
    assert "365" in response.text


def test_the_privacy_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("quiz:privacy")})
    response = client.get(reverse("quiz:privacy"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Cap IA needs no account" in response.text
    assert "kept 365 days" in response.text
    assert "after 7 days without activity" in response.text
    assert "no third-party scripts" in response.text


def test_the_privacy_page_says_what_each_results_link_allows(client):
    html = client.get(reverse("quiz:privacy")).text
    assert "Tes résultats ont deux liens secrets" in html
    assert "jamais les modifier ni les supprimer" in html
    assert "les deux liens ne marchent plus" in html
    client.post(reverse("set_language"), {"language": "en", "next": reverse("quiz:privacy")})
    html = client.get(reverse("quiz:privacy")).text
    assert "Your results have two secret links" in html
    assert "never change or delete them" in html


def test_the_footer_and_the_landing_page_link_to_it(client, small_quiz):
    response = client.get(reverse("quiz:landing"))
    assert response.text.count(f'href="{reverse("quiz:privacy")}"') == 2
