from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from classes.models import ClassMembership, ClassSession
from quiz.models import Choice
from tests.classes.conftest import PASSWORD, finish_in_class
from tests.factories import ClassSessionFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def session_url(session: ClassSession, name: str = "session", **kwargs) -> str:
    return reverse(f"classes:{name}", kwargs={"pk": session.pk, **kwargs})


def test_a_teacher_signs_in_and_lands_on_their_sessions(teacher):
    client = Client()
    response = client.post(reverse("classes:login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("classes:dashboard")
    assert client.get(reverse("classes:dashboard")).status_code == 200


def test_the_teacher_login_has_the_admin_lockout(teacher, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("classes:login"), {"username": teacher.username, "password": "wrong"})
    response = client.post(reverse("classes:login"), {"username": teacher.username, "password": PASSWORD})
    assert response.status_code == 429


def test_a_visitor_is_sent_to_sign_in(client, class_session):
    for url in (reverse("classes:dashboard"), session_url(class_session), session_url(class_session, "qr")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("classes:login"))


def test_an_htmx_refresh_after_signing_out_reloads_to_the_login(client, class_session):
    response = client.get(session_url(class_session), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("classes:login")


def test_a_user_who_is_not_a_teacher_is_refused(client, class_session):
    staff = User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("classes:dashboard")).status_code == 403
    assert client.get(session_url(class_session)).status_code == 403


def test_a_teacher_opens_a_session_and_gets_a_code_and_a_qr(teacher_client, teacher):
    response = teacher_client.post(
        reverse("classes:dashboard"), {"name": "2nde B — 12 mars", "days": 14, "allow_pseudonyms": "on"}
    )
    session = ClassSession.objects.get()
    assert response["Location"] == session_url(session)
    assert session.owner == teacher and session.allow_pseudonyms
    assert (session.expires_at - session.created_at).days == 14
    page = teacher_client.get(session_url(session)).text
    assert session.display_code in page
    assert session_url(session, "qr") in page
    qr = teacher_client.get(session_url(session, "qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


@pytest.mark.parametrize(
    "data", [{}, {"name": "x", "days": 0}, {"name": "x", "days": 1000}, {"name": "", "days": 3}]
)
def test_a_bad_session_form_is_a_400(teacher_client, data):
    assert teacher_client.post(reverse("classes:dashboard"), data).status_code == 400
    assert not ClassSession.objects.exists()


def test_a_teacher_sees_only_their_own_sessions(teacher_client, class_session, small_quiz):
    other = ClassSessionFactory(name="La classe d'un collègue")
    membership = finish_in_class(other)
    membership.shared = True
    membership.save()
    assert "La classe d'un collègue" not in teacher_client.get(reverse("classes:dashboard")).text
    assert class_session.name in teacher_client.get(reverse("classes:dashboard")).text
    for name, kwargs, method in [
        ("session", {}, "get"),
        ("summary", {}, "get"),
        ("qr", {}, "get"),
        ("delete", {}, "get"),
        ("delete", {}, "post"),
        ("close", {}, "post"),
        ("shared_result", {"number": membership.number}, "get"),
    ]:
        response = getattr(teacher_client, method)(
            session_url(other, name, **kwargs), {"confirm": "True"} if method == "post" else None
        )
        assert response.status_code == 404, name
    other.refresh_from_db()
    assert other.closed_at is None


def test_closing_stops_joining(teacher_client, class_session, small_quiz):
    response = teacher_client.post(session_url(class_session, "close"), {"confirm": "True"})
    assert response.status_code == 302
    class_session.refresh_from_db()
    assert not class_session.is_open
    assert Client().post(reverse("classes:join"), {"code": class_session.code}).status_code == 404


def test_deleting_a_session_keeps_the_students_results(teacher_client, class_session, small_quiz):
    membership = finish_in_class(class_session)
    assert teacher_client.get(session_url(class_session, "delete")).status_code == 200
    assert teacher_client.post(session_url(class_session, "delete"), {}).status_code == 400
    response = teacher_client.post(session_url(class_session, "delete"), {"confirm": "True"})
    assert response["Location"] == reverse("classes:dashboard")
    assert not ClassSession.objects.exists() and not ClassMembership.objects.exists()
    membership.attempt.refresh_from_db()
    assert membership.attempt.is_finished


def test_the_page_counts_and_lists_only_shared_results(teacher_client, class_session, small_quiz):
    shared = finish_in_class(class_session)
    private = finish_in_class(class_session)
    Client().post(reverse("classes:join"), {"code": class_session.code})  # joined, answering
    Client().post(
        reverse("classes:share", kwargs={"public_id": shared.attempt.public_id}), {"action": "share"}
    )
    page = teacher_client.get(session_url(class_session)).text
    assert 'data-count="joined">3<' in page
    assert 'data-count="answering">1<' in page
    assert 'data-count="finished">2<' in page
    assert session_url(class_session, "shared_result", number=shared.number) in page
    assert session_url(class_session, "shared_result", number=private.number) not in page
    assert (
        teacher_client.get(session_url(class_session, "shared_result", number=private.number)).status_code
        == 404
    )
    result = teacher_client.get(session_url(class_session, "shared_result", number=shared.number))
    assert result.status_code == 200
    assert "Développeur IA" in result.text
    # The chart names the student the way the page does, never "you" (the teacher reads it).
    assert f"Profil de Élève {shared.number}" in result.text and "Toi" not in result.text


def test_a_student_s_answers_never_reach_the_teacher(teacher_client, class_session, small_quiz):
    membership = finish_in_class(class_session)
    Client().post(
        reverse("classes:share", kwargs={"public_id": membership.attempt.public_id}), {"action": "share"}
    )
    answered = Choice.objects.filter(answers__attempt=membership.attempt)
    assert answered.exists()
    pages = [
        teacher_client.get(session_url(class_session)).text,
        teacher_client.get(session_url(class_session, "summary")).text,
        teacher_client.get(session_url(class_session, "shared_result", number=membership.number)).text,
    ]
    assert str(membership.attempt.public_id) not in "".join(pages)  # nor the student's secret link
    # What the teacher reads: the pages' text, not their attributes (a CSP nonce is random letters
    # and may hold a short answer such as "bac").
    texts = [re.sub(r"<[^>]+>", " ", page) for page in pages]
    for choice in answered:
        for text in texts:
            assert not re.search(rf"\b{re.escape(choice.text)}\b", text), choice.text
            assert choice.question.text not in text


def test_htmx_refresh_gets_only_the_picture(teacher_client, class_session):
    response = teacher_client.get(session_url(class_session), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="class-picture"' in response.text and 'hx-trigger="every 5s"' in response.text


def test_the_summary_is_a_printable_page(teacher_client, class_session, small_quiz, settings):
    settings.CLASS_PICTURE_MIN_FINISHED = 1
    finish_in_class(class_session)
    page = teacher_client.get(session_url(class_session, "summary")).text
    assert "class-summary" in page and "data-print" in page and "<svg" in page


def test_a_teacher_changes_their_password(teacher_client, teacher):
    response = teacher_client.post(
        reverse("classes:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "encore-plus-solide-42",
            "new_password2": "encore-plus-solide-42",
        },
    )
    assert response["Location"] == reverse("classes:password_change_done")
    teacher.refresh_from_db()
    assert teacher.check_password("encore-plus-solide-42")


def test_a_teacher_cannot_open_the_admin(teacher_client):
    from django.conf import settings

    response = teacher_client.get("/" + settings.ADMIN_URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_create_teacher_accounts_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:classes_teacher_add"),
        {
            "username": "mme-martin",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    user = User.objects.get(username="mme-martin")
    assert user.groups.filter(name="Enseignants").exists()
    assert not user.is_staff
    listing = admin_client.get(reverse("admin:classes_teacher_changelist")).text
    assert "mme-martin" in listing
    assert TeacherFactory  # the factory makes the same kind of account
