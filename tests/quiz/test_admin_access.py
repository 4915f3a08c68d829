"""Who may do what in admin: the content editors' group, and the login lockout (django-axes)."""

from __future__ import annotations

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from tests.factories import RoleFactory, TrainingStepFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editors_group")]

EDITORS = "Éditeurs de contenu"
PASSWORD = "un-mot-de-passe-solide"
BOSS_PASSWORD = "un-autre-mot-de-passe-solide"


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def change_form_data(response) -> dict:
    """The data the browser would post back from an admin change page, unchanged."""
    data: dict = {}

    def add(form, prefix: str = "") -> None:
        for name, field in form.fields.items():
            key = f"{prefix}{name}"
            value = form[name].value()
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, f"{formset.prefix}-")
        for form in formset.forms:
            add(form, f"{form.prefix}-")
    return data


def test_the_editors_group_has_content_permissions_only():
    codenames = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    for model in (
        "role",
        "roleweight",
        "salaryrange",
        "careermove",
        "trainingstep",
        "source",
        "route",
        "romecode",
    ):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    for model in ("questionnaire", "question", "choice", "choiceeffect"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    assert {"view_dimension", "change_dimension"} <= codenames
    assert not {"add_dimension", "delete_dimension"} & codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    assert not {c for c in codenames if c.endswith(("_attempt", "_answer", "_result"))}


def test_an_editor_opens_and_saves_a_role(editor_client):
    role = RoleFactory(slug="dev", title="Développeur IA", profile={"code": 5, "ethique": 1})
    TrainingStepFactory(
        role=role, title="Licence informatique", from_level="bac", to_level="bac3", parcoursup_query="Licence"
    )
    url = reverse("admin:careers_role_change", args=[role.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data["title"] = "Développeuse ou développeur IA"
    data["weights-0-weight"] = "4"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    role.refresh_from_db()
    assert role.title == "Développeuse ou développeur IA"
    assert sorted(role.weights.values_list("weight", flat=True)) == [1, 4]


def test_an_editor_cannot_open_users_groups_or_attempts(editor_client):
    for name in ("auth_user_changelist", "auth_group_changelist", "quiz_attempt_changelist"):
        response = editor_client.get(reverse(f"admin:{name}"))
        assert response.status_code == 403, name


def test_a_staff_user_outside_the_group_cannot_edit_roles(client):
    client.force_login(User.objects.create_user("stagiaire", password="x", is_staff=True))
    role = RoleFactory()
    response = client.get(reverse("admin:careers_role_change", args=[role.pk]))
    assert response.status_code == 403


def login(client, password: str, username: str = "editrice", address: str = "127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_locks_after_too_many_failures(client):
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "faux")
        assert response.status_code == 200  # the login form again, with its error
    locked = login(client, "faux")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text or "Trop de tentatives" in locked.text
    # Even the right password is refused while locked out.
    again = login(client, PASSWORD)
    assert again.status_code == 429
    assert not signed_in(client)


def test_a_failed_login_below_the_limit_does_not_lock(client):
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    login(client, "faux")
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_signing_in_as_oneself_never_clears_the_failures_against_another_account(client):
    """The dodge: guess the superuser's password four times, sign in with one's own staff
    account from the same address (which used to reset the count), guess four times again."""
    User.objects.create_superuser("patronne", password=BOSS_PASSWORD)
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "faux", "patronne").status_code == 200
    assert login(client, PASSWORD, "editrice").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "faux", "patronne")
    # The superuser's account is locked, even with the right password, from anywhere.
    assert login(client, BOSS_PASSWORD, "patronne").status_code == 429
    assert login(Client(), BOSS_PASSWORD, "patronne", address="198.51.100.7").status_code == 429
    assert not signed_in(client)


def test_an_account_is_locked_whatever_the_addresses_the_guesses_come_from(client):
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    User.objects.create_user("redacteur", password=BOSS_PASSWORD, is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), "faux", address=f"198.51.100.{n + 1}")
    assert login(client, PASSWORD, address="203.0.113.9").status_code == 429
    # Each address made one guess only: another account signs in from any of them.
    assert login(client, BOSS_PASSWORD, "redacteur", address="198.51.100.1").status_code == 302


def test_an_address_is_locked_whatever_the_accounts_it_guesses(client):
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, "faux", f"compte-{n}")
    assert login(client, PASSWORD).status_code == 429
    # The account itself is not locked: from another address it signs in.
    assert login(Client(), PASSWORD, address="198.51.100.7").status_code == 302


def test_a_success_forgets_the_accounts_own_typos_from_that_address(client):
    User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "faux")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "faux")
    assert login(client, PASSWORD).status_code == 302


def test_an_editor_sees_but_cannot_change_a_content_key(editor_client):
    role = RoleFactory(slug="dev", content_key="dev", title="Développeur IA")
    url = reverse("admin:careers_role_change", args=[role.pk])
    page = editor_client.get(url)
    assert 'name="content_key"' not in page.text
    assert "content key" in page.text.lower() or "clé de contenu" in page.text.lower()
    data = change_form_data(page) | {"slug": "developpeur", "content_key": "autre"}
    assert editor_client.post(url, data).status_code == 302
    role.refresh_from_db()
    assert (role.slug, role.content_key) == ("developpeur", "dev")
