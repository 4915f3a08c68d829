"""A result's secret links never leak through the admin.

A result's public id (``/resultats/<uuid>/``) is a capability: whoever knows it reads, changes
and deletes the result. Content editors and staff without the permission to view results walk
every admin page they can reach (index, app pages, every change list, add, change, delete
and history page, the "delete selected" confirmation, the "view on site" shortcut of every
object of every model) and must find no result link, no public id and no share id, in any body
or ``Location`` header. The share id (``/resultats/partage/<uuid>/``, read only) is shown to
nobody, not even a superuser: the admin has no use for it.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from quiz import selectors, services
from quiz.models import Answer, AnswerChoice, Attempt, Question, Questionnaire, Result
from tests.quiz.test_admin_access import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editors_group")]
PASSWORD = "un-mot-de-passe-solide"


def finish(questionnaire: Questionnaire) -> Attempt:
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in selectors.questions_with_effects(questionnaire.pk):
        services.answer_record(attempt=attempt, question=question, choices=list(question.choices.all())[:1])
    services.attempt_finish(attempt=attempt)
    return attempt


@pytest.fixture
def students(small_quiz) -> list[Attempt]:
    """Two finished quizzes and one in progress, with admin history on each of them."""
    attempts = [finish(small_quiz), finish(small_quiz)]
    unfinished = services.attempt_start(questionnaire=small_quiz, language="fr")
    first = selectors.questions_with_effects(small_quiz.pk)[0]
    services.answer_record(attempt=unfinished, question=first, choices=[first.choices.first()])
    attempts.append(unfinished)
    boss = User.objects.create_superuser("patronne", password=PASSWORD)
    LogEntry.objects.log_actions(boss.pk, [*attempts, *Result.objects.all()], CHANGE)
    LogEntry.objects.log_actions(boss.pk, list(Question.objects.all()[:2]), CHANGE, single_object=False)
    gone = finish(small_quiz)
    LogEntry.objects.log_actions(boss.pk, [gone], DELETION)
    attempts.append(gone)
    return attempts


def share_ids(attempts: list[Attempt]) -> list[str]:
    found = []
    for attempt in attempts:
        found += [str(attempt.share_id), attempt.share_id.hex, str(attempt.share_id).upper()]
    return found


def secrets(attempts: list[Attempt]) -> list[str]:
    found = ["/resultats/"]
    for attempt in attempts:
        found += [str(attempt.public_id), attempt.public_id.hex, str(attempt.public_id).upper()]
    return found + share_ids(attempts)


def staff(username: str, *, group=None, permissions: tuple[str, ...] = ()) -> Client:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group is not None:
        user.groups.add(group)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="quiz", codename=codename))
    client = Client()
    client.force_login(user)
    return client


def admin_pages() -> list[str]:
    """Every admin page a GET can reach, for every registered model and every object."""
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:jsi18n")]
    urls += [
        reverse("admin:app_list", args=[label]) for label in {m._meta.app_label for m in admin.site._registry}
    ]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
        urls.append(reverse(f"{info}_changelist") + "?q=a&o=1&all=")
        for pk in model._default_manager.values_list("pk", flat=True):
            for view in ("change", "delete", "history"):
                urls.append(reverse(f"{info}_{view}", args=[pk]))
    # Django admin's "view on site" shortcut answers any staff user, for every model.
    for model in apps.get_models():
        content_type = ContentType.objects.get_for_model(model)
        for pk in model._default_manager.values_list("pk", flat=True)[:20]:
            try:
                urls.append(reverse("admin:view_on_site", args=[content_type.pk, pk]))
            except NoReverseMatch:  # a primary key the URL cannot carry
                continue
    urls.append(
        reverse("admin:autocomplete") + "?app_label=quiz&model_name=answer&field_name=question&term=a"
    )
    return urls


def deletion_confirmations(client: Client) -> list:
    """The "delete selected" confirmation of questions and questionnaires, and an inline choice
    deletion from a question's page (a choice has no admin page of its own)."""
    responses = []
    for model in (Question, Questionnaire):
        url = reverse(f"admin:quiz_{model._meta.model_name}_changelist")
        ids = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
        responses.append(client.post(url, {"action": "delete_selected", "_selected_action": ids}))
    ticked = AnswerChoice.objects.select_related("choice__question").first().choice
    url = reverse("admin:quiz_question_change", args=[ticked.question_id])
    page = client.get(url)
    if page.status_code == 200:
        data = change_form_data(page)
        row = next(k for k, v in data.items() if k.endswith("-id") and v == str(ticked.pk))
        responses.append(client.post(url, data | {row.replace("-id", "-DELETE"): "on"}))
    return responses


def assert_no_secret(response, found: list[str], where: str) -> None:
    text = response.content.decode(errors="replace") + response.headers.get("Location", "")
    leaked = [secret for secret in found if secret.lower() in text.lower()]
    assert not leaked, f"{where} ({response.status_code}) shows {leaked}"


@pytest.mark.parametrize("who", ["editor", "staff without permissions", "viewer of attempts"])
def test_no_admin_page_shows_a_result_link(students, editors_group, who):
    client = {
        "editor": lambda: staff("editrice", group=editors_group),
        "staff without permissions": lambda: staff("stagiaire"),
        "viewer of attempts": lambda: staff("statisticienne", permissions=("view_attempt", "view_answer")),
    }[who]()
    found = secrets(students)
    statuses = {}
    for url in admin_pages():
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, url
        assert_no_secret(response, found, url)
    for response in deletion_confirmations(client):
        assert_no_secret(response, found, "delete selected")
    if who == "editor":
        question = Question.objects.filter(answers__isnull=False).first()
        assert statuses[reverse("admin:quiz_question_delete", args=[question.pk])] == 200
        assert statuses[reverse("admin:quiz_questionnaire_delete", args=[question.questionnaire_id])] == 200
    if who == "viewer of attempts":
        assert statuses[reverse("admin:quiz_attempt_changelist")] == 200
        assert statuses[reverse("admin:quiz_attempt_change", args=[students[0].pk])] == 200


def test_no_admin_page_shows_a_share_id_even_to_a_superuser(students, client):
    """A superuser sees the public ids (to delete a result on request), never the share ids."""
    client.force_login(User.objects.get(username="patronne"))
    found = share_ids(students)
    for url in admin_pages():
        response = client.get(url)
        assert response.status_code < 500, url
        assert_no_secret(response, [*found, "/resultats/partage/"], url)
    for response in deletion_confirmations(client):
        assert_no_secret(response, found, "delete selected")
    attempts = client.get(reverse("admin:quiz_attempt_changelist")).text
    assert str(students[0].public_id) in attempts  # the walk saw the attempts


def test_the_shortcut_gives_no_result_link_even_to_a_superuser(students, client):
    client.force_login(User.objects.get(username="patronne"))
    content_type = ContentType.objects.get_for_model(Attempt)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, students[0].pk]))
    assert response.status_code == 404
    assert "/resultats/" not in response.headers.get("Location", "")


def test_a_superuser_finds_an_attempt_by_its_public_id(students, client):
    """A student asking to have their results deleted gives their link: the admin finds it."""
    client.force_login(User.objects.get(username="patronne"))
    wanted = students[1]
    response = client.get(reverse("admin:quiz_attempt_changelist"), {"q": str(wanted.public_id)})
    assert response.status_code == 200
    assert str(wanted.public_id) in response.text
    assert str(students[0].public_id) not in response.text


def test_models_say_no_secret_in_their_names(students):
    attempt = students[0]
    for obj in (attempt, attempt.answers.first(), attempt.result):
        for secret in (attempt.public_id, attempt.share_id):
            assert str(secret) not in str(obj)
            assert secret.hex not in str(obj)
    with translation.override("en"):
        assert str(attempt) == f"Quiz #{attempt.pk}"
    with translation.override("fr"):
        assert str(attempt) == f"Quiz n°\u00a0{attempt.pk}"


def test_no_model_of_students_data_has_a_page_address():
    """Django admin offers "view on site" for any model with get_absolute_url."""
    assert not any(hasattr(model, "get_absolute_url") for model in (Attempt, Answer, Result))
