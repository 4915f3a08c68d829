from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from classes import services
from classes.models import ClassMembership
from quiz import services as quiz_services
from tests.classes.conftest import finish_in_class
from tests.factories import ClassSessionFactory, results_url, shared_url
from tests.quiz.test_views_question import answer_everything

pytestmark = pytest.mark.django_db


def share_url(membership: ClassMembership) -> str:
    return reverse("classes:share", kwargs={"public_id": membership.attempt.public_id})


def test_a_class_result_offers_to_share_it_with_the_class(small_quiz, class_session):
    client = Client()
    membership = finish_in_class(class_session, client)
    response = client.get(results_url(membership.attempt))
    assert "Partager avec ma classe" in response.text
    assert f'action="{share_url(membership)}"' in response.text
    assert 'name="pseudonym"' not in response.text  # the teacher did not allow pseudonyms


def test_the_read_only_link_of_a_class_result_has_no_class_box(small_quiz, class_session):
    membership = finish_in_class(class_session, Client())
    response = Client().get(shared_url(membership.attempt))
    assert response.status_code == 200
    assert "Partager avec ma classe" not in response.text and "class-share" not in response.text
    assert str(membership.attempt.public_id) not in response.text


def test_a_quiz_taken_alone_has_no_class_box(client, small_quiz):
    attempt = answer_everything(client)
    response = client.get(results_url(attempt))
    assert response.status_code == 200
    assert "Partager avec ma classe" not in response.text


def test_sharing_then_unsharing(small_quiz, class_session):
    client = Client()
    membership = finish_in_class(class_session, client)
    response = client.post(share_url(membership), {"action": "share", "pseudonym": "Zoé"})
    assert response.status_code == 302
    assert response["Location"].endswith("#class-share")
    membership.refresh_from_db()
    assert membership.shared and membership.pseudonym == ""  # pseudonyms not allowed here
    assert "Ne plus partager" in client.get(results_url(membership.attempt)).text
    client.post(share_url(membership), {"action": "unshare"})
    membership.refresh_from_db()
    assert not membership.shared


def test_a_pseudonym_is_kept_only_where_the_teacher_allows_it(small_quiz):
    session = ClassSessionFactory(allow_pseudonyms=True)
    client = Client()
    membership = finish_in_class(session, client)
    page = client.get(results_url(membership.attempt)).text
    assert 'name="pseudonym"' in page and "Seul·e ton enseignant·e verra ce nom" in page
    client.post(share_url(membership), {"action": "share", "pseudonym": "  Zoé  "})
    membership.refresh_from_db()
    assert membership.shared and membership.pseudonym == "Zoé"
    client.post(share_url(membership), {"action": "unshare"})
    membership.refresh_from_db()
    assert membership.pseudonym == ""  # forgotten with the share


def test_htmx_swaps_only_the_box(small_quiz, class_session):
    client = Client()
    membership = finish_in_class(class_session, client)
    response = client.post(share_url(membership), {"action": "share"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="class-share"' in response.text
    assert "Ne plus partager" in response.text


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "delete"},
        {"action": "share", "pseudonym": "x" * 31},
        {"action": "share", "pseudonym": "a\x00b"},
    ],
)
def test_a_tampered_share_form_is_a_400(small_quiz, data):
    session = ClassSessionFactory(allow_pseudonyms=True)
    client = Client()
    membership = finish_in_class(session, client)
    response = client.post(share_url(membership), data)
    assert response.status_code == 400
    membership.refresh_from_db()
    assert not membership.shared


def test_sharing_needs_a_finished_class_quiz(client, small_quiz):
    attempt = answer_everything(client)  # not in a class
    assert (
        client.post(
            reverse("classes:share", kwargs={"public_id": attempt.public_id}), {"action": "share"}
        ).status_code
        == 404
    )
    assert client.get(reverse("classes:share", kwargs={"public_id": attempt.public_id})).status_code == 405


def test_deleting_the_result_removes_it_from_the_class(small_quiz, class_session):
    client = Client()
    membership = finish_in_class(class_session, client)
    quiz_services.attempt_delete(attempt=membership.attempt)
    assert not ClassMembership.objects.exists()


def test_sharing_a_membership_deleted_meanwhile_changes_nothing(small_quiz, class_session):
    """The teacher deletes the session between the page's read and the share: no row to update,
    the service says so instead of raising (the view answers 404)."""
    membership = finish_in_class(class_session)
    stale = ClassMembership.objects.select_related("session").get(pk=membership.pk)
    ClassMembership.objects.filter(pk=membership.pk).delete()
    assert services.result_share(membership=stale, pseudonym="Zoé") is False
    assert services.result_unshare(membership=stale) is False
    assert not ClassMembership.objects.exists()
