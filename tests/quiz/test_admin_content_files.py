"""The content files in and out from the admin: download, upload with a dry run, then apply."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from careers.models import Dimension, Role, RoleWeight, Source, TrainingStep
from quiz import content_files
from quiz.admin import CONTENT_UPLOAD_SESSION_KEY
from quiz.content import content_load, export_dimensions, export_questionnaire, export_roles, export_sources
from quiz.models import Choice, ChoiceEffect, Question, Questionnaire

pytestmark = pytest.mark.django_db
PAGE = reverse("admin:quiz_content_files")
DOWNLOAD = reverse("admin:quiz_content_files_download")
APPLY = reverse("admin:quiz_content_files_apply")


@pytest.fixture
def loader(db) -> Client:
    """Staff with the permission to load files (superusers have it; here given by name)."""
    user = User.objects.create_user("chargeuse", password="un-mot-de-passe-solide", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_content_files"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stash_dir(tmp_path, settings) -> Path:
    settings.CONTENT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CONTENT_UPLOAD_DIR


def everything() -> dict:
    published = Questionnaire.objects.published().first()
    return {
        "sources": export_sources(),
        "dimensions": export_dimensions(),
        "roles": export_roles(),
        "questionnaire": export_questionnaire(published) if published else None,
    }


def counts() -> dict:
    models = (
        Dimension,
        Source,
        Role,
        RoleWeight,
        TrainingStep,
        Questionnaire,
        Question,
        Choice,
        ChoiceEffect,
    )
    return {m.__name__: m.objects.count() for m in models} | {
        "published": list(Role.objects.filter(is_published=True).values_list("pk", flat=True)),
        "roles": sorted(Role.objects.values_list("title", flat=True)),
        "log": LogEntry.objects.count(),
    }


def zip_of(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def downloaded(client) -> dict[str, bytes]:
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == sorted(content_files.FILE_NAMES)
        return {name: archive.read(name) for name in archive.namelist()}


def upload(client, files: dict[str, bytes] | None = None, *, raw=None, mode: str = "missing"):
    if raw is None:
        raw = [SimpleUploadedFile("content.zip", zip_of(files), content_type="application/zip")]
    return client.post(PAGE, {"files": raw, "mode": mode})


def test_the_download_is_a_zip_that_loads_back_to_the_same_content(content, admin_client, tmp_path):
    files = downloaded(admin_client)
    before = everything()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    # Into an empty database: the same content comes back.
    Questionnaire.objects.all().delete()
    Role.objects.all().delete()
    Dimension.objects.all().delete()
    Source.objects.all().delete()
    content_load(directory=tmp_path)
    assert everything() == before


def test_one_file_can_be_downloaded_alone(content, admin_client):
    response = admin_client.get(DOWNLOAD, {"file": "roles.json"})
    assert response.status_code == 200
    assert [r["slug"] for r in json.loads(response.content)] == [r["slug"] for r in export_roles()]
    assert admin_client.get(DOWNLOAD, {"file": "../settings.py"}).status_code == 404


def test_the_dry_run_changes_nothing_and_shows_what_would(content, loader, stash_dir):
    files = downloaded(loader)
    roles = json.loads(files["roles.json"])
    old_summary = roles[0]["summary"]
    roles[0]["summary"] = "Un autre résumé."
    new = json.loads(json.dumps(roles[1]))
    new.pop("key", None)
    new.update(slug="nouveau-role", title="Nouveau rôle")
    roles.append(new)
    files["roles.json"] = json.dumps(roles).encode()
    questionnaire = json.loads(files["questionnaire.json"])
    questionnaire["questions"][1]["text"] = "Une question reformulée ?"
    files["questionnaire.json"] = json.dumps(questionnaire).encode()
    before = counts()

    response = upload(loader, files, mode="reset")

    assert response.status_code == 200
    assert counts() == before
    page = response.content.decode()
    diff = response.context["diff"]
    roles_section = diff.sections[2]
    assert roles_section.created == ["Nouveau rôle (nouveau-role)"]
    assert [(c.key, c.fields) for c in roles_section.changed] == [
        (roles[0].get("key", roles[0]["slug"]), ["résumé"])
    ]
    summary = roles_section.changed[0].changes[0]
    assert (summary.after, summary.before) == ("Un autre résumé.", old_summary)  # short: whole
    assert "Un autre résumé." in page and "Nouveau rôle (nouveau-role)" in page
    questions = diff.sections[3]
    assert [c.key for c in questions.changed] == [questionnaire["questions"][1]["key"]]
    assert "publié comme nouvelle version" in page or "new version" in page
    # Nothing in the repository's content directory, one private directory for the apply.
    assert [p.name for p in stash_dir.iterdir()] == [loader.session[CONTENT_UPLOAD_SESSION_KEY]["token"]]


def test_apply_loads_what_the_dry_run_showed_and_logs_it(content, loader, stash_dir):
    files = downloaded(loader)
    roles = json.loads(files["roles.json"])
    roles[0]["summary"] = "Un autre résumé."
    files["roles.json"] = json.dumps(roles).encode()
    upload(loader, files, mode="reset")
    token = loader.session[CONTENT_UPLOAD_SESSION_KEY]["token"]
    old = Questionnaire.objects.published().get()

    response = loader.post(APPLY, {"token": token})

    assert response.status_code == 302
    role = Role.objects.get(slug=roles[0]["slug"])
    assert role.summary == "Un autre résumé."
    assert Questionnaire.objects.published().get() != old  # reset: a new version
    entry = LogEntry.objects.get(object_id=str(role.pk), content_type__model="role")
    assert "résumé" in entry.change_message
    assert not list(stash_dir.iterdir())
    # The same token twice loads nothing more.
    again = loader.post(APPLY, {"token": token}, follow=True)
    assert "upload" in again.content.decode().lower() or "téléversez" in again.content.decode().lower()


def test_the_default_mode_only_adds_what_is_missing(content, loader, stash_dir):
    files = downloaded(loader)
    roles = json.loads(files["roles.json"])
    roles[0]["summary"] = "Ignoré : le rôle existe."
    new = json.loads(json.dumps(roles[1]))
    new.pop("key", None)
    new.update(slug="nouveau-role", title="Nouveau rôle")
    roles.append(new)
    files["roles.json"] = json.dumps(roles).encode()
    old = Questionnaire.objects.published().get()
    response = upload(loader, files)
    assert response.context["diff"].sections[2].created == ["Nouveau rôle (nouveau-role)"]
    assert response.context["diff"].sections[2].changed == []

    loader.post(APPLY, {"token": loader.session[CONTENT_UPLOAD_SESSION_KEY]["token"]})

    assert Role.objects.get(slug="nouveau-role").is_published
    assert Role.objects.get(slug=roles[0]["slug"]).summary != "Ignoré : le rôle existe."
    assert Questionnaire.objects.published().get() == old


def test_a_role_the_files_publish_without_a_path_is_loaded_as_a_draft(content, loader, stash_dir):
    files = downloaded(loader)
    roles = json.loads(files["roles.json"])
    new = json.loads(json.dumps(roles[1]))
    new.pop("key", None)
    new.update(slug="sans-parcours", title="Sans parcours", routes=[], practice=[])
    roles.append(new)
    files["roles.json"] = json.dumps(roles).encode()
    response = upload(loader, files)
    assert response.context["diff"].sections[2].created == ["Sans parcours (sans-parcours), brouillon"] or (
        response.context["diff"].sections[2].created == ["Sans parcours (sans-parcours), draft"]
    )
    loader.post(APPLY, {"token": loader.session[CONTENT_UPLOAD_SESSION_KEY]["token"]})
    assert not Role.objects.get(slug="sans-parcours").is_published


@pytest.mark.parametrize(
    "raw, expected",
    [
        (lambda files: [SimpleUploadedFile("content.zip", b"not a zip at all")], "zip"),
        (lambda files: [SimpleUploadedFile("roles.json", b"{not json")], "JSON"),
        (
            lambda files: [SimpleUploadedFile("c.zip", zip_of(files | {"roles.json": b"[1, 2"}))],
            "roles.json",
        ),
        (lambda files: [SimpleUploadedFile("c.zip", zip_of(files | {"../evil.json": b"[]"}))], "evil.json"),
        (
            lambda files: [SimpleUploadedFile("c.zip", zip_of(files | {"content/roles.json": b"[]"}))],
            "content/",
        ),
        (
            lambda files: [
                SimpleUploadedFile("c.zip", zip_of({k: v for k, v in files.items() if k != "roles.json"}))
            ],
            "roles.json",
        ),
        (
            lambda files: [SimpleUploadedFile(n, d) for n, d in files.items() if n != "sources.json"],
            "sources.json",
        ),
        (lambda files: [SimpleUploadedFile("notes.txt", b"hello")], "notes.txt"),
        (
            lambda files: [
                SimpleUploadedFile("c.zip", zip_of(files | {"roles.json": json.dumps([{"title": "x"}])}))
            ],
            "slug",
        ),
        (
            lambda files: [
                SimpleUploadedFile(
                    "c.zip",
                    zip_of(files | {"dimensions.json": json.dumps({"not": "a list"})}),
                )
            ],
            "dimensions.json",
        ),
    ],
    ids=[
        "not-a-zip",
        "bad-json",
        "bad-json-in-zip",
        "path-in-zip",
        "folder-in-zip",
        "missing-in-zip",
        "missing-file",
        "unknown-name",
        "invalid-data",
        "wrong-shape",
    ],
)
def test_a_bad_upload_is_a_form_error_and_changes_nothing(content, loader, stash_dir, raw, expected):
    files = downloaded(loader)
    before = counts()
    response = upload(loader, raw=raw(files))
    assert response.status_code == 400
    assert expected in response.context["form"].errors["files"][0]
    assert "errornote" in response.content.decode()
    assert counts() == before
    assert CONTENT_UPLOAD_SESSION_KEY not in loader.session


def test_a_conflict_is_explained(content, loader, stash_dir):
    files = downloaded(loader)
    roles = json.loads(files["roles.json"])
    taken = json.loads(json.dumps(roles[1]))
    taken.update(key="autre-cle")  # a new key whose slug another role has
    roles.append(taken)
    files["roles.json"] = json.dumps(roles).encode()
    response = upload(loader, files)
    assert response.status_code == 400
    error = response.context["form"].errors["files"][0]
    assert roles[1]["slug"] in error and "est déjà celui d’un autre métier" in error  # in the admin's French


def test_an_oversize_upload_is_refused(content, loader, stash_dir, monkeypatch):
    files = downloaded(loader)
    monkeypatch.setattr(content_files, "MAX_UPLOAD_BYTES", 1000)
    response = upload(loader, files)
    assert response.status_code == 400
    assert (
        "MB" in response.context["form"].errors["files"][0]
        or "Mo" in response.context["form"].errors["files"][0]
    )


def test_a_zip_bomb_is_refused_before_it_is_read_whole(content, loader, stash_dir, monkeypatch):
    files = downloaded(loader)
    monkeypatch.setattr(content_files, "MAX_CONTENT_BYTES", 100_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data if name != "roles.json" else b" " * 10_000_000)
    response = upload(loader, raw=[SimpleUploadedFile("c.zip", buffer.getvalue())])
    assert response.status_code == 400
    assert (
        "MB" in response.context["form"].errors["files"][0]
        or "Mo" in response.context["form"].errors["files"][0]
    )


def test_the_four_json_files_can_be_uploaded_without_a_zip(content, loader, stash_dir):
    files = downloaded(loader)
    response = upload(loader, raw=[SimpleUploadedFile(n, d) for n, d in files.items()])
    assert response.status_code == 200
    assert not response.context["diff"].has_changes


def test_editors_download_but_do_not_upload(content, editor_client, stash_dir):
    assert editor_client.get(PAGE).status_code == 200
    assert editor_client.get(PAGE).context["form"] is None
    files = downloaded(editor_client)
    assert upload(editor_client, files).status_code == 403
    assert editor_client.post(APPLY, {"token": "0" * 32}).status_code == 403


def test_staff_without_the_permission_get_403_and_anonymous_the_login(content, django_user_model):
    staff = django_user_model.objects.create_user("curieux", password="x-x-x-x-x-x", is_staff=True)
    other = Client()
    other.force_login(staff)
    for url in (PAGE, DOWNLOAD):
        assert other.get(url).status_code == 403
    assert other.post(APPLY, {"token": "0" * 32}).status_code == 403
    for url in (PAGE, DOWNLOAD):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_forged_token_loads_nothing(content, loader, stash_dir):
    files = downloaded(loader)
    upload(loader, files, mode="reset")
    before = counts()
    response = loader.post(APPLY, {"token": "f" * 32})
    assert response.status_code == 302
    assert counts() == before


def test_a_long_value_is_shown_where_it_starts_to_differ():
    before = "Une phrase qui reste. " * 20 + "Le salaire est de 40 000 €."
    after = "Une phrase qui reste. " * 20 + "Le salaire est de 45 000 €."
    old, new = content_files.excerpts(before, after)
    assert old.startswith("…") and new.startswith("…")
    assert "40 000" in old and "45 000" in new
    assert len(new) <= content_files.EXCERPT_LENGTH + 2


def test_lists_and_empty_values_read_as_text():
    assert content_files.excerpts(None, ["M1805"]) == ("—", '["M1805"]')
    with translation.override("fr"):
        assert content_files.excerpts(True, False) == ("oui", "non")


def test_of_two_lists_only_the_entries_that_differ_are_shown():
    salaries = [{"min": 45000, "max": 60000}, {"min": 60000, "max": 80000}]
    wrong = [{"min": 45000, "max": 60000}, {"min": 4500000, "max": 9000000}]
    old, new = content_files.excerpts(wrong, salaries)
    assert "4500000" in old and "45000," not in old  # the second range only, the first is the same
    assert "60000" in new and "80000" in new
    assert content_files.excerpts(["a"], ["a", "b"]) == ("—", "b")
