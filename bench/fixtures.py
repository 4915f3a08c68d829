"""What the benchmark's requests need: started attempts with their cookie, finished results.

    python -m bench.fixtures prepare OUT.json [--started 400] [--finished 20]
    python -m bench.fixtures verify OUT.json

``prepare`` starts attempts through ``quiz.services`` (not over HTTP, so the start endpoint's
rate limit plays no part), signs each one's quiz cookie as the start view does and pairs it
with a CSRF secret, so wrk can replay a browser's cookies and form token. Every started
attempt has answered the benchmarked question with its *first* choice; the POST benchmark sends
the *second* one, and ``verify`` checks that every attempt it reached now holds it: the
POST really recorded answers, it did not just bounce (a redirect to the landing page would
look just as fast).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def bench_question(questions):
    """A scored single-choice question near the middle: neither one of the first questions (diploma,
    situation: they score nothing) nor the last one (its answer would finish the quiz)."""
    middle = len(questions) // 2
    for position in [*range(middle, len(questions)), *range(middle - 1, 0, -1)]:
        question = questions[position - 1]
        if not question.multiple and question.is_scored and len(question.choices.all()) >= 2:
            return position, question
    raise SystemExit("No single-choice question to benchmark in the published questionnaire.")


def prepare(out: str, *, started: int, finished: int, seed: int = 7) -> dict:
    from django.conf import settings
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from careers.models import Role
    from quiz import selectors, services
    from quiz.models import Questionnaire
    from quiz.views import attempt_cookie_value

    rng = random.Random(seed)
    questionnaire = Questionnaire.objects.published().get()
    probe = services.attempt_start(questionnaire=questionnaire, language="fr")
    questions = selectors.questions_with_effects(probe.questionnaire_id)
    probe.delete()
    position, question = bench_question(questions)
    before, after = list(question.choices.all())[:2]

    started_attempts = []
    for _ in range(started):
        attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
        services.answer_record(attempt=attempt, question=question, choices=[before])
        started_attempts.append(
            {
                "attempt": str(attempt.public_id),
                "cookie": attempt_cookie_value(attempt),
                "csrf": get_random_string(32, string.ascii_letters + string.digits),
            }
        )

    results = []
    for _ in range(finished):
        attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
        for q in questions:
            choices = list(q.choices.all())
            picked = rng.sample(choices, rng.randint(1, 2)) if q.multiple else [rng.choice(choices)]
            services.answer_record(attempt=attempt, question=q, choices=picked)
        services.attempt_finish(attempt=attempt)
        results.append(reverse("quiz:results", kwargs={"public_id": attempt.public_id}))

    # A seeded role (not a generated one), so runs at every scale show the same page.
    role = Role.objects.published().exclude(slug__startswith="gen-").order_by("title").first()
    data = {
        "attempt_cookie": settings.QUIZ_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "question": {
            "position": position,
            "id": question.pk,
            "path": reverse("quiz:question", kwargs={"position": position}),
            "next": reverse("quiz:question", kwargs={"position": position + 1}),
            "before": before.pk,
            "after": after.pk,
        },
        "question_count": len(questions),
        "role_count": Role.objects.published().count(),
        "started": started_attempts,
        "results": results,
        "role": role.get_absolute_url(),
        "catalogue": reverse("careers:catalogue"),
        "landing": reverse("quiz:landing"),
        "start": reverse("quiz:start"),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    return data


def verify(path: str) -> tuple[int, int]:
    """How many prepared attempts now hold the posted answer, out of how many."""
    from quiz.models import Answer

    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    question = data["question"]
    holding = (
        Answer.objects.filter(
            attempt__public_id__in=[s["attempt"] for s in data["started"]],
            question_id=question["id"],
            choices__id=question["after"],
        )
        .values("attempt")
        .distinct()
        .count()
    )
    return holding, len(data["started"])


def used_database() -> int:
    """How many attempts the database already holds (0 when it has no tables yet)."""
    from django.db import connection

    from quiz.models import Attempt

    if Attempt._meta.db_table not in connection.introspection.table_names():
        return 0
    return Attempt.objects.count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark fixtures.")
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare")
    prep.add_argument("out")
    prep.add_argument("--started", type=int, default=400)
    prep.add_argument("--finished", type=int, default=20)
    check = sub.add_parser("verify")
    check.add_argument("path")
    check.add_argument("--at-least", type=int, default=None, help="attempts that must hold it (default: all)")
    sub.add_parser("attempts", help="how many attempts the database already holds")
    args = parser.parse_args(argv)
    _setup()
    if args.command == "attempts":
        print(used_database())
        return 0
    if args.command == "prepare":
        data = prepare(args.out, started=args.started, finished=args.finished)
        print(
            f"prepared {len(data['started'])} started and {len(data['results'])} finished attempts "
            f"({data['role_count']} roles, {data['question_count']} questions)"
        )
        return 0
    holding, total = verify(args.path)
    wanted = total if args.at_least is None else min(args.at_least, total)
    print(
        f"{holding} of {total} prepared attempts hold the answer the POST benchmark sent (≥ {wanted} expected)"
    )
    return 0 if holding >= wanted else 1


if __name__ == "__main__":
    sys.exit(main())
