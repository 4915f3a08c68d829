from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from quiz import measures
from quiz.models import Questionnaire
from quiz.quality import measure_questionnaire


class Command(BaseCommand):
    help = (
        "Measure how far the published questionnaire's advice can be trusted: recovery of simulated "
        "students (noisy copies of each role, and students with levels of their own), fairness to "
        "students answering at random, reachability and robustness of every role, and the calibration "
        "of the confidence bands. Each section prints its target and PASS or FAIL."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--per-role", type=int, default=200, help="simulated students per role")
        parser.add_argument("--noise", type=float, default=0.3, help="probability of a random answer")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--check", action="store_true", help="fail (exit 1) when a section fails")

    def handle(
        self, *args, per_role: int, noise: float, seed: int, json: bool, check: bool, **options
    ) -> None:
        if per_role < 1 or not 0 <= noise <= 1:
            raise CommandError("--per-role must be ≥ 1 and --noise between 0 and 1.")
        questionnaire = Questionnaire.objects.published().first()
        if questionnaire is None:
            raise CommandError("No published questionnaire: run `manage.py load_content` first.")
        report = measure_questionnaire(questionnaire, per_role=per_role, noise=noise, seed=seed)
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            for line in report_lines(report, per_role=per_role, seed=seed):
                self.stdout.write(line)
        if check and not report.passed:
            failed = ", ".join(name for name, section in report.sections.items() if not section.passed)
            raise CommandError(f"Failed: {failed}.")


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def report_lines(report: measures.Report, *, per_role: int, seed: int) -> list[str]:
    lines: list[str] = []
    for section in (report.recovery, report.levels):
        e, t = section.evaluation, section.targets
        settings = ", ".join(f"{k} {v}" for k, v in section.settings.items())
        title = (
            "noisy copies of each role" if section.name == "recovery" else "students with levels of their own"
        )
        lines += [
            f"== {section.name}: {title} ({per_role} per role, {settings}, seed {seed}) — "
            f"{_verdict(section.passed)}",
            f"   target: top-1 ≥ {t['top1']:.2f}, top-3 ≥ {t['top3']:.2f}, every role top-3 ≥ {t['role_top3']:.2f}",
            f"   {'role':34} {'top-1':>6} {'top-3':>6}",
        ]
        lines += [f"   {slug:34} {r.top1:6.1%} {r.top3:6.1%}" for slug, r in e.per_role.items()]
        lines.append(f"   {'overall':34} {e.top1:6.1%} {e.top3:6.1%}")
        if e.confused:
            lines.append(
                "   most confused (true role → ranked first instead): "
                + ", ".join(f"{a} → {b} ({n})" for a, b, n in e.confused[:4])
            )
    f = report.fairness
    lo, hi = f.share_bounds
    rlo, rhi = f.rank_bounds
    lines += [
        f"== fairness: {f.students} students answering uniformly at random — {_verdict(f.passed)}",
        f"   target: each role first for {lo:.0%} to {hi:.0%} of them, mean rank {rlo:.1f} to {rhi:.1f}; "
        "flat and undecided profiles get the low-confidence state",
        f"   {'role':34} {'first':>6} {'mean rank':>10}",
    ]
    lines += [f"   {slug:34} {f.shares[slug]:6.1%} {f.mean_ranks[slug]:10.2f}" for slug in f.shares]
    lines.append(
        "   low confidence: "
        + ", ".join(f"{name} {'yes' if low else 'NO'}" for name, low in f.neutral.items())
    )
    reach = report.reachability
    lines += [
        f"== reachability: best fit found for each role (coordinate ascent) — {_verdict(reach.passed)}",
        f"   target: ≥ {reach.target:.0f} for every role",
    ]
    lines += [
        f"   {slug:34} {r.score:6.1f}{'' if r.first else '  (not first there)'}"
        for slug, r in reach.roles.items()
    ]
    robust = report.robustness
    lines += [
        "== robustness: from each role's preferred answers, one or two answers changed to their "
        f"second-best — {_verdict(robust.passed)}",
        f"   target: the role stays first in ≥ {robust.target:.0%} of the pairs, for every role",
        f"   {'role':34} {'1 change':>9} {'2 changes':>10}",
    ]
    lines += [
        f"   {slug:34} {r.singles:9.1%} {r.pairs:10.1%}{'' if r.first_at_preferred else '  (not first at all)'}"
        for slug, r in robust.roles.items()
    ]
    cal = report.calibration
    figures = cal.figures
    lines += [
        f"== calibration: the thresholds in use, measured again on this content — {_verdict(cal.passed)}",
        f"   measured: {_calibration(cal.measured)}",
        f"   in use:   {_calibration(cal.in_use)}",
        f"   own-role score of noisy copies: median {figures['own_p50']:.1f}, 10th percentile {figures['own_p10']:.1f}; "
        f"random answerers' best score: median {figures['random_top_p50']:.1f}, 90th percentile "
        f"{figures['random_top_p90']:.1f}",
        f"   low-confidence state: {figures['low_confidence_role_students']:.1%} of noisy copies, "
        f"{figures['low_confidence_random']:.1%} of random answerers",
    ]
    lines.append(f"== overall: {_verdict(report.passed)}")
    return lines


def _calibration(c) -> str:
    return (
        f"très proche ≥ {c.very_close:g}, proche ≥ {c.close:g}, tie ≤ {c.tie:g} points, "
        f"low confidence when margin ≤ {c.margin:g} and spread ≤ {c.spread:g} (or profile range ≤ {c.flat:g})"
    )


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
