from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from careers.models import Role, RoleWeight
from quiz.models import Answer, Attempt, Result
from tests.factories import AttemptFactory, RoleFactory, RouteFactory, TrainingStepFactory, results_url
from tests.quiz.test_views_question import answer_everything

pytestmark = pytest.mark.django_db


def main_content(html: str) -> str:
    """The page's main content, without the CSRF token that is masked afresh on every response."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_the_results_rank_explain_and_plan(client, small_quiz):
    attempt = answer_everything(client)
    response = client.get(results_url(attempt))
    assert response.status_code == 200
    text = response.text
    assert text.index("Développeur IA") < text.index("Roboticien")
    assert "Licence informatique" in text  # the training path from the bac
    assert "<svg" in text and 'role="img"' in text  # the profile picture ...
    assert "<figcaption" in text or "<desc" in text  # ... with a text alternative
    assert "noindex" in text
    assert str(attempt.public_id) in text  # the share link
    assert reverse("careers:role_detail", kwargs={"slug": "roboticien"}) in text  # full ranking links


def test_a_path_step_says_its_level_as_the_role_page_does(client, small_quiz):
    dev = Role.objects.get(slug="dev")
    TrainingStepFactory(
        role=dev,
        route=dev.routes.first(),
        title="Cours en ligne",
        kind="course",
        from_level="bac",
        duration="6 semaines",
    )
    attempt = answer_everything(client)
    html = client.get(results_url(attempt)).text
    step = html[html.index("Cours en ligne") :]
    start = step.index('<p class="path-meta">')
    meta = step[start : step.index("</p>", start)]
    assert "à partir de Baccalauréat" in meta  # a step with a starting level only
    assert "6 semaines" in meta
    assert "·" not in meta  # separators come from the stylesheet, between items only
    role_page = client.get(dev.get_absolute_url()).text
    assert meta in role_page


def test_the_results_name_the_answers_behind_a_strength(client, small_quiz):
    attempt = answer_everything(client)
    response = client.get(results_url(attempt))
    assert "Réponse" in response.text and "Question" in response.text


def test_a_finished_result_keeps_its_ranking_after_profiles_change(client, small_quiz):
    attempt = answer_everything(client)
    before = client.get(results_url(attempt)).text
    RoleWeight.objects.filter(role__slug="dev").update(weight=0)
    after = client.get(results_url(attempt)).text
    # The page's main content (not the per-response nonce or CSRF token) must be identical.
    assert main_content(after) == main_content(before)
    assert "Développeur IA" in main_content(before)


def test_an_unknown_result_is_a_404(client, small_quiz):
    assert client.get(reverse("quiz:results", kwargs={"public_id": uuid.uuid4()})).status_code == 404


def test_a_malformed_result_id_is_a_404(client, small_quiz):
    assert client.get("/resultats/not-a-uuid/").status_code == 404
    assert client.get("/resultats/1/").status_code == 404


def test_an_unfinished_attempt_has_no_results_page(client, small_quiz):
    attempt = AttemptFactory(questionnaire=small_quiz)
    assert client.get(results_url(attempt)).status_code == 404


def test_delete_asks_for_confirmation_then_really_deletes(client, small_quiz):
    attempt = answer_everything(client)
    url = reverse("quiz:delete", kwargs={"public_id": attempt.public_id})
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.text
    assert Attempt.objects.exists()
    assert 'name="confirm"' in confirm.text
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not Attempt.objects.exists()
    assert not Answer.objects.exists()
    assert not Result.objects.exists()
    assert client.get(results_url(attempt)).status_code == 404


def test_a_delete_without_its_confirmation_deletes_nothing(client, small_quiz):
    attempt = answer_everything(client)
    response = client.post(reverse("quiz:delete", kwargs={"public_id": attempt.public_id}), {})
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert Result.objects.filter(attempt=attempt).exists()


@pytest.mark.parametrize("value", ["xyz", "True", "on", "1", "YES", " yes", ["yes", "no"]])
def test_a_delete_with_another_confirm_value_deletes_nothing(client, small_quiz, value):
    attempt = answer_everything(client)
    url = reverse("quiz:delete", kwargs={"public_id": attempt.public_id})
    response = client.post(url, {"confirm": value})
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "Confirme avec le bouton ci-dessous" in response.text
    assert 'name="confirm" value="yes"' in response.text  # the real button, to try again
    assert Result.objects.filter(attempt=attempt).exists()
    assert client.get(results_url(attempt)).status_code == 200


def test_deleting_results_opened_from_a_shared_link_keeps_ones_own_quiz(client, small_quiz):
    shared = answer_everything(Client())
    mine = client.post(reverse("quiz:start"))
    client.post(reverse("quiz:delete", kwargs={"public_id": shared.public_id}), {"confirm": "yes"})
    assert settings.QUIZ_COOKIE_NAME in mine.cookies
    assert client.cookies[settings.QUIZ_COOKIE_NAME].value == mine.cookies[settings.QUIZ_COOKIE_NAME].value
    assert client.get(reverse("quiz:question", kwargs={"position": 1})).status_code == 200


def test_the_results_page_is_read_only(client, small_quiz):
    attempt = answer_everything(client)
    assert client.post(results_url(attempt)).status_code == 405


@pytest.mark.parametrize("extra_roles", [0, 200])
def test_the_results_page_takes_constant_queries(
    client, small_quiz, extra_roles, django_assert_max_num_queries
):
    for i in range(extra_roles):
        RoleFactory(profile={"code": i % 6, "robots": (i * 5) % 6})
    attempt = answer_everything(client)
    with django_assert_max_num_queries(4):
        response = client.get(results_url(attempt))
    assert response.text.count('class="ranking-list"') == 1


def role_details(html: str, slug: str) -> str:
    """One role's folded details on the results page (they hold folded parts of their own)."""
    part = html[html.index(f'id="details-{slug}"') :]
    ends = [i for i in (part.find('class="role-result"', 1), part.find("</section>")) if i > 0]
    return part[: min(ends)]


def test_a_route_without_steps_never_says_its_studies_are_done(client, small_quiz):
    """Only a route whose steps are all behind the student says "you have gone through its
    studies"; one with no steps described says so instead (the outside test read the first to a
    lycée student facing five years)."""
    robots = Role.objects.get(slug="roboticien")
    RouteFactory(role=robots, title="Voie sans étapes", from_level="bac", to_level="bac5")
    attempt = answer_everything(client)
    html = client.get(results_url(attempt)).text
    details = role_details(html, "roboticien")
    assert "Voie sans étapes" in details
    assert "Ses étapes ne sont pas encore décrites" in details
    assert "Tu as déjà fait les études de cette voie" not in html
    role_page = client.get(robots.get_absolute_url()).text
    assert "Ses étapes ne sont pas encore décrites" in role_page
    assert "Tu as déjà fait les études de cette voie" not in role_page


def test_a_route_whose_steps_are_all_behind_the_student_says_so(client, small_quiz):
    from tests.quiz.test_views_question import answer_everything_from, choice_id, q_url, started

    started(client)
    client.post(q_url(1), {"choice": [choice_id("niveau", "bac5")]})  # the dev routes end at bac+5
    answer_everything_from(client, 2)
    attempt = Attempt.objects.get()
    details = role_details(client.get(results_url(attempt)).text, "dev")
    assert "Tu as déjà fait les études de cette voie" in details
    assert "Ses étapes ne sont pas encore décrites" not in details


def test_on_paper_the_results_say_their_date_and_read_only_link(client, small_quiz):
    attempt = answer_everything(client)
    html = client.get(results_url(attempt)).text
    footer = html[html.index('<p class="print-only">') :]
    footer = footer[: footer.index("</p>")]
    assert str(attempt.share_id) in footer and str(attempt.public_id) not in footer
    assert "Résultats Cap IA du" in footer and str(attempt.finished_at.year) in footer
