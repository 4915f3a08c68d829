"""`make loadcheck`: a class of simulated students on two servers sharing one PostgreSQL.

    scripts/with-postgres.sh python -m bench.loadcheck [--students 300] [--concurrency 30]

Two gunicorn instances (production settings, different ports) serve one throwaway PostgreSQL
database. Each simulated student opens the landing page, starts the quiz with the form's CSRF
token, answers every question by reading the choices from the question's form (a random choice,
or a random set of boxes; one answer in ten is sent twice, like a double tap), follows the redirects to the results page and loads it; successive
requests alternate between the two instances, so nothing may live in one process only. Then the
database is asked: every finished attempt must hold exactly one answer per question.

Bounded: ``--students`` in all, ``--concurrency`` at a time, and ``--time-limit`` seconds after
which no new student starts. Exits non-zero when an answer is missing or doubled, a student
could not finish, or a results page did not answer 200. Standard library only (threads and
http.client): what a browser does, minus the rendering.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from bench.common import errors_in_log, free_port, gunicorn, production_env, setup_site

RESULTS_PATH = re.compile(r"^/resultats/([0-9a-f-]{36})/$")
QUESTION_PATH = re.compile(r"^/quiz/question/(\d+)/$")


class FormParser(HTMLParser):
    """The forms of a page: action, method and inputs (name, type, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"), "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append((a.get("name", ""), a.get("type", "text"), a.get("value", "")))


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class StudentFailed(Exception):
    pass


@dataclass
class Browser:
    """Cookies and one connection per server; each request goes to the next server in turn."""

    ports: list[int]
    cookies: dict[str, str] = field(default_factory=dict)
    turn: int = 0
    requests: Counter = field(default_factory=Counter)

    def request(self, method: str, path: str, data: dict | list | None = None) -> tuple[int, str, str]:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    cookie_value = rest.split(";", 1)[0]
                    if cookie_value in ("", '""'):
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = cookie_value
            self.requests[port] += 1
            return response.status, response.getheader("Location", ""), text
        finally:
            conn.close()


@dataclass
class Outcome:
    student: int
    finished: bool = False
    public_id: str = ""
    answers_sent: int = 0
    results_status: int = 0
    error: str = ""
    requests: Counter = field(default_factory=Counter)


def csrf_token(form: dict) -> str:
    for name, _, value in form["inputs"]:
        if name == "csrfmiddlewaretoken":
            return value
    raise StudentFailed("a form without its CSRF token")


def student(index: int, ports: list[int], question_count: int, seed: int, double_rate: float) -> Outcome:
    rng = random.Random(seed * 100_003 + index)
    browser = Browser(ports=ports, turn=index)
    outcome = Outcome(student=index, requests=browser.requests)
    try:
        status, _, html = browser.request("GET", "/")
        if status != 200:
            raise StudentFailed(f"landing page: {status}")
        start = next((f for f in forms_of(html) if f["action"] == "/quiz/commencer/"), None)
        if start is None:
            raise StudentFailed("no start form on the landing page")
        status, location, _ = browser.request(
            "POST", start["action"], {"csrfmiddlewaretoken": csrf_token(start)}
        )
        if status != 302 or not QUESTION_PATH.match(location):
            raise StudentFailed(f"start: {status} → {location!r}")
        answered: set[str] = set()
        for _ in range(question_count * 3):  # a safety bound: the quiz ends long before
            status, _, html = browser.request("GET", location)
            if status != 200:
                raise StudentFailed(f"GET {location}: {status}")
            form = next((f for f in forms_of(html) if any(n == "choice" for n, _, _ in f["inputs"])), None)
            if form is None:
                raise StudentFailed(f"no question form on {location}")
            choices = [(kind, value) for name, kind, value in form["inputs"] if name == "choice"]
            if choices[0][0] == "checkbox":
                picked = [v for _, v in choices if rng.random() < 0.4]
            else:
                picked = [rng.choice(choices)[1]]
            data = [("csrfmiddlewaretoken", csrf_token(form)), *(("choice", v) for v in picked)]
            status, next_location, _ = browser.request("POST", form["action"], data)
            if status != 302:
                raise StudentFailed(f"POST {form['action']}: {status}")
            outcome.answers_sent += 1
            if rng.random() < double_rate:
                # A double tap: the same answer again must replace the first, never add to it.
                status, again, _ = browser.request("POST", form["action"], data)
                if status != 302 or again != next_location:
                    raise StudentFailed(f"second POST {form['action']}: {status} → {again!r}")
                outcome.answers_sent += 1
            answered.add(form["action"])
            if RESULTS_PATH.match(next_location):
                outcome.public_id = RESULTS_PATH.match(next_location).group(1)
                break
            if not QUESTION_PATH.match(next_location):
                raise StudentFailed(f"POST {form['action']} → {next_location!r}")
            location = next_location
        else:
            raise StudentFailed("the quiz never ended")
        outcome.finished = True
        if len(answered) != question_count:
            raise StudentFailed(f"answered {len(answered)} distinct questions of {question_count}")
        outcome.results_status, _, html = browser.request("GET", f"/resultats/{outcome.public_id}/")
        if outcome.results_status != 200 or "ranking-list" not in html:
            raise StudentFailed(f"results page: {outcome.results_status}")
    except StudentFailed as failure:
        outcome.error = str(failure)
    except OSError as failure:
        outcome.error = f"connection: {failure}"
    return outcome


def check_database(public_ids: list[str]) -> dict:
    """Ask the database what was stored for the finished attempts."""
    import django

    django.setup()
    from django.db.models import Count

    from quiz.models import Answer, Attempt, Question, Result

    attempts = {str(a.public_id): a for a in Attempt.objects.filter(public_id__in=public_ids)}
    questions: dict[int, set[int]] = {}
    for qid, questionnaire_id in Question.objects.values_list("pk", "questionnaire_id"):
        questions.setdefault(questionnaire_id, set()).add(qid)
    per_pair = (
        Answer.objects.filter(attempt__public_id__in=public_ids)
        .values("attempt_id", "question_id")
        .annotate(n=Count("id"))
    )
    stored: dict[int, set[int]] = {}
    doubled = 0
    total = 0
    for row in per_pair:
        total += row["n"]
        doubled += row["n"] - 1
        stored.setdefault(row["attempt_id"], set()).add(row["question_id"])
    missing = sum(len(questions[a.questionnaire_id] - stored.get(a.pk, set())) for a in attempts.values())
    foreign = sum(len(stored.get(a.pk, set()) - questions[a.questionnaire_id]) for a in attempts.values())
    single_wrong = (
        Answer.objects.filter(attempt__public_id__in=public_ids, question__kind="single")
        .annotate(n=Count("choices"))
        .exclude(n=1)
        .count()
    )
    return {
        "attempts": len(attempts),
        "finished": sum(1 for a in attempts.values() if a.finished_at),
        "results": Result.objects.filter(attempt__public_id__in=public_ids).count(),
        "answers": total,
        "expected": sum(len(questions[a.questionnaire_id]) for a in attempts.values()),
        "missing": missing,
        "doubled": doubled,
        "foreign": foreign,
        "single_wrong": single_wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=30, help="students at a time")
    parser.add_argument("--time-limit", type=int, default=300, help="seconds after which no student starts")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--double-submit", type=float, default=0.1, help="share of answers sent twice")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "loadcheck needs PostgreSQL: run `make loadcheck`, or "
            "`scripts/with-postgres.sh .venv/bin/python -m bench.loadcheck`.",
            file=sys.stderr,
        )
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="capia-loadcheck-"))
    try:
        # The start endpoint's per-address limit would stop a class behind one address: off here.
        env = production_env(workdir, QUIZ_START_RATE_LIMIT="0")
        print("setting up (PostgreSQL, DEBUG=0) …", flush=True)
        setup_site(env)
        os.environ.update(
            {k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "STATIC_ROOT")}
        )
        import django

        django.setup()
        from quiz.models import Questionnaire

        question_count = Questionnaire.objects.published().get().questions.count()
        ports = [free_port(), free_port()]
        logs = [workdir / f"gunicorn-{port}.log" for port in ports]
        with (
            gunicorn(env, port=ports[0], workers=args.workers, threads=1, log=logs[0]),
            gunicorn(env, port=ports[1], workers=args.workers, threads=1, log=logs[1]),
        ):
            print(
                f"{args.students} students, {args.concurrency} at a time, {question_count} questions each, "
                f"on ports {ports[0]} and {ports[1]} …",
                flush=True,
            )
            outcomes = run_class(args, ports, question_count)
        elapsed = outcomes.pop()
        return report(outcomes, elapsed, ports, logs, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_class(args, ports: list[int], question_count: int) -> list:
    started = time.monotonic()
    deadline = started + args.time_limit
    outcomes: list = []
    lock = threading.Lock()

    def one(index: int) -> Outcome:
        if time.monotonic() > deadline:
            return Outcome(student=index, error="not started: time limit reached")
        return student(index, ports, question_count, args.seed, args.double_submit)

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = [pool.submit(one, i) for i in range(args.students)]
        for future in as_completed(futures):
            outcome = future.result()
            with lock:
                outcomes.append(outcome)
                if len(outcomes) % 50 == 0:
                    print(f"  {len(outcomes)} students done", flush=True)
    outcomes.append(time.monotonic() - started)
    return outcomes


def report(outcomes: list[Outcome], elapsed: float, ports: list[int], logs: list[Path], args) -> int:
    finished = [o for o in outcomes if o.finished]
    failed = [o for o in outcomes if o.error]
    requests = sum((o.requests for o in outcomes), Counter())
    pages_ok = sum(1 for o in finished if o.results_status == 200)
    db = check_database([o.public_id for o in finished])
    log_errors = [line for log in logs for line in errors_in_log(log)]

    print()
    print(f"students: {len(outcomes)} of {args.students} ran, {len(finished)} finished, {len(failed)} failed")
    print(
        f"requests: {sum(requests.values()):,} in {elapsed:.1f} s ({sum(requests.values()) / elapsed:,.0f}/s), "
        + ", ".join(f"{requests[p]:,} on port {p}" for p in ports)
    )
    print(f"answers sent: {sum(o.answers_sent for o in outcomes):,} (re-sent ones replace, never add)")
    print(
        f"answers stored: {db['answers']:,} for {db['attempts']} finished attempts, {db['expected']:,} expected "
        f"(exactly one per attempt and question): {db['missing']} missing, {db['doubled']} doubled, "
        f"{db['foreign']} for a question of another questionnaire, "
        f"{db['single_wrong']} single-choice answers without exactly one choice"
    )
    print(f"results: {db['results']} stored, {pages_ok} of {len(finished)} result pages answered 200")
    for outcome in failed[:10]:
        print(f"  student {outcome.student}: {outcome.error}")
    if log_errors:
        print(f"{len(log_errors)} error lines in the servers' logs:", *log_errors[:5], sep="\n  ")

    problems = (
        db["missing"]
        or db["doubled"]
        or db["foreign"]
        or db["single_wrong"]
        or failed
        or pages_ok != len(finished)
        or db["results"] != len(finished)
        or log_errors
    )
    print("FAILED" if problems else "OK: every answer stored exactly once, every result page served")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
