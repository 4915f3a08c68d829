"""Pages kept per process under the content version (careers.content_cache): an editor's change
shows on the very next request, whichever model changed and however it was saved."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from careers import content_cache
from careers.models import ContentVersion, Role
from quiz.models import Attempt, Choice, Question
from tests.factories import DimensionFactory, RoleFactory, TrainingStepFactory, results_url

pytestmark = pytest.mark.django_db


def role_url(role: Role) -> str:
    return reverse("careers:role_detail", kwargs={"slug": role.slug})


def test_saving_a_role_changes_the_content_version():
    before = content_cache.content_version()
    role = RoleFactory(title="Data scientist")
    after_create = content_cache.content_version()
    role.title = "Data scientist senior"
    role.save()
    assert len({before, after_create, content_cache.content_version()}) == 3


def test_an_edited_role_shows_on_the_next_request(client):
    role = RoleFactory(title="Data scientist")
    assert "Data scientist" in client.get(role_url(role)).text
    assert "Data scientist" in client.get(reverse("careers:catalogue")).text
    role.title = "Ingénieur en apprentissage automatique"
    role.save()
    assert "Ingénieur en apprentissage automatique" in client.get(role_url(role)).text
    assert "Ingénieur en apprentissage automatique" in client.get(reverse("careers:catalogue")).text


def test_a_change_to_a_part_of_a_role_shows_too(client):
    role = RoleFactory()
    step = TrainingStepFactory(role=role, title="Licence")
    client.get(role_url(role))
    step.dimensions.add(DimensionFactory(name="Robotique"))  # a many-to-many change
    assert "Robotique" in client.get(role_url(role)).text
    step.delete()
    assert "Licence" not in client.get(role_url(role)).text


def test_an_unpublished_role_disappears_at_once(client):
    role = RoleFactory(title="Prompt engineer")
    assert client.get(role_url(role)).status_code == 200
    role.is_published = False
    role.save()
    assert client.get(role_url(role)).status_code == 404
    assert "Prompt engineer" not in client.get(reverse("careers:catalogue")).text


def test_a_change_made_by_another_process_shows_on_the_next_request(client):
    """Another server's save bumps the version in the shared database; this process only sees
    the new token, which is enough: what it kept under the old one is never used again."""
    role = RoleFactory(title="Data engineer")
    client.get(role_url(role))
    Role.objects.filter(pk=role.pk).update(title="Data architect")  # no signal in this process
    ContentVersion.objects.filter(pk=1).update(token=12345)
    assert "Data architect" in client.get(role_url(role)).text


def test_a_bulk_load_bumps_the_version(content):
    from bench.generate import generate

    before = content_cache.content_version()
    generate(roles=3, questions=2)
    assert content_cache.content_version() != before


def test_an_edited_question_shows_in_the_next_quiz_step(client, small_quiz):
    client.post(reverse("quiz:start"))
    url = reverse("quiz:question", kwargs={"position": 2})
    question = Question.objects.get(key="apres-midi")
    assert question.text in client.get(url).text
    question.text = "Que préférez-vous faire un mercredi ?"
    question.save()
    assert "Que préférez-vous faire un mercredi ?" in client.get(url).text


def test_the_landing_page_follows_the_number_of_questions(client, small_quiz):
    client.cookies["django_language"] = "en"
    assert "Answer 4 short questions" in client.get("/").text
    Question.objects.filter(key="maths").delete()
    assert "Answer 3 short questions" in client.get("/").text


def test_a_deleted_result_is_gone_even_if_its_page_was_kept(client, small_quiz):
    from tests.quiz.test_views_question import answer_everything

    attempt = answer_everything(client)
    assert client.get(results_url(attempt)).status_code == 200
    Attempt.objects.filter(pk=attempt.pk).delete()
    assert client.get(results_url(attempt)).status_code == 404


def test_the_process_cache_is_bounded_in_bytes():
    cache = content_cache.ProcessCache(max_bytes=10)
    cache.set("a", "x" * 4)
    cache.set("b", "y" * 4)
    assert cache.get("a") == "xxxx"  # now the most recently used
    cache.set("c", "z" * 4)  # 12 bytes: the least recently used ("b") goes
    assert cache.get("b") is content_cache._MISSING
    assert cache.get("a") == "xxxx" and cache.get("c") == "zzzz"
    cache.set("d", "w" * 11)  # larger than the whole cache: not kept
    assert cache.get("d") is content_cache._MISSING
    assert len(cache) == 2


def test_a_hollow_page_fills_each_hole_once_per_request_and_counts_its_bytes(rf):
    html = (
        f"<p>Métiers · {content_cache.CSRF_HOLE} · {content_cache.PATH_HOLE} · "
        f"{content_cache.CSRF_HOLE} · {content_cache.NONCE_HOLE}</p>"
    )
    page = content_cache.HollowPage(html)
    request = rf.get("/metiers/", {"q": "<b>é"})
    start, token, path, again, nonce = page.fill(request).decode().split(" · ")
    assert start == "<p>Métiers" and nonce == "</p>"  # no CSP nonce on this request: nothing
    assert token == again and len(token) == 64  # one masked token for the whole page
    assert path == "/metiers/?q=%3Cb%3E%C3%A9"
    assert page.fill(request) != page.fill(rf.get("/metiers/"))  # masked afresh, address its own
    # The cache counts the page's own bytes, holes included, not a flat guess.
    assert page.size == len(html.encode())
    kept, refused = content_cache.ProcessCache(page.size), content_cache.ProcessCache(page.size - 1)
    kept.set("p", page)
    refused.set("p", page)
    assert kept.get("p") is page and refused.get("p") is content_cache._MISSING


# --- Whole pages kept with holes -----------------------------------------------------------------


def csrf_in(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_a_kept_page_gets_a_fresh_csrf_token_and_nonce_on_every_request(small_quiz):
    client = Client(enforce_csrf_checks=True)
    first, second = client.get("/"), client.get("/")
    assert content_cache.CSRF_HOLE not in second.text and content_cache.NONCE_HOLE not in second.text
    assert csrf_in(first.text) and csrf_in(first.text) != csrf_in(second.text)  # masked afresh
    nonce = re.search(r'<script [^>]*nonce="([^"]+)"', second.text).group(1)
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert nonce not in first.text
    # The token of the kept page works: the quiz starts.
    token = csrf_in(second.text)[-1]
    assert client.post(reverse("quiz:start"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_kept_page_names_its_own_address_in_the_language_switch(client, small_quiz):
    client.get(reverse("careers:catalogue"))
    response = client.get(reverse("careers:catalogue"), {"niveau": "bac5", "q": '"><script>'})
    assert 'name="next" value="/metiers/?niveau=bac5&amp;q=%22%3E%3Cscript%3E"' in response.text
    assert content_cache.PATH_HOLE not in response.text


def test_a_page_with_a_message_waiting_is_not_kept(client, small_quiz):
    client.get("/")  # kept for newcomers
    client.get(reverse("quiz:question", kwargs={"position": 1}))  # no quiz: back home with a message
    response = client.get("/")
    assert "never started" in response.text or "jamais commencé" in response.text
    assert "never started" not in client.get("/").text  # shown once, then the kept page again


def test_a_kept_quiz_step_shows_the_answer_ticked_now(client, small_quiz):
    client.post(reverse("quiz:start"))
    url = reverse("quiz:question", kwargs={"position": 2})
    coder, robot = (Choice.objects.get(question__key="apres-midi", key=k).pk for k in ("coder", "robot"))
    assert "checked" not in client.get(url).text
    client.post(url, {"choice": coder})
    assert f'value="{coder}" id="choice-{coder}" checked' in client.get(url).text
    client.post(url, {"choice": robot})
    html = client.get(url).text
    assert f'value="{robot}" id="choice-{robot}" checked' in html
    assert f'id="choice-{coder}" checked' not in html


def test_an_admin_never_gets_a_kept_page(admin_client, small_quiz):
    admin_client.get("/")
    admin_client.get(reverse("careers:catalogue"))
    assert not [key for key in content_cache.store._items if key[0] == "page"]
