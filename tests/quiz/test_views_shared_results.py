"""The read-only page of shared results (``/resultats/partage/<share_id>/``), and what the owner's
page hands out to share: the read-only link, never the owner's own."""

from __future__ import annotations

import html as htmllib
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.qr import qr_svg_document
from quiz import services
from quiz.lifecycle import attempts_purge
from quiz.models import Attempt, Result
from tests.factories import AttemptFactory, RoleFactory, results_url, shared_url
from tests.quiz.test_views_question import answer_everything
from tests.quiz.test_views_results import main_content

pytestmark = pytest.mark.django_db


def owner_secrets(attempt: Attempt) -> list[str]:
    """Every way the owner's id could show: as written, without dashes, in capitals."""
    return [str(attempt.public_id), attempt.public_id.hex, str(attempt.public_id).upper()]


def section(html: str, start: str) -> str:
    """From the tag that opens with ``start`` to its section's end."""
    begin = html.index(start)
    return html[begin : html.index("</section>", begin)]


def test_the_shared_page_shows_the_results(client, small_quiz):
    attempt = answer_everything(client)
    response = Client().get(shared_url(attempt))  # someone else, with no cookie
    assert response.status_code == 200
    text = response.text
    assert text.index("Développeur IA") < text.index("Roboticien")
    assert "Licence informatique" in text  # the training path
    assert "<svg" in text and 'role="img"' in text  # the profile picture
    # The results themselves are the owner's, to the letter.
    owner = client.get(results_url(attempt)).text
    for start in ('<section class="top-roles"', '<section class="role-details-list"'):
        assert section(text, start) == section(owner, start)


def test_the_shared_page_says_whose_results_they_are_and_offers_the_quiz(client, small_quiz):
    html = htmllib.unescape(Client().get(shared_url(answer_everything(client))).text)
    assert "<title>Résultats partagés · Cap IA</title>" in html
    assert "Quelqu'un a partagé ses résultats Cap IA avec toi" in html
    landing = reverse("quiz:landing")
    assert html.count(f'<a class="button" href="{landing}">Faire le quiz moi aussi</a>') == 2


def test_the_shared_page_changes_nothing(client, small_quiz):
    attempt = answer_everything(client)
    html = Client().get(shared_url(attempt)).text
    assert "/supprimer/" not in html and "Supprimer mes résultats" not in html
    assert "/modifier/" not in html and "Modifier mes réponses" not in html
    assert "class-share" not in html and "/classe/" not in html
    assert "Refaire le quiz" not in html
    # The one form is the language switch.
    assert re.findall(r'<form [^>]*action="([^"]*)"', html) == [reverse("set_language")]


def test_the_shared_page_never_names_the_owner_link(client, small_quiz):
    attempt = answer_everything(client)
    response = Client().get(shared_url(attempt))
    page = response.content.decode() + str(response.headers)
    assert [secret for secret in owner_secrets(attempt) if secret.lower() in page.lower()] == []
    # What it shares (the link to copy, the QR code) is its own read-only link.
    link = "http://testserver" + shared_url(attempt)
    assert f'id="share-url" class="share-url" type="text" value="{link}"' in page
    assert "data-share=" not in page and 'id="own-url"' not in page
    qr = reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id})
    assert f'<img class="qr-code" src="{qr}"' in page


def test_the_owner_page_shares_the_read_only_link(client, small_quiz):
    attempt = answer_everything(client)
    html = client.get(results_url(attempt)).text
    link = "http://testserver" + shared_url(attempt)
    assert f'data-share="{link}"' in html  # the phone's share sheet
    assert f'id="share-url" class="share-url" type="text" value="{link}"' in html  # the link to copy
    qr = reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id})
    assert f'<img class="qr-code" src="{qr}"' in html
    # The owner's own link is there to keep, said as such, never offered to share.
    own = "http://testserver" + results_url(attempt)
    assert f'id="own-url" class="share-url" type="text" value="{own}"' in html
    assert f'data-share="{own}"' not in html
    text = htmllib.unescape(html)
    assert "Qui ouvre ce lien voit tes résultats, sans pouvoir les modifier ni les supprimer" in text
    assert "Ne la partage pas" in text
    assert "seules les personnes à qui tu le donnes" not in text


def test_the_owner_page_says_it_in_english(client, small_quiz):
    attempt = answer_everything(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = htmllib.unescape(client.get(results_url(attempt)).text)
    assert "Whoever opens this link sees your results, but cannot change or delete them:" in html
    assert "Your own link" in html
    shared = htmllib.unescape(client.get(shared_url(attempt)).text)
    assert "Someone shared their Cap IA results with you" in shared
    assert "Take the quiz myself" in shared


def test_the_shared_page_is_private_and_never_stored(client, small_quiz):
    response = Client().get(shared_url(answer_everything(client)))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private", "max-age=0"} <= cache_control
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_the_shared_page_is_read_only(client, small_quiz):
    attempt = answer_everything(client)
    assert Client().post(shared_url(attempt)).status_code == 405
    assert Client().head(shared_url(attempt)).status_code == 200


def test_an_unknown_share_id_is_a_404(client, small_quiz):
    assert client.get(reverse("quiz:shared", kwargs={"share_id": uuid.uuid4()})).status_code == 404
    assert client.get("/resultats/partage/not-a-uuid/").status_code == 404
    unknown_qr = reverse("quiz:shared_qr", kwargs={"share_id": uuid.uuid4()})
    assert client.get(unknown_qr).status_code == 404


def test_an_unfinished_attempt_has_no_shared_page(client, small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz)
    assert client.get(shared_url(attempt)).status_code == 404


def test_the_two_ids_do_not_stand_in_for_each_other(client, small_quiz):
    attempt = answer_everything(client)
    assert client.get(reverse("quiz:shared", kwargs={"share_id": attempt.public_id})).status_code == 404
    with_share_id = {"public_id": attempt.share_id}
    assert client.get(reverse("quiz:results", kwargs=with_share_id)).status_code == 404
    assert client.get(reverse("quiz:delete", kwargs=with_share_id)).status_code == 404
    assert client.post(reverse("quiz:delete", kwargs=with_share_id), {"confirm": "yes"}).status_code == 404
    assert client.post(reverse("quiz:change_answers", kwargs=with_share_id)).status_code == 404
    assert Attempt.objects.count() == 1 and Result.objects.count() == 1


def test_deleting_the_results_takes_the_shared_page_down(client, small_quiz):
    attempt = answer_everything(client)
    assert Client().get(shared_url(attempt)).status_code == 200
    client.post(reverse("quiz:delete", kwargs={"public_id": attempt.public_id}), {"confirm": "yes"})
    assert Client().get(shared_url(attempt)).status_code == 404
    qr = reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id})
    assert Client().get(qr).status_code == 404


def test_the_purge_takes_the_shared_page_down(client, small_quiz, settings):
    attempt = answer_everything(client)
    settings.RESULT_RETENTION_DAYS = 0
    assert attempts_purge().finished == 1
    assert client.get(shared_url(attempt)).status_code == 404


def test_a_delete_by_the_service_takes_the_shared_page_down(client, small_quiz):
    attempt = answer_everything(client)
    services.attempt_delete(attempt=attempt)
    assert client.get(shared_url(attempt)).status_code == 404


def test_the_qr_code_holds_the_read_only_link(client, small_quiz):
    attempt = answer_everything(client)
    response = Client().get(reverse("quiz:shared_qr", kwargs={"share_id": attempt.share_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "private" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith("<?xml") and '<svg xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<path" in svg and "style=" not in svg
    # The code holds the result's read-only absolute link, nothing else (never the owner's).
    assert response.content == qr_svg_document("http://testserver" + shared_url(attempt))
    assert response.content != qr_svg_document("http://testserver" + results_url(attempt))


def test_the_shared_page_keeps_its_content_after_profiles_change(client, small_quiz):
    attempt = answer_everything(client)
    before = client.get(shared_url(attempt)).text
    RoleFactory(profile={"code": 5, "robots": 5})
    assert main_content(client.get(shared_url(attempt)).text) == main_content(before)


@pytest.mark.parametrize("extra_roles", [0, 200])
def test_the_shared_page_takes_constant_queries(
    client, small_quiz, extra_roles, django_assert_max_num_queries
):
    for i in range(extra_roles):
        RoleFactory(profile={"code": i % 6, "robots": (i * 5) % 6})
    attempt = answer_everything(client)
    with django_assert_max_num_queries(4):
        response = Client().get(shared_url(attempt))
    assert response.text.count('class="ranking-list"') == 1
