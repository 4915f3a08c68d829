"""Load the editable content files (``content/*.json``) into the database.

The rule, so that an editor's work in admin is never silently lost:

- every dimension, role and questionnaire loaded from the files keeps a *content key*
  (its slug in the files, or the slug of the questionnaire's title; a file entry may give
  its own ``"key"``), which editors cannot change. Loading finds what exists by that key,
  so renaming anything in admin, slugs and titles included, never makes a second copy;
- without ``reset``, only what is *missing* is created: a dimension or a role whose key
  is not in the database, and the questionnaire when none has its key (published only if
  no questionnaire is). Nothing that exists is changed, so a second run creates nothing;
- with ``reset``, every role of the files is brought back to the files (its fields,
  profile, salaries, career moves and training path; its address, the slug, stays), and
  the questionnaire of the files becomes a *new* published questionnaire: the old one is
  unpublished but kept, so attempts in progress keep working and finished results keep
  their snapshots;
- a missing entry whose slug (or a dimension's name) is taken by another row is a
  :class:`ContentConflict`: nothing is loaded, and the message says what to rename.

Deploys call it with ``only_if_empty``: the content is loaded into a fresh database once,
and a later deploy never touches it.

The files are plain JSON so an editor can read a change in a diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext

from careers.models import (
    CareerMove,
    Dimension,
    Pictogram,
    Role,
    RoleWeight,
    RomeCode,
    Route,
    SalaryRange,
    Source,
    TrainingStep,
    split_lines,
)
from core import content_version
from quiz.models import Choice, ChoiceEffect, Question, Questionnaire

ROLE_TEXT_FIELDS = [
    "title",
    "summary",
    "description",
    "education",
    "recommended_bac",
    "employability",
    "mobility",
    "fap_code",
    "fap_label",
]
STEP_TEXT_FIELDS = [
    "duration",
    "description",
    "apprenticeship",
    "rncp_number",
    "onisep_url",
    "parcoursup_query",
    "url",
]
ROLE_LIST_FIELDS = [
    "other_titles",
    "missions",
    "skills",
    "soft_skills",
    "sectors",
    "employers",
    "pros",
    "cons",
]


class ContentConflict(ValueError):
    """An entry of the files cannot be created: what it would be called is taken."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, bucket: dict[str, int], name: str, n: int = 1) -> None:
        bucket[name] = bucket.get(name, 0) + n

    def __str__(self) -> str:
        def fmt(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {k}" for k, n in sorted(d.items())) or "nothing"

        return " ".join([f"created: {fmt(self.created)}; reset: {fmt(self.updated)}", *self.notes])


def entry_key(data: dict, name: str) -> str:
    """The content key of an entry of the files: its own ``"key"``, or its ``name`` field."""
    return data.get("key") or data[name]


def questionnaire_key(data: dict) -> str:
    return data.get("key") or slugify(data["title"])


def file_key(obj: Dimension | Role) -> str:
    """How the files refer to a dimension or a role: its content key, or its slug without one."""
    return obj.content_key or obj.slug


def content_exists() -> bool:
    """Whether the database has any content at all (a deploy loads the files only when not)."""
    return Dimension.objects.exists() or Role.objects.exists() or Questionnaire.objects.exists()


def read_json(directory: Path, name: str):
    with (directory / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def content_load(*, directory: Path, reset: bool = False) -> LoadReport:
    report = LoadReport()
    sources = _load_sources(read_json(directory, "sources.json"), reset, report)
    dimensions = _load_dimensions(read_json(directory, "dimensions.json"), report)
    roles = read_json(directory, "roles.json")
    by_key = _by_key(Role.objects.all())
    slugs = set(Role.objects.values_list("slug", flat=True))
    fresh: list[tuple[Role, dict]] = []
    for data in roles:
        key = entry_key(data, "slug")
        role = by_key.get(key)
        if role is None:
            if data["slug"] in slugs:
                raise ContentConflict(
                    gettext(
                        "Role “%(key)s” of the content files cannot be created: its slug “%(slug)s” is "
                        "already the slug of another role. Change one of the two slugs, then load again."
                    )
                    % {"key": key, "slug": data["slug"]}
                )
            role = Role(slug=data["slug"], content_key=key)
            report.add(report.created, "roles")
        elif reset:
            role.content_key = key
            report.add(report.updated, "roles")
        else:
            continue
        _apply_role_fields(role, data, sources)
        role.full_clean(validate_unique=False)
        role.save()
        role.sources.set([sources[key] for key in data.get("sources", [])])
        by_key[key] = role
        slugs.add(role.slug)
        fresh.append((role, data))
    # Relations after every role exists, so career moves can point to any role.
    for role, data in fresh:
        _replace_role_relations(role, data, dimensions, by_key, sources)
        _keep_incomplete_role_a_draft(role, report)
    _load_questionnaire(read_json(directory, "questionnaire.json"), dimensions, reset, report)
    # bulk_create and update() send no signals: give the content a new version explicitly, in
    # this transaction, so no process keeps pages built from what was there before.
    content_version.bump()
    return report


def _keep_incomplete_role_a_draft(role: Role, report: LoadReport) -> None:
    """The files cannot publish what the admin would refuse to: a role they mark published that
    lacks a complete profile or a training path is loaded as a draft, and the report says why."""
    if not role.is_published:
        return
    problems = role.publication_problems()
    if problems:
        role.is_published = False
        role.save(update_fields=["is_published"])
        report.notes.append(
            gettext("Role “%(key)s” was loaded as a draft, not published: %(problems)s")
            % {"key": file_key(role), "problems": " ".join(str(p) for p in problems)}
        )


def _by_key(rows) -> dict:
    """Rows by the key the files know them by: their content key; a row an editor created
    (no content key) by its slug, unless a row loaded from the files has that key."""
    by_key = {}
    for row in sorted(rows, key=lambda row: bool(row.content_key)):
        by_key[file_key(row)] = row
    return by_key


def _load_dimensions(rows: list[dict], report: LoadReport) -> dict[str, Dimension]:
    every = list(Dimension.objects.all())
    existing = _by_key(every)
    slugs = {d.slug: d for d in every}
    names = {d.name: d for d in every}
    for order, row in enumerate(rows):
        key = entry_key(row, "slug")
        if key in existing:
            continue
        for taken, value, message in (
            (
                slugs,
                row["slug"],
                gettext(
                    "Dimension “%(key)s” of the content files cannot be created: its slug “%(value)s” is "
                    "already the slug of the dimension “%(other)s”. Change one of the two, then load again."
                ),
            ),
            (
                names,
                row["name"],
                gettext(
                    "Dimension “%(key)s” of the content files cannot be created: its name “%(value)s” is "
                    "already the name of the dimension “%(other)s”. Change one of the two, then load again."
                ),
            ),
        ):
            if value in taken:
                raise ContentConflict(message % {"key": key, "value": value, "other": taken[value].name})
        existing[key] = slugs[row["slug"]] = names[row["name"]] = Dimension.objects.create(
            slug=row["slug"],
            content_key=key,
            name=row["name"],
            description=row.get("description", ""),
            kind=row["kind"],
            order=order,
        )
        report.add(report.created, "dimensions")
    return existing


def _load_sources(rows: list[dict], reset: bool, report: LoadReport) -> dict[str, Source]:
    """Sources by key: the missing ones created; with ``reset`` the others brought back too."""
    existing = {source.key: source for source in Source.objects.all()}
    for row in rows:
        source = existing.get(row["key"])
        if source is not None and not reset:
            continue
        source = source or Source(key=row["key"])
        for name in ("title", "publisher", "url", "seed_file"):
            setattr(source, name, row.get(name) or "")
        source.year = row.get("year")
        source.full_clean(validate_unique=False)
        source.save()
        existing[source.key] = source
        report.add(report.updated if reset else report.created, "sources")
    return existing


def _source(sources: dict[str, Source], key: str | None) -> Source | None:
    if not key:
        return None
    if key not in sources:
        raise ContentConflict(gettext("The source “%(key)s” is not in sources.json.") % {"key": key})
    return sources[key]


def _apply_role_fields(role: Role, data: dict, sources: dict[str, Source]) -> None:
    for name in ROLE_TEXT_FIELDS:
        setattr(role, name, data.get(name) or "")
    for name in ROLE_LIST_FIELDS:
        setattr(role, name, "\n".join(data.get(name) or []))
    role.education_level = data.get("education_level") or ""
    role.education_level_source = _source(sources, data.get("education_level_source"))
    role.employability_source = _source(sources, data.get("employability_source"))
    role.pictogram = data.get("pictogram") or Pictogram.SPARK
    role.is_published = data.get("is_published", True)


def _replace_role_relations(
    role: Role,
    data: dict,
    dimensions: dict[str, Dimension],
    roles: dict[str, Role],
    sources: dict[str, Source],
) -> None:
    role.weights.all().delete()
    role.salaries.all().delete()
    role.career_moves.all().delete()
    role.steps.all().delete()
    role.routes.all().delete()
    role.rome_codes.all().delete()
    RoleWeight.objects.bulk_create(
        RoleWeight(role=role, dimension=dimensions[slug], weight=weight)
        for slug, weight in data.get("profile", {}).items()
    )
    for order, s in enumerate(data.get("salary_ranges") or []):
        salary = SalaryRange(
            role=role,
            order=order,
            label=s.get("label") or "",
            min_amount=s.get("min"),
            max_amount=s.get("max"),
            period=s.get("period") or "",
            currency=s.get("currency") or "",
            gross=s.get("gross"),
            source=_source(sources, s.get("source")),
            year=s.get("year"),
        )
        salary.full_clean(exclude=["role"])
        salary.save()
    for order, move in enumerate(data.get("career_moves") or []):
        target = roles.get(move["role"]) if move.get("role") else None
        label = move.get("label") or ("" if target else move.get("role", ""))
        CareerMove.objects.create(role=role, order=order, target=target, label=label)
    for order, code in enumerate(data.get("rome_codes") or []):
        rome = RomeCode(
            role=role,
            order=order,
            code=code["code"],
            label=code["label"],
            source=_source(sources, code["source"]),
        )
        rome.full_clean(exclude=["role"], validate_unique=False)
        rome.save()
    for order, r in enumerate(data.get("routes") or []):
        route = Route(
            role=role,
            order=order,
            title=r["title"],
            audience=r["audience"],
            from_level=r["from_level"],
            to_level=r.get("to_level") or "",
            duration=r.get("duration") or "",
            apprenticeship=r.get("apprenticeship") or "",
        )
        route.full_clean(exclude=["role"])
        route.save()
        for step_order, s in enumerate(r.get("steps") or []):
            _create_step(role, s, step_order, dimensions, sources, route=route)
    for order, s in enumerate(data.get("practice") or []):
        _create_step(role, s, order, dimensions, sources)


def _create_step(
    role: Role,
    data: dict,
    order: int,
    dimensions: dict[str, Dimension],
    sources: dict[str, Source],
    route: Route | None = None,
) -> None:
    step = TrainingStep(
        role=role,
        route=route,
        order=order,
        title=data["title"],
        kind=data["kind"],
        from_level=data.get("from_level") or "",
        to_level=data.get("to_level") or "",
        rncp_level=data.get("rncp_level"),
        source=_source(sources, data.get("source")),
        **{name: data.get(name) or "" for name in STEP_TEXT_FIELDS},
    )
    step.full_clean(exclude=["role", "route"])
    step.save()
    step.dimensions.set([dimensions[slug] for slug in data.get("dimensions", [])])


def _load_questionnaire(
    data: dict, dimensions: dict[str, Dimension], reset: bool, report: LoadReport
) -> None:
    key = questionnaire_key(data)
    known = Questionnaire.objects.filter(content_key=key) | Questionnaire.objects.filter(
        content_key="", title=data["title"]
    )
    if not reset and known.exists():
        return
    # A plain load never unpublishes what an editor published; a reset publishes the files'.
    publish = reset or not Questionnaire.objects.published().exists()
    if publish:
        Questionnaire.objects.filter(is_published=True).update(is_published=False)
    else:
        report.notes.append(
            gettext("The questionnaire of the files was created unpublished: another one is published.")
        )
    questionnaire = Questionnaire.objects.create(title=data["title"], content_key=key, is_published=publish)
    report.add(report.updated if reset else report.created, "questionnaires")
    effects = []
    for q_order, q in enumerate(data["questions"]):
        question = Question.objects.create(
            questionnaire=questionnaire,
            order=q_order,
            key=q["key"],
            text=q["text"],
            help_text=q.get("help_text") or "",
            kind=q.get("kind", "single"),
            asks=q.get("asks") or "",
        )
        for c_order, c in enumerate(q["choices"]):
            choice = Choice.objects.create(
                question=question,
                order=c_order,
                key=c["key"],
                text=c["text"],
                diploma=c.get("diploma") or "",
                situation=c.get("situation") or "",
                dont_know=bool(c.get("dont_know", False)),
            )
            effects.extend(
                ChoiceEffect(choice=choice, dimension=dimensions[slug], value=value)
                for slug, value in (c.get("effects") or {}).items()
                if value
            )
    ChoiceEffect.objects.bulk_create(effects)
    report.add(report.created, "questions", len(data["questions"]))


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new, unpublished questionnaire with the same questions, choices and effects (and content
    key: a version of the same questionnaire). Editors change the copy, then publish it, while the
    questions and choices students answered stay as they were in the original."""
    title = gettext("%(title)s (copy)") % {"title": questionnaire.title}
    copy = Questionnaire.objects.create(
        title=title[: Questionnaire._meta.get_field("title").max_length],
        content_key=questionnaire.content_key,
        is_published=False,
    )
    questions = questionnaire.questions.prefetch_related("choices__effects")
    effects = []
    for question in questions:
        choices = list(question.choices.all())
        question.pk, question.questionnaire, question._state.adding = None, copy, True
        question.save()
        for choice in choices:
            choice_effects = list(choice.effects.all())
            choice.pk, choice.question, choice._state.adding = None, question, True
            choice.save()
            effects += [
                ChoiceEffect(choice=choice, dimension_id=e.dimension_id, value=e.value)
                for e in choice_effects
            ]
    ChoiceEffect.objects.bulk_create(effects)
    content_version.bump()
    return copy


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire) -> None:
    """Make ``questionnaire`` (a draft copy) the one students take from now on. The one published
    before is kept, unpublished: attempts in progress on it go on with its questions, and finished
    results keep their snapshots."""
    Questionnaire.objects.filter(is_published=True).exclude(pk=questionnaire.pk).update(is_published=False)
    questionnaire.is_published = True
    # A model save: the content version moves, so the landing page and new quizzes use it at once.
    questionnaire.save(update_fields=["is_published", "updated_at"])


# The way back: the database into the same files, so an editor's work in admin
# can be reviewed in a diff and committed. ``content_load`` reads what this writes.


def content_export(*, directory: Path) -> dict[str, int]:
    """Write dimensions.json, roles.json and questionnaire.json (the published one) to ``directory``.

    Same keys and order as the files ``content_load`` reads. Roles come in the
    order they were created, profiles and effects in dimension order, and the
    dimensions a training step develops (a set) in dimension order too. Empty
    text is written as ``""``; a choice's ``diploma``, ``situation`` and
    ``dont_know`` only where it has one, and a role's ``is_published`` only when
    the role is unpublished.
    Returns how many of each were written.
    """
    questionnaire = Questionnaire.objects.published().first()
    if questionnaire is None:
        raise ValueError("No published questionnaire to export.")
    directory.mkdir(parents=True, exist_ok=True)
    sources = export_sources()
    dimensions = export_dimensions()
    roles = export_roles()
    questions = export_questionnaire(questionnaire)
    write_json(directory, "sources.json", sources)
    write_json(directory, "dimensions.json", dimensions)
    write_json(directory, "roles.json", roles)
    write_json(directory, "questionnaire.json", questions)
    return {"dimensions": len(dimensions), "roles": len(roles), "questions": len(questions["questions"])}


def export_sources() -> list[dict]:
    return [
        {
            "key": s.key,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "year": s.year,
            "seed_file": s.seed_file,
        }
        for s in Source.objects.order_by("pk")
    ]


def write_json(directory: Path, name: str, data) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    (directory / name).write_text(text, encoding="utf-8")


def _with_key(data: dict, obj: Dimension | Role) -> dict:
    """``data`` with a ``"key"`` after the slug when an editor changed the slug of a loaded row,
    so that loading the export finds the row again."""
    if obj.content_key in ("", obj.slug):
        return data
    items = list(data.items())
    return dict([items[0], ("key", obj.content_key), *items[1:]])


def export_dimensions() -> list[dict]:
    return [
        _with_key({"slug": d.slug, "name": d.name, "kind": d.kind, "description": d.description}, d)
        for d in Dimension.objects.all()
    ]


def export_roles() -> list[dict]:
    steps = (
        TrainingStep.objects.select_related("source").prefetch_related("dimensions").order_by("order", "id")
    )
    roles = (
        Role.objects.order_by("pk")
        .select_related("education_level_source", "employability_source")
        .prefetch_related(
            Prefetch("weights", queryset=RoleWeight.objects.select_related("dimension")),
            Prefetch("salaries", queryset=SalaryRange.objects.select_related("source")),
            Prefetch("rome_codes", queryset=RomeCode.objects.select_related("source")),
            Prefetch("career_moves", queryset=CareerMove.objects.select_related("target")),
            Prefetch("routes", queryset=Route.objects.prefetch_related(Prefetch("steps", queryset=steps))),
            Prefetch("steps", queryset=steps),
            Prefetch("sources", queryset=Source.objects.order_by("pk")),
        )
    )
    return [_with_key(_export_role(role), role) for role in roles]


def _export_role(role: Role) -> dict:
    def lines(name: str) -> list[str]:
        return split_lines(getattr(role, name))

    data = {
        "slug": role.slug,
        "title": role.title,
        "other_titles": lines("other_titles"),
        "summary": role.summary,
        "description": role.description,
        "missions": lines("missions"),
        "skills": lines("skills"),
        "soft_skills": lines("soft_skills"),
        "education": role.education,
        "education_level": role.education_level or None,
        "education_level_source": role.education_level_source.key if role.education_level_source else "",
        "recommended_bac": role.recommended_bac,
        "employability": role.employability,
        "employability_source": role.employability_source.key if role.employability_source else "",
        "mobility": role.mobility,
        "salary_ranges": [
            {
                "label": s.label,
                "min": s.min_amount,
                "max": s.max_amount,
                "period": s.period,
                "currency": s.currency,
                "gross": s.gross,
                "source": s.source.key if s.source else "",
                "year": s.year,
            }
            for s in role.salaries.all()
        ],
        "rome_codes": [
            {"code": c.code, "label": c.label, "source": c.source.key} for c in role.rome_codes.all()
        ],
        "fap_code": role.fap_code,
        "fap_label": role.fap_label,
        "sectors": lines("sectors"),
        "employers": lines("employers"),
        "career_moves": [_export_move(m) for m in role.career_moves.all()],
        "pros": lines("pros"),
        "cons": lines("cons"),
        "pictogram": role.pictogram,
        "profile": {
            file_key(w.dimension): w.weight
            for w in sorted(role.weights.all(), key=lambda w: (w.dimension.order, w.dimension.name))
        },
        "routes": [
            {
                "title": r.title,
                "audience": r.audience,
                "from_level": r.from_level,
                "to_level": r.to_level or None,
                "duration": r.duration,
                "apprenticeship": r.apprenticeship,
                "steps": [_export_step(s) for s in r.steps.all()],
            }
            for r in role.routes.all()
        ],
        "practice": [_export_step(s) for s in role.steps.all() if s.route_id is None],
        "sources": [s.key for s in role.sources.all()],
    }
    if not role.is_published:
        data["is_published"] = False
    return data


def _export_step(step: TrainingStep) -> dict:
    return {
        "title": step.title,
        "kind": step.kind,
        "from_level": step.from_level or None,
        "to_level": step.to_level or None,
        "rncp_level": step.rncp_level,
        **{name: getattr(step, name) for name in STEP_TEXT_FIELDS},
        "source": step.source.key if step.source else "",
        "dimensions": [file_key(d) for d in step.dimensions.all()],
    }


def _export_move(move: CareerMove) -> dict:
    data = {}
    if move.target is not None:
        data["role"] = file_key(move.target)
    if move.label or move.target is None:
        data["label"] = move.label
    return data


def export_questionnaire(questionnaire: Questionnaire) -> dict:
    effects = ChoiceEffect.objects.select_related("dimension").order_by("dimension__order", "dimension__name")
    choices = Choice.objects.prefetch_related(Prefetch("effects", queryset=effects))
    questions = questionnaire.questions.prefetch_related(Prefetch("choices", queryset=choices))
    data = {"title": questionnaire.title}
    if questionnaire.content_key not in ("", slugify(questionnaire.title)):
        data["key"] = questionnaire.content_key
    return data | {
        "questions": [_export_question(q) for q in questions],
    }


def _export_question(question: Question) -> dict:
    """A question as the file has it; what only the education questions have is written only there."""
    data = {
        "key": question.key,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
    }
    if question.asks:
        data["asks"] = question.asks
    data["choices"] = []
    for choice in question.choices.all():
        entry = {"key": choice.key, "text": choice.text}
        if choice.diploma:
            entry["diploma"] = choice.diploma
        if choice.situation:
            entry["situation"] = choice.situation
        entry["effects"] = {file_key(e.dimension): e.value for e in choice.effects.all()}
        if choice.dont_know:
            entry["dont_know"] = True
        data["choices"].append(entry)
    return data
