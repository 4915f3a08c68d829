"""Draft, preview, publish: a role reaches students only complete, and knowing what it does to the quiz."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careers.models import Role
from quiz.impact import PREVIEW_STUDENTS_PER_ROLE, role_impact
from quiz.selectors import roles_data
from tests.factories import RoleFactory, RouteFactory, TrainingStepFactory

pytestmark = pytest.mark.django_db


def publish_url(role: Role) -> str:
    return reverse("admin:careers_role_publish", args=[role.pk])


def draft_like(slug: str, profile: dict[str, int]) -> Role:
    role = RoleFactory(slug=f"{slug}-bis", title=f"Copie de {slug}", is_published=False, profile=profile)
    route = RouteFactory(role=role)  # from the bac to a bac+5, in one step
    TrainingStepFactory(
        role=role, route=route, from_level="bac", to_level="bac5", url="https://www.onisep.fr/"
    )
    return role


def evaluate_json(per_role: int) -> dict:
    out = io.StringIO()
    call_command("evaluate_quiz", "--json", "--per-role", str(per_role), stdout=out)
    return json.loads(out.getvalue())


def test_a_new_role_is_a_draft_and_starts_with_every_dimension_at_zero(editor_client, content):
    response = editor_client.get(reverse("admin:careers_role_add"))
    assert 'name="weights-TOTAL_FORMS" value="12"' in response.text
    for index in range(12):
        assert f'name="weights-{index}-weight" value="0"' in response.text
    assert Role._meta.get_field("is_published").default is False


def test_a_title_only_role_cannot_be_published(editor_client, small_quiz):
    role = RoleFactory(slug="titre-seul", title="Titre seul", is_published=False)
    response = editor_client.post(publish_url(role), {"accept": "on"})
    assert response.status_code == 200
    role.refresh_from_db()
    assert role.is_published is False
    text = response.content.decode()
    assert "Le profil n’a pas de poids pour : " in text
    assert "Aucune dimension du profil n’est à 4 ou 5" in text
    assert "Le métier n’a pas de parcours de formation" in text
    assert text.count("Le métier n’a pas de parcours de formation") == 1  # listed once, not per message
    assert 'value="Publier"' not in editor_client.get(publish_url(role)).text  # nothing to click yet


def test_drafts_are_never_shown_to_students(client, small_quiz):
    draft = draft_like("dev", {"code": 5, "ethique": 0, "robots": 0})
    assert client.get(reverse("careers:role_detail", args=[draft.slug])).status_code == 404
    assert draft.title not in client.get(reverse("careers:catalogue")).content.decode()
    compare = client.get(reverse("careers:compare"), {"roles": [draft.slug, "dev"]})
    assert draft.title not in compare.content.decode()
    assert draft.slug not in {r.slug for r in roles_data()}


def test_an_editor_previews_a_draft_page_and_students_cannot(editor_client, small_quiz):
    draft = draft_like("dev", {"code": 5, "ethique": 0, "robots": 0})
    url = reverse("admin:careers_role_preview", args=[draft.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Aperçu pour les éditeurs" in response.content.decode()
    assert draft.title in response.content.decode()
    assert Client().get(url).status_code == 302  # to the admin’s login
    change = editor_client.get(reverse("admin:careers_role_change", args=[draft.pk])).content.decode()
    assert f'href="{url}" class="viewsitelink"' in change  # "view on site" opens the preview, not a 404


def test_the_preview_numbers_are_evaluate_quizs_on_the_same_content(editor_client, small_quiz):
    draft = draft_like("dev", {"code": 4, "ethique": 3, "robots": 0})
    impact = role_impact(draft)
    # Without the draft: today's published quiz, as evaluate_quiz measures it.
    assert impact.without.as_dict() == evaluate_json(PREVIEW_STUDENTS_PER_ROLE)
    page = editor_client.get(publish_url(draft)).content.decode()
    for row in impact.rows:
        assert row.without in page and row.with_ in page
    draft.is_published = True
    draft.save()
    # With it: the quiz once it is published.
    assert impact.with_.as_dict() == evaluate_json(PREVIEW_STUDENTS_PER_ROLE)


def test_publishing_a_role_that_breaks_a_target_needs_a_confirmation_naming_it(editor_client, small_quiz):
    # A copy of the developer's profile: simulated developers now land on either.
    draft = draft_like("dev", {"code": 5, "ethique": 0, "robots": 0})
    broken = role_impact(draft).broken
    assert broken, "the copy should break a quality target"
    response = editor_client.post(publish_url(draft), {})
    text = response.content.decode()
    assert "Publier quand même : j’accepte que l’équité passe sous son objectif" in text
    assert "réponses au hasard : métier le plus rarement premier 0,0\u00a0%" in text  # French decimals
    assert "(objectif ≥" in text and "target" not in text
    assert "cochez la case pour publier quand même" in text
    draft.refresh_from_db()
    assert draft.is_published is False

    response = editor_client.post(publish_url(draft), {"accept": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published is True


def test_a_complete_role_that_breaks_nothing_is_published_at_once(editor_client, small_quiz):
    client = Client()
    role = draft_like("ethicien", {"code": 3, "ethique": 3, "robots": 4})
    impact = role_impact(role)
    response = editor_client.post(publish_url(role), {"accept": "on"} if impact.broken else {})
    assert response.status_code == 302
    assert client.get(reverse("careers:role_detail", args=[role.slug])).status_code == 200
    # And back to a draft.
    editor_client.post(publish_url(role), {})
    assert client.get(reverse("careers:role_detail", args=[role.slug])).status_code == 404


def test_a_published_role_keeps_a_complete_profile(editor_client, small_quiz):
    role = Role.objects.get(slug="dev")
    url = reverse("admin:careers_role_change", args=[role.pk])
    page = editor_client.get(url)
    data = _form_data(page)
    for key in list(data):
        if key.startswith("weights-") and key.endswith("-weight"):
            data[key] = "1"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Les élèves voient ce métier : son profil doit donc rester complet." in response.content.decode()


def test_saving_a_role_says_the_outcome_of_the_quality_check(editor_client, small_quiz):
    role = Role.objects.get(slug="ethicien")
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith(("Contrôle rapide", "Un élève", "Les élèves simulés")) for m in messages), (
        messages
    )


def test_a_warning_names_the_two_roles_and_how_to_separate_them(editor_client, small_quiz):
    role = Role.objects.get(slug="ethicien")
    role.weights.filter(dimension__slug="ethique").update(weight=1)
    role.weights.filter(dimension__slug="code").update(weight=5)
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    response = editor_client.post(url, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    warning = next(m for m in messages if "Éthicien" in m and "Développeur IA" in m)
    code = Role.objects.get(slug="dev").weights.get(dimension__slug="code").dimension.name
    # The fix: where the two profiles are closest (code, 5 for both), and the questions on the rest.
    assert f"{code} (5 / 5)" in warning
    assert "“Question" in warning


def _form_data(response) -> dict:
    """The change form's fields as the browser would post them (inputs, selects, textareas)."""
    from html.parser import HTMLParser

    data: dict[str, str] = {}

    class Fields(HTMLParser):
        select: str | None = None
        textarea: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in {"submit", "checkbox", "file"}:
                data[name] = a.get("value") or ""
            elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
                data[name] = "on"
            elif tag == "select" and name:
                self.select = name
                data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in a:
                data[self.select] = a.get("value") or ""
            elif tag == "textarea" and name:
                self.textarea = name
                data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, text):
            if self.textarea:
                data[self.textarea] += text

    Fields().feed(response.content.decode())
    data = {k: v for k, v in data.items() if "__prefix__" not in k and not (k == "sources" and not v)}
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_published_profile_change_that_breaks_a_target_needs_the_box_ticked(editor_client, small_quiz):
    # The éthicien's profile turned into the developer's: random answerers never get it first.
    role = Role.objects.get(slug="ethicien")
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = _form_data(editor_client.get(url))
    slugs = dict(role.weights.values_list("pk", "dimension__slug"))
    dev = {"code": "5", "ethique": "0", "robots": "0"}
    for key in [k for k in data if k.startswith("weights-") and k.endswith("-id")]:
        data[key.replace("-id", "-weight")] = dev[slugs[int(data[key])]]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enregistrer ce profil fait manquer un objectif de qualité" in text
    assert "l’équité passe sous son objectif" in text
    assert role.weights.get(dimension__slug="code").weight == 1

    response = editor_client.post(url, {**data, "accept_quality_risk": "on"})
    assert response.status_code == 302
    assert role.weights.get(dimension__slug="code").weight == 5
