from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from quiz.models import Questionnaire
from quiz.quality import evaluate_questionnaire


class Command(BaseCommand):
    help = (
        "Simulate students drawn from each role's profile and report how often the "
        "published questionnaire ranks their own role first and in the top 3."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--per-role", type=int, default=200, help="students per role")
        parser.add_argument("--noise", type=float, default=0.3, help="probability of a random answer")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, per_role: int, noise: float, seed: int, json: bool, **options) -> None:
        if per_role < 1 or not 0 <= noise <= 1:
            raise CommandError("--per-role must be ≥ 1 and --noise between 0 and 1.")
        questionnaire = Questionnaire.objects.published().first()
        if questionnaire is None:
            raise CommandError("No published questionnaire: run `manage.py load_content` first.")
        evaluation = evaluate_questionnaire(questionnaire, per_role=per_role, noise=noise, seed=seed)
        if json:
            self.stdout.write(_dumps(evaluation.as_dict()))
            return
        self.stdout.write(
            f"{evaluation.students} simulated students ({per_role} per role, noise {noise}, seed {seed})"
        )
        self.stdout.write(f"{'role':34} {'top-1':>6} {'top-3':>6}")
        for slug, r in evaluation.per_role.items():
            self.stdout.write(f"{slug:34} {r.top1:6.1%} {r.top3:6.1%}")
        self.stdout.write(f"{'overall':34} {evaluation.top1:6.1%} {evaluation.top3:6.1%}")
        if evaluation.confused:
            self.stdout.write("Most confused (true role → ranked first instead):")
            for true_role, other, count in evaluation.confused[:5]:
                self.stdout.write(f"  {true_role} → {other}: {count}")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
