"""Generate a large catalogue and questionnaire, to see how the pages scale.

    python -m bench.generate --roles 1000 --questions 200

Adds ``--roles`` published roles, each with a full profile (a weight on every dimension),
salary figures, career moves and a few training steps, and appends ``--questions`` questions
(with choices and their effects) to the published questionnaire. Deterministic for a given
``--seed``; everything goes in with ``bulk_create``, so 1,000 roles take a few seconds.
Generated slugs and keys start with ``gen-``; running it twice adds nothing the second time.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

PREFIX = "gen-"
KINDS = ["diploma", "course", "project", "experience"]
LEVELS = ["none", "bac", "bac3", "bac5", "bac8"]
WORDS = [
    "données", "modèles", "vision", "langage", "robots", "éthique", "produit", "qualité", "cloud",
    "capteurs", "santé", "finance", "énergie", "transport", "agriculture", "recherche", "sécurité",
    "audit", "industrie", "médias", "éducation",
]  # fmt: skip


def generate(*, roles: int, questions: int, seed: int = 1) -> dict[str, int]:
    """Add the generated content; return how many roles and questions were created."""
    from django.db import transaction

    from careers.models import (
        CareerMove,
        Dimension,
        Role,
        RoleWeight,
        RomeCode,
        Route,
        SalaryRange,
        Source,
        TrainingStep,
    )
    from core import content_version
    from quiz.models import Choice, ChoiceEffect, Question, Questionnaire

    rng = random.Random(seed)
    dimensions = list(Dimension.objects.all())
    if not dimensions:
        raise SystemExit("No dimension: load the content first (manage.py load_content).")
    created = {"roles": 0, "questions": 0}
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(
            key=f"{PREFIX}source",
            defaults={"title": "Données générées", "url": "https://example.org/", "year": 2025},
        )
        existing = set(Role.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
        new_roles = [
            Role(
                slug=f"{PREFIX}role-{i:04d}",
                title=f"Métier généré {i:04d}",
                other_titles="\n".join(f"Autre intitulé {i}-{k}" for k in range(3)),
                summary=f"Un métier de l'IA généré pour les mesures, autour de {rng.choice(WORDS)}.",
                description=" ".join(rng.choice(WORDS) for _ in range(120)),
                missions="\n".join(f"Mission {k} : {' '.join(rng.sample(WORDS, 5))}" for k in range(6)),
                skills="\n".join(" ".join(rng.sample(WORDS, 2)) for _ in range(6)),
                soft_skills="Écoute\nRigueur\nCuriosité",
                education="Un master ou une école d'ingénieurs, souvent après une licence.",
                education_level=rng.choice(LEVELS),
                recommended_bac="Bac général, spécialité mathématiques",
                education_level_source=source,
                employability="Bonne",
                employability_source=source,
                mobility="Forte",
                sectors="\n".join(rng.sample(WORDS, 4)),
                employers="\n".join(rng.sample(WORDS, 4)),
                pros="Métier d'avenir\nVariété des projets",
                cons="Veille permanente",
                is_published=True,
            )
            for i in range(roles)
            if f"{PREFIX}role-{i:04d}" not in existing
        ]
        Role.objects.bulk_create(new_roles, batch_size=500)
        created["roles"] = len(new_roles)
        saved = list(Role.objects.filter(slug__in=[r.slug for r in new_roles]))
        RoleWeight.objects.bulk_create(
            [RoleWeight(role=r, dimension=d, weight=rng.randint(0, 5)) for r in saved for d in dimensions],
            batch_size=2000,
        )
        SalaryRange.objects.bulk_create(
            [
                SalaryRange(
                    role=r,
                    order=k,
                    label=label,
                    min_amount=low,
                    max_amount=low + 8000,
                    period="year",
                    source=source,
                    year=2025,
                )
                for r in saved
                for k, (label, low) in enumerate([("Débutant", 38000), ("Confirmé", 52000)])
            ],
            batch_size=2000,
        )
        CareerMove.objects.bulk_create(
            [CareerMove(role=r, order=0, label="Responsable d'équipe IA") for r in saved], batch_size=2000
        )
        RomeCode.objects.bulk_create(
            [
                RomeCode(role=r, code="M1805", label="Études et développement informatique", source=source)
                for r in saved
            ],
            batch_size=2000,
        )
        routes = Route.objects.bulk_create(
            [
                Route(
                    role=r,
                    order=0,
                    title=f"Vers {r.title}",
                    audience="bac-general",
                    from_level="bac",
                    to_level="bac5",
                )
                for r in saved
            ],
            batch_size=2000,
        )
        route_of = {route.role_id: route for route in routes}
        steps = TrainingStep.objects.bulk_create(
            [
                TrainingStep(
                    role=r,
                    route=route_of[r.pk],
                    order=k,
                    title=f"Étape {k + 1} vers {r.title}",
                    kind=rng.choice(KINDS),
                    from_level=LEVELS[k],
                    to_level=LEVELS[k + 1],
                    rncp_level=5 + k,
                    duration=f"{k + 1} an(s)",
                    description="Une étape de formation générée.",
                    url="https://example.org/formation",
                )
                for r in saved
                for k in range(3)
            ],
            batch_size=2000,
        )
        through = TrainingStep.dimensions.through
        through.objects.bulk_create(
            [
                through(trainingstep_id=s.pk, dimension_id=d.pk)
                for s in steps
                for d in rng.sample(dimensions, 2)
            ],
            batch_size=2000,
        )

        questionnaire = Questionnaire.objects.published().first()
        if questionnaire is None:
            raise SystemExit("No published questionnaire: load the content first.")
        keys = set(questionnaire.questions.filter(key__startswith=PREFIX).values_list("key", flat=True))
        start = (questionnaire.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        new_questions = [
            Question(
                questionnaire=questionnaire,
                order=start + i,
                key=f"{PREFIX}question-{i:03d}",
                text=f"Question générée {i + 1} : qu'est-ce qui vous attire le plus ?",
                kind="multiple" if i % 5 == 4 else "single",
            )
            for i in range(questions)
            if f"{PREFIX}question-{i:03d}" not in keys
        ]
        Question.objects.bulk_create(new_questions)
        created["questions"] = len(new_questions)
        saved_questions = list(questionnaire.questions.filter(key__in=[q.key for q in new_questions]))
        choices = Choice.objects.bulk_create(
            [
                Choice(question=q, order=k, key=f"choix-{k}", text=f"Réponse {k + 1} : {rng.choice(WORDS)}")
                for q in saved_questions
                for k in range(4)
            ],
            batch_size=2000,
        )
        ChoiceEffect.objects.bulk_create(
            [
                ChoiceEffect(choice=c, dimension=d, value=rng.choice([-2, -1, 1, 2]))
                for c in choices
                for d in rng.sample(dimensions, 3)
            ],
            batch_size=2000,
        )
        # bulk_create sends no signal: say the content changed, so no process keeps old pages.
        content_version.bump()
    return created


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    created = generate(roles=args.roles, questions=args.questions, seed=args.seed)
    print(f"generated {created['roles']} roles and {created['questions']} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
