"""The content round trip: export writes what load_content reads."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from careers.models import CareerMove, Dimension, Role, RoleWeight
from quiz.models import Choice, Questionnaire

pytestmark = pytest.mark.django_db
FILES = ("sources.json", "dimensions.json", "roles.json", "questionnaire.json")


def read(directory: Path, name: str):
    return json.loads((directory / name).read_text(encoding="utf-8"))


def normalised(name: str, data):
    """The one normalisation: the dimensions a training step develops are a set."""
    if name == "roles.json":
        for role in data:
            for step in [*role["practice"], *(s for route in role["routes"] for s in route["steps"])]:
                step["dimensions"] = sorted(step["dimensions"])
    return data


def export(directory: Path) -> str:
    out = StringIO()
    call_command("export_content", dir=directory, stdout=out)
    return out.getvalue()


def test_the_export_of_the_loaded_content_equals_the_files(content, tmp_path):
    summary = export(tmp_path)
    assert "12 dimensions" in summary
    for name in FILES:
        assert normalised(name, read(tmp_path, name)) == normalised(name, read(settings.CONTENT_DIR, name)), (
            name
        )


def test_the_files_are_readable_json_with_a_final_newline(content, tmp_path):
    export(tmp_path)
    text = (tmp_path / "roles.json").read_text(encoding="utf-8")
    assert text.endswith("}\n]\n")
    assert "Contrôleur ou contrôleuse des performances IA" in text  # not \u00f4
    assert '\n  {\n    "slug": ' in text


def test_exported_content_loads_back_and_exports_identically(content, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    Role.objects.all().delete()
    Questionnaire.objects.all().delete()
    Dimension.objects.all().delete()
    call_command("load_content", dir=first, stdout=StringIO())
    assert Role.objects.count() == len(read(first, "roles.json"))
    export(second)
    for name in FILES:
        assert (second / name).read_text(encoding="utf-8") == (first / name).read_text(encoding="utf-8"), name


def test_an_editors_change_shows_in_the_export(content, tmp_path):
    weight = RoleWeight.objects.get(role__slug="data-scientist", dimension__slug="communication")
    weight.weight = 5 if weight.weight != 5 else 4
    weight.save()
    role = Role.objects.get(slug="chercheur-ia")
    role.is_published = False
    role.missions += "\nRelire les articles des collègues"
    role.save()
    export(tmp_path)
    roles = {r["slug"]: r for r in read(tmp_path, "roles.json")}
    assert roles["data-scientist"]["profile"]["communication"] == weight.weight
    assert roles["chercheur-ia"]["missions"][-1] == "Relire les articles des collègues"
    assert roles["chercheur-ia"]["is_published"] is False
    assert "is_published" not in roles["data-scientist"]


def test_an_unpublished_role_stays_unpublished_after_a_round_trip(content, tmp_path):
    Role.objects.filter(slug="chercheur-ia").update(is_published=False)
    export(tmp_path)
    Role.objects.all().delete()
    call_command("load_content", dir=tmp_path, stdout=StringIO())
    assert not Role.objects.get(slug="chercheur-ia").is_published


def test_a_career_move_to_a_role_is_exported_by_its_slug(content, tmp_path):
    source = Role.objects.get(slug="data-scientist")
    target = Role.objects.get(slug="ingenieur-machine-learning")
    CareerMove.objects.create(role=source, order=9, target=target)
    export(tmp_path)
    roles = {r["slug"]: r for r in read(tmp_path, "roles.json")}
    assert roles["data-scientist"]["career_moves"][-1] == {"role": "ingenieur-machine-learning"}


def test_renamed_slugs_and_titles_survive_a_round_trip(content, tmp_path):
    """An editor's new slugs and title are exported with the content keys that find them again."""
    Role.objects.filter(slug="data-scientist").update(slug="scientifique-des-donnees")
    Dimension.objects.filter(slug="programmation").update(slug="code")
    Questionnaire.objects.filter(pk=content.pk).update(title="Questionnaire de rentrée")
    export(tmp_path)
    roles = {r["slug"]: r for r in read(tmp_path, "roles.json")}
    assert roles["scientifique-des-donnees"]["key"] == "data-scientist"
    assert "key" not in roles["chercheur-ia"]
    assert "programmation" in roles["chercheur-ia"]["profile"]  # profiles name dimensions by key
    assert {"slug": "code", "key": "programmation"}.items() <= read(tmp_path, "dimensions.json")[0].items()
    assert read(tmp_path, "questionnaire.json")["key"] == "questionnaire-cap-ia"
    # Into the same database: everything is found, nothing is created.
    out = StringIO()
    call_command("load_content", dir=tmp_path, stdout=out)
    assert "created: nothing" in out.getvalue()
    # Into an empty one: the same names and keys come back.
    Role.objects.all().delete()
    Questionnaire.objects.all().delete()
    Dimension.objects.all().delete()
    call_command("load_content", dir=tmp_path, stdout=StringIO())
    assert Role.objects.get(slug="scientifique-des-donnees").content_key == "data-scientist"
    assert Dimension.objects.get(slug="code").content_key == "programmation"
    questionnaire = Questionnaire.objects.published().get()
    assert (questionnaire.title, questionnaire.content_key) == (
        "Questionnaire de rentrée",
        "questionnaire-cap-ia",
    )


def test_a_dont_know_choice_survives_a_round_trip(content, tmp_path):
    question = Questionnaire.objects.published().get().questions.filter(asks="").first()
    Choice.objects.create(question=question, order=99, key="nsp", text="Je ne sais pas", dont_know=True)
    before = Choice.objects.filter(dont_know=True).count()
    export(tmp_path)
    exported = {q["key"]: q for q in read(tmp_path, "questionnaire.json")["questions"]}[question.key]
    assert exported["choices"][-1] == {
        "key": "nsp",
        "text": "Je ne sais pas",
        "effects": {},
        "dont_know": True,
    }
    assert all("dont_know" not in c for c in exported["choices"][:-1])
    Questionnaire.objects.all().delete()
    call_command("load_content", dir=tmp_path, stdout=StringIO())
    assert Choice.objects.get(key="nsp", question__key=question.key).dont_know
    assert Choice.objects.filter(dont_know=True).count() == before
