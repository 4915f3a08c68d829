"""The content version: bumped by every change to the content, and the key of every cached part
of a page; what is cached never holds anything that depends on the visitor."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from careers.models import Role
from core import content_version
from quiz.models import Answer, Attempt, Result
from tests.factories import DimensionFactory, RoleFactory, SalaryRangeFactory, TrainingStepFactory

pytestmark = pytest.mark.django_db

# Students' data, not content: saving it must not throw every cached page away.
NOT_CONTENT = {Attempt, Answer, Result, Answer.choices.through}


def content_models() -> list[type]:
    models = [*apps.get_app_config("careers").get_models(), *apps.get_app_config("quiz").get_models()]
    return [model for model in models if model not in NOT_CONTENT]


@pytest.mark.parametrize("model", content_models(), ids=lambda model: model._meta.label)
def test_every_content_model_bumps_the_version_when_saved_or_deleted(model):
    assert content_version.is_watched(model), f"call core.content_version.watch({model.__name__}) in ready()"


def test_a_save_and_a_delete_each_give_a_new_version():
    before = content_version.current()
    role = RoleFactory()
    after_create = content_version.current()
    role.delete()
    assert len({before, after_create, content_version.current()}) == 3


def test_the_dimensions_a_step_develops_are_content_too():
    step = TrainingStepFactory()
    before = content_version.current()
    step.dimensions.add(DimensionFactory())
    assert content_version.current() != before


def test_a_rolled_back_change_keeps_the_version():
    before = content_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        RoleFactory()
        raise RuntimeError
    assert content_version.current() == before


def test_load_content_gives_a_new_version_although_bulk_writes_send_no_signals():
    before = content_version.current()
    call_command("load_content", dir=settings.CONTENT_DIR, stdout=io.StringIO())
    assert content_version.current() != before


def test_an_editors_change_shows_on_the_next_request():
    role = RoleFactory(slug="data-scientist", title="Data scientist")
    client = Client()
    assert "Data scientist" in client.get(reverse("careers:catalogue")).text
    assert "Data scientist" in client.get(role.get_absolute_url()).text
    role.title = "Data scientist ou data scientiste"
    role.save()
    assert "data scientiste" in client.get(reverse("careers:catalogue")).text
    assert "data scientiste" in client.get(role.get_absolute_url()).text


def secrets_of(response) -> tuple[str, str]:
    """The page's CSRF token (in the language form) and CSP nonce."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    nonce = re.search(r'nonce="([^"]+)"', response.text).group(1)
    return token, nonce


@pytest.mark.parametrize("name", ["careers:catalogue", "careers:role_detail", "quiz:landing"])
def test_cached_parts_hold_nothing_of_another_visitor_nor_another_language(name):
    role = RoleFactory(slug="data-scientist", title="Data scientist")
    SalaryRangeFactory(role=role)
    url = role.get_absolute_url() if name == "careers:role_detail" else reverse(name)
    first, second = Client(), Client()
    second.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    seen_first = first.get(url)  # fills the cache, in French
    seen_second_en = second.get(url)
    del second.cookies[settings.LANGUAGE_COOKIE_NAME]
    seen_second_fr = second.get(url)  # the French parts, as cached for the first visitor

    first_token, first_nonce = secrets_of(seen_first)
    for response in (seen_second_en, seen_second_fr):
        token, nonce = secrets_of(response)
        assert token != first_token and first_token not in response.text
        assert nonce != first_nonce and first_nonce not in response.text
        # Django checks this page's token against the second visitor's own CSRF cookie.
        assert second.cookies[settings.CSRF_COOKIE_NAME].value
    assert '<html lang="en">' in seen_second_en.text and '<html lang="fr">' in seen_second_fr.text
    english, french = {
        "careers:catalogue": ("1 role found", "1 métier trouvé"),
        "careers:role_detail": ("Salary", "Salaire"),
        "quiz:landing": ("How it works", "Comment ça marche"),
    }[name]
    assert english in seen_second_en.text and french not in seen_second_en.text
    assert french in seen_second_fr.text and english not in seen_second_fr.text


def test_a_role_page_is_served_from_its_cached_body_until_the_role_changes(django_assert_max_num_queries):
    role = RoleFactory(profile={"code": 5})
    client = Client()
    client.get(role.get_absolute_url())
    with django_assert_max_num_queries(2):  # the content version and the role
        client.get(role.get_absolute_url())
    # A bare update sends no signal: the cached body is still served...
    Role.objects.filter(pk=role.pk).update(summary="Résumé changé sans signal.")
    assert "Résumé changé sans signal." not in client.get(role.get_absolute_url()).text
    # ... until the content gets a new version, as every save in the admin gives it.
    content_version.bump()
    assert "Résumé changé sans signal." in client.get(role.get_absolute_url()).text
