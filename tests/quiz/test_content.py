from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from careers.models import Dimension, EducationLevel, Role, RoleWeight, TrainingStep
from quiz.models import Choice, ChoiceEffect, Question, Questionnaire, Situation

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Dimension,
            Role,
            RoleWeight,
            TrainingStep,
            Questionnaire,
            Question,
            Choice,
            ChoiceEffect,
        )
    }


def load(**kwargs) -> str:
    out = io.StringIO()
    call_command("load_content", stdout=out, **kwargs)
    return out.getvalue()


def test_the_questionnaire_asks_at_most_26_questions_with_the_diploma_and_the_situation(content):
    questions = content.questions.all()
    assert 20 <= len(questions) <= 26
    diploma = questions.get(asks=Question.Asks.DIPLOMA)
    assert set(diploma.choices.values_list("diploma", flat=True)) == set(EducationLevel.values)
    situation = questions.get(asks=Question.Asks.SITUATION)
    assert set(situation.choices.values_list("situation", flat=True)) == set(Situation.values)
    assert not diploma.choices.filter(effects__isnull=False).exists()
    assert not situation.choices.filter(effects__isnull=False).exists()


def test_every_dimension_has_a_self_rating_with_a_dont_know(content):
    # "How at ease are you with …" on four steps, and "je ne sais pas", which leaves it unknown.
    rated = {}
    for question in content.questions.filter(choices__dont_know=True).distinct():
        choices = list(question.choices.prefetch_related("effects__dimension"))
        known = [c for c in choices if not c.dont_know]
        assert [c for c in choices if c.dont_know] == [choices[-1]], question.key
        assert not choices[-1].effects.exists()
        dims = {e.dimension.slug for c in known for e in c.effects.all()}
        assert len(dims) == 1, question.key
        assert [e.value for c in known for e in c.effects.all()] == [-2, -1, 1, 2], question.key
        rated[dims.pop()] = question.key
    assert set(rated) == set(Dimension.objects.values_list("slug", flat=True))


def test_the_questions_speak_to_adults_too_and_use_no_jargon(content):
    texts = " ".join(
        [q.text + " " + q.help_text for q in content.questions.all()]
        + list(Choice.objects.filter(question__questionnaire=content).values_list("text", flat=True))
    ).lower()
    for word in ("serveur", "flux de données", "en anglais", "ton lycée", "au lycée", "nsi", "élèves", "gpu"):
        assert word not in texts.replace("au collège ou au lycée", ""), word


def test_deferring_to_someone_else_never_counts_as_leadership(content):
    deferring = Choice.objects.filter(
        question__questionnaire=content, effects__dimension__slug="leadership", effects__value__gt=0
    )
    for text in deferring.values_list("text", flat=True):
        assert "responsable de trancher" not in text and "quelqu'un d'autre" not in text, text


def test_every_dimension_is_asked_about_by_several_questions(content):
    for dimension in Dimension.objects.all():
        touched = Question.objects.filter(choices__effects__dimension=dimension).distinct().count()
        assert touched >= 3, dimension


def test_loading_twice_creates_nothing_twice(content):
    before = counts()
    output = load()
    assert counts() == before
    assert "created: nothing" in output


def test_loading_never_overwrites_an_editors_change(content):
    Role.objects.filter(slug="data-scientist").update(summary="Résumé de l'éditrice")
    question = Question.objects.filter(asks="").first()
    question.text = "Question reformulée ?"
    question.save()
    load()
    assert Role.objects.get(slug="data-scientist").summary == "Résumé de l'éditrice"
    assert Question.objects.get(pk=question.pk).text == "Question reformulée ?"


def test_reset_brings_roles_back_and_publishes_a_new_questionnaire(content):
    Role.objects.filter(slug="data-scientist").update(summary="Résumé de l'éditrice")
    load(reset=True)
    files = {r["slug"]: r for r in json.loads((settings.CONTENT_DIR / "roles.json").read_text())}
    assert Role.objects.get(slug="data-scientist").summary == files["data-scientist"]["summary"]
    assert Questionnaire.objects.count() == 2
    assert Questionnaire.objects.published().get() != content


def test_a_missing_role_is_created_again_without_touching_others(content):
    Role.objects.filter(slug="chercheur-ia").delete()
    Role.objects.filter(slug="data-scientist").update(summary="Gardé")
    load()
    assert Role.objects.filter(slug="chercheur-ia").exists()
    assert Role.objects.get(slug="data-scientist").summary == "Gardé"


# Editors rename things in admin; a deploy (`load_content --if-empty`, as `make prod` runs it)
# and an explicit load must leave their work alone, never make a second copy, never fail.


def published_roles() -> list[str]:
    return sorted(Role.objects.published().values_list("title", flat=True))


def test_a_deploy_loads_the_content_into_a_fresh_database_once(db):
    output = load(if_empty=True)
    assert "created: 12 dimensions" in output
    roles = Role.objects.count()
    Role.objects.filter(slug="chercheur-ia").delete()
    assert "nothing loaded" in load(if_empty=True)
    assert Role.objects.count() == roles - 1


def test_make_prod_loads_content_only_into_a_fresh_database():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    start = makefile.index("\nprod:")
    prod = makefile[start : makefile.index("\n\n", start)]
    assert "load_content --if-empty" in prod
    assert "load_content\n" not in prod


def test_a_renamed_questionnaire_stays_published_and_alone(content):
    content.title = "Questionnaire de rentrée"
    content.save()
    for options in ({"if_empty": True}, {}):
        load(**options)
        assert Questionnaire.objects.get() == content
        assert Questionnaire.objects.published().get().title == "Questionnaire de rentrée"


def test_a_role_whose_slug_changed_is_not_published_twice(content):
    titles = published_roles()
    Role.objects.filter(slug="data-scientist").update(slug="scientifique-des-donnees")
    for options in ({"if_empty": True}, {}):
        load(**options)
        assert published_roles() == titles
        assert not Role.objects.filter(slug="data-scientist").exists()


def test_a_role_whose_slug_changed_is_reset_in_place(content):
    role = Role.objects.get(slug="data-scientist")
    Role.objects.filter(pk=role.pk).update(slug="scientifique-des-donnees", summary="Résumé de l'éditrice")
    load(reset=True)
    role.refresh_from_db()
    files = {r["slug"]: r for r in json.loads((settings.CONTENT_DIR / "roles.json").read_text())}
    assert role.summary == files["data-scientist"]["summary"]
    assert role.slug == "scientifique-des-donnees"
    assert Role.objects.count() == len(files)


def test_a_dimension_whose_slug_changed_never_breaks_a_load(content):
    before = counts()
    dimension = Dimension.objects.get(slug="programmation")
    dimension.slug = "code"
    dimension.name = "Code et logiciel"
    dimension.save()
    for options in ({"if_empty": True}, {}, {"reset": True}):
        load(**options)
    dimension.refresh_from_db()
    assert (dimension.slug, dimension.name) == ("code", "Code et logiciel")
    assert Dimension.objects.count() == before["Dimension"]
    # The reset found the dimension by its key: every profile still has it.
    assert RoleWeight.objects.filter(dimension=dimension).count() == Role.objects.count()
    assert ChoiceEffect.objects.filter(
        dimension=dimension, choice__question__questionnaire__is_published=True
    )


def test_content_keys_are_set_on_load_and_not_editable_in_admin(content):
    assert Dimension.objects.get(slug="programmation").content_key == "programmation"
    assert Role.objects.get(slug="data-scientist").content_key == "data-scientist"
    assert content.content_key == "questionnaire-cap-ia"
    for model in (Dimension, Role, Questionnaire):
        assert not model._meta.get_field("content_key").editable


def test_a_plain_load_never_unpublishes_an_editors_questionnaire(content):
    content.delete()
    own = Questionnaire.objects.create(title="Questionnaire de l'éditrice", is_published=True)
    output = load()
    assert Questionnaire.objects.published().get() == own
    seeded = Questionnaire.objects.get(content_key="questionnaire-cap-ia")
    assert not seeded.is_published
    assert "created unpublished" in output


def test_a_slug_taken_by_another_role_is_refused_with_a_clear_message(content):
    Role.objects.filter(slug="chercheur-ia").delete()
    Role.objects.filter(slug="data-scientist").update(slug="chercheur-ia")
    before = counts()
    with pytest.raises(CommandError, match="slug “chercheur-ia” is already the slug of another role"):
        load()
    assert counts() == before


def test_a_dimension_name_taken_is_refused_with_a_clear_message(content):
    Dimension.objects.filter(slug="programmation").delete()
    Dimension.objects.filter(slug="donnees").update(name="Programmation")
    with pytest.raises(CommandError, match="Dimension “programmation”.*name “Programmation”"):
        load()


def test_a_role_an_editor_created_is_not_copied_by_a_load(content):
    """An editor's role (no content key) that a content file names by its slug is left alone."""
    Role.objects.filter(slug="chercheur-ia").update(content_key="")
    before = counts()
    assert "created: nothing" in load()
    assert counts() == before


def test_role_titles_and_summaries_speak_to_everyone(content):
    for role in Role.objects.all():
        assert not role.summary.startswith(("Il ", "Elle ")), role.slug
        assert " il " not in f" {role.summary} ".lower(), role.slug
    titles = set(Role.objects.values_list("title", flat=True))
    assert {"Chercheur ou chercheuse en IA", "Ingénieur ou ingénieure machine learning"} <= titles
    assert not titles & {"Chercheur en IA", "Ingénieur machine learning", "Contrôleur des performances IA"}
