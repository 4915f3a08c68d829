"""What students read of the content says nothing of how the project is built.

The role facts come from articles the project was given (the "seed" articles): that word is the
developers', never the students'. A step or a figure says what is true; the role page's Sources
section names where it comes from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags

from careers.models import CareerMove, Dimension, Role, RomeCode, Route, SalaryRange, Source, TrainingStep
from quiz.models import Choice, Question, Questionnaire
from tests.seeds import SEEDED_ROLE_SLUGS

JARGON = re.compile(r"\bseeds?\b", re.IGNORECASE)
# Fields that tie a row to the files or the code, never shown to a student.
INTERNAL_FIELDS = {"seed_file", "content_key", "key", "slug"}
CONTENT_MODELS = [
    Dimension,
    Role,
    Route,
    TrainingStep,
    SalaryRange,
    RomeCode,
    CareerMove,
    Source,
    Questionnaire,
    Question,
    Choice,
]


def strings(value, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a JSON document, with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in INTERNAL_FIELDS:
                yield from strings(item, f"{where}.{key}")


def visible_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and field.name not in INTERNAL_FIELDS
    ]


def test_the_jargon_pattern_finds_the_word_and_only_the_word():
    assert JARGON.search("Le seed 001 souligne")
    assert JARGON.search("cités par le Seed.")
    assert not JARGON.search("seed_file") and not JARGON.search("seedling") and not JARGON.search("linseed")


@pytest.mark.parametrize("name", ["roles.json", "sources.json", "dimensions.json", "questionnaire.json"])
def test_no_text_of_the_content_files_says_seed(name):
    data = json.loads((Path(settings.CONTENT_DIR) / name).read_text(encoding="utf-8"))
    found = [(where, text) for where, text in strings(data) if JARGON.search(text)]
    assert not found, found


@pytest.mark.django_db
def test_no_field_a_student_reads_says_seed(content):
    found = []
    for model in CONTENT_MODELS:
        names = visible_fields(model)
        assert names, model
        for row in model.objects.values("pk", *names):
            found += [(model.__name__, row["pk"], name) for name in names if JARGON.search(row[name] or "")]
    assert not found, found


@pytest.mark.django_db
def test_no_role_page_says_seed(client, content):
    for slug in sorted(SEEDED_ROLE_SLUGS):
        html = client.get(reverse("careers:role_detail", kwargs={"slug": slug})).text
        text = strip_tags(html[html.index("<main") :])
        assert not JARGON.search(text), (slug, JARGON.findall(text))
        assert "fourni au projet" not in text, slug
