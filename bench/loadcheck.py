"""`make loadcheck`: how many students answering at once two servers on one PostgreSQL hold.

    scripts/with-postgres.sh python -m bench.loadcheck [--start 100 --step 100 --step-seconds 60]
    scripts/with-postgres.sh python -m bench.loadcheck --students 300 --concurrency 30

Two gunicorn instances (production settings, 3 sync workers each, different ports) serve one
throwaway PostgreSQL database on this machine; the simulated students run here too. Successive
requests of a student alternate between the two instances, so nothing may live in one process only.

**The ramp** (the default) answers the question a school's IT person asks: how many students can
answer at the same time? A simulated student does what a phone does: opens the landing page, starts
a quiz, then answers one question after another, waiting ``--think`` seconds between answers (5 to 10,
as in class). Each answer is one htmx ``POST`` whose response is the next card; one answer in ten
is sent twice, as a double tap does (the second carries the cookies of the first). After the last
answer the student loads the results page, then starts again as a new student. The ramp adds
students in steps (``--start``, ``--step``); each step lets the new ones settle in, then measures
``--step-seconds`` of every request's latency, and asks the database whether every answer a student
got a reply for is stored exactly once, with the choices sent, and nothing else. It stops at the
first step whose p95 is over ``--p95-ms`` (150) or that loses, changes or doubles an answer, or in
which a request fails; the last good step is the figure. The table goes to docs/benchmarks.md.

**The fixed check** (``--students``): that many students, ``--concurrency`` at a time, each answers
the whole quiz as fast as it can (no think time; plain form posts and redirects, as without
JavaScript), then the same database checks.

Standard library only (threads and http.client): what a browser does, minus the rendering.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import platform
import random
import re
import shutil
import statistics
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
START_PATH = "/quiz/commencer/"
QUIZ_COOKIE = "capia_quiz"
CLASS_THINK = (5.0, 10.0)  # seconds between two answers in class: the figure is reported for these


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


class Recorder:
    """Every request's end time, latency and outcome, from every student thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[float, float, str, bool]] = []  # (end, seconds, kind, ok)
        self.failures: list[tuple[float, str]] = []

    def request(self, end: float, seconds: float, kind: str, ok: bool) -> None:
        with self.lock:
            self.rows.append((end, seconds, kind, ok))

    def failure(self, message: str) -> None:
        with self.lock:
            self.failures.append((time.monotonic(), message))

    def between(self, start: float, end: float) -> list[tuple[float, float, str, bool]]:
        with self.lock:
            return [row for row in self.rows if start <= row[0] < end]

    def failures_between(self, start: float, end: float) -> list[str]:
        with self.lock:
            return [message for at, message in self.failures if start <= at < end]


class Ledger:
    """What each attempt was sent and what the server acknowledged, to compare with the database.

    ``pending`` holds an answer from just before it is sent; ``acknowledged`` once the reply came.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: dict[tuple[str, int], frozenset[int]] = {}
        self.acknowledged: dict[tuple[str, int], frozenset[int]] = {}
        self.finished: set[str] = set()
        self.results_ok: set[str] = set()

    def sending(self, attempt: str, position: int, choices: frozenset[int]) -> None:
        with self.lock:
            self.pending[(attempt, position)] = choices

    def acknowledge(self, attempt: str, position: int, choices: frozenset[int]) -> None:
        with self.lock:
            self.acknowledged[(attempt, position)] = choices

    def snapshot(self) -> tuple[dict, dict, set[str], set[str]]:
        with self.lock:
            return dict(self.acknowledged), dict(self.pending), set(self.finished), set(self.results_ok)


@dataclass
class Browser:
    """Cookies, and one connection per request; each request goes to the next server in turn."""

    ports: list[int]
    recorder: Recorder | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    turn: int = 0
    requests: Counter = field(default_factory=Counter)

    def request(
        self,
        method: str,
        path: str,
        data: dict | list | None = None,
        *,
        htmx: bool = False,
        cookies: dict[str, str] | None = None,
        kind: str = "",
    ) -> tuple[int, dict[str, str], str]:
        port = self.ports[self.turn % len(self.ports)]
        self.turn += 1
        jar = self.cookies if cookies is None else cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        ok = False
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            ok = response.status < 500
        finally:
            conn.close()
            if self.recorder is not None:
                ended = time.monotonic()
                self.recorder.request(ended, ended - started, kind or method, ok)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value in ("", '""'):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        self.requests[port] += 1
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text


def csrf_token(form: dict) -> str:
    for name, _, value in form["inputs"]:
        if name == "csrfmiddlewaretoken":
            return value
    raise StudentFailed("a form without its CSRF token")


def question_form(html: str, where: str) -> dict:
    form = next((f for f in forms_of(html) if any(n == "choice" for n, _, _ in f["inputs"])), None)
    if form is None:
        raise StudentFailed(f"no question form in {where}")
    return form


def attempt_id(browser: Browser) -> str:
    """The attempt's public id, read from the signed quiz cookie (``<id>:<signature>``)."""
    return browser.cookies.get(QUIZ_COOKIE, "").strip('"').split(":", 1)[0]


@dataclass
class Quiz:
    """One student's quiz: how it went."""

    finished: bool = False
    public_id: str = ""
    answers_sent: int = 0
    answered: set[int] = field(default_factory=set)
    results_status: int = 0


def play_quiz(
    browser: Browser,
    rng: random.Random,
    *,
    question_count: int,
    double_rate: float,
    htmx: bool,
    ledger: Ledger,
    think: tuple[float, float] | None = None,
    stop: threading.Event | None = None,
    join_code: str = "",
    share: bool = False,
) -> Quiz:
    """Landing page, start, every question, results. Returns early (unfinished) when ``stop`` is set.

    With ``join_code``, the student starts from the class code's address (the QR code) and joins the
    class instead of pressing start; with ``share``, they share their result with the class at the end.
    """
    quiz = Quiz()
    if join_code:
        status, headers = _join_class(browser, join_code)
    else:
        status, _, html = browser.request("GET", "/", kind="landing")
        if status != 200:
            raise StudentFailed(f"landing page: {status}")
        start = next((f for f in forms_of(html) if f["action"] == START_PATH), None)
        if start is None:
            raise StudentFailed("no start form on the landing page")
        status, headers, _ = browser.request(
            "POST", START_PATH, {"csrfmiddlewaretoken": csrf_token(start)}, kind="start"
        )
    location = headers.get("location", "")
    if status != 302 or not QUESTION_PATH.match(location):
        raise StudentFailed(f"start: {status} → {location!r}")
    quiz.public_id = attempt_id(browser)
    status, _, html = browser.request("GET", location, kind="question")
    if status != 200:
        raise StudentFailed(f"GET {location}: {status}")
    for _ in range(question_count * 3):  # a safety bound: the quiz ends long before
        form = question_form(html, location)
        position = int(QUESTION_PATH.match(form["action"]).group(1))
        choices = [(kind, value) for name, kind, value in form["inputs"] if name == "choice"]
        if choices[0][0] == "checkbox":
            picked = [v for _, v in choices if rng.random() < 0.4]
        else:
            picked = [rng.choice(choices)[1]]
        if think is not None and stop is not None and stop.wait(rng.uniform(*think)):
            return quiz
        data = [("csrfmiddlewaretoken", csrf_token(form)), *(("choice", v) for v in picked)]
        chosen = frozenset(int(v) for v in picked)
        cookies_at_tap = dict(browser.cookies)
        ledger.sending(quiz.public_id, position, chosen)
        status, headers, html = browser.request("POST", form["action"], data, htmx=htmx, kind="answer")
        next_location = _next_location(status, headers, html, htmx, form["action"])
        ledger.acknowledge(quiz.public_id, position, chosen)
        quiz.answers_sent += 1
        quiz.answered.add(position)
        if rng.random() < double_rate:
            # A double tap: the same answer again, sent with the cookies of the first tap. It must
            # replace the first, never add to it, and lead to the same place.
            status, headers, again_html = browser.request(
                "POST", form["action"], data, htmx=htmx, cookies=cookies_at_tap, kind="answer"
            )
            again = _next_location(status, headers, again_html, htmx, form["action"])
            if again != next_location:
                raise StudentFailed(f"second POST {form['action']} → {again!r}, first → {next_location!r}")
            quiz.answers_sent += 1
        if RESULTS_PATH.match(next_location):
            break
        if htmx:
            location = next_location  # the card came with the reply
        else:
            location = next_location
            status, _, html = browser.request("GET", location, kind="question")
            if status != 200:
                raise StudentFailed(f"GET {location}: {status}")
    else:
        raise StudentFailed("the quiz never ended")
    quiz.finished = True
    with ledger.lock:
        ledger.finished.add(quiz.public_id)
    if len(quiz.answered) != question_count:
        raise StudentFailed(f"answered {len(quiz.answered)} distinct questions of {question_count}")
    quiz.results_status, _, html = browser.request("GET", f"/resultats/{quiz.public_id}/", kind="results")
    if quiz.results_status != 200 or "ranking-list" not in html:
        raise StudentFailed(f"results page: {quiz.results_status}")
    with ledger.lock:
        ledger.results_ok.add(quiz.public_id)
    if share:
        form = next((f for f in forms_of(html) if f["action"].endswith("/classe/")), None)
        if form is None:
            raise StudentFailed("no 'share with my class' form on a class result")
        status, _, _ = browser.request(
            "POST", form["action"], {"csrfmiddlewaretoken": csrf_token(form), "action": "share"}, kind="share"
        )
        if status != 302:
            raise StudentFailed(f"share: {status}")
    return quiz


JOIN_PATH = "/classe/"


def _join_class(browser: Browser, code: str) -> tuple[int, dict[str, str]]:
    """The QR code's address, then the join form's POST: the reply sends to question 1."""
    status, _, html = browser.request("GET", f"{JOIN_PATH}{code}/", kind="join")
    if status != 200:
        raise StudentFailed(f"join page: {status}")
    form = next((f for f in forms_of(html) if f["action"] == JOIN_PATH), None)
    if form is None:
        raise StudentFailed("no join form on the class code's page")
    status, headers, _ = browser.request(
        "POST", JOIN_PATH, {"csrfmiddlewaretoken": csrf_token(form), "code": code}, kind="join"
    )
    return status, headers


def _next_location(status: int, headers: dict[str, str], html: str, htmx: bool, action: str) -> str:
    """Where an answer leads: the next question's address, or the results page's."""
    if htmx:
        # The next card in the reply (its address in HX-Push-Url), or a client redirect.
        target = headers.get("hx-redirect") or headers.get("hx-push-url", "")
        if status != 200 or not target:
            raise StudentFailed(f"htmx POST {action}: {status}, no HX-Push-Url or HX-Redirect")
        if QUESTION_PATH.match(target):
            question_form(html, f"the card of {target}")
        return target
    target = headers.get("location", "")
    if status != 302:
        raise StudentFailed(f"POST {action}: {status}")
    if not (QUESTION_PATH.match(target) or RESULTS_PATH.match(target)):
        raise StudentFailed(f"POST {action} → {target!r}")
    return target


# --- The database's answer --------------------------------------------------------------------------


def question_positions(questionnaire_id: int) -> dict[int, int]:
    """Position (1-based) → question id, in the quiz's order."""
    from quiz.models import Question

    ids = Question.objects.filter(questionnaire_id=questionnaire_id).values_list("pk", flat=True)
    return dict(enumerate(ids, start=1))


def check_answers(ledger: Ledger, positions: dict[int, int]) -> dict:
    """Compare what the students were told was stored with what the database holds.

    Read before the database: what was acknowledged (must all be there, with the choices sent).
    Read after it: everything sent or acknowledged (the database may hold nothing else: an
    answer in flight during the check may already be stored).
    """
    from django.db.models import Count

    from quiz.models import Answer, Question, Result

    acknowledged, _, finished, results_ok = ledger.snapshot()
    public_ids = sorted({attempt for attempt, _ in acknowledged} | finished)
    stored: dict[tuple[str, int], set[int]] = {}
    answer_ids: dict[tuple[str, int], set[int]] = {}
    question_of = {pk: position for position, pk in positions.items()}
    answers = Answer.objects.filter(attempt__public_id__in=public_ids)
    for public_id, answer_id, question_id, choice_id in answers.values_list(
        "attempt__public_id", "pk", "question_id", "choices"
    ):
        # A question of another questionnaire gets a position no student sent: "extra".
        key = (str(public_id), question_of.get(question_id, -question_id))
        stored.setdefault(key, set())
        answer_ids.setdefault(key, set()).add(answer_id)
        if choice_id is not None:
            stored[key].add(choice_id)
    single = set(
        Question.objects.filter(pk__in=positions.values(), kind="single").values_list("pk", flat=True)
    )
    single_wrong = answers.filter(question_id__in=single).annotate(n=Count("choices")).exclude(n=1).count()
    results = {
        str(p)
        for p in Result.objects.filter(attempt__public_id__in=sorted(finished)).values_list(
            "attempt__public_id", flat=True
        )
    }
    after_ack, after_pending, _, _ = ledger.snapshot()
    known = set(after_ack) | set(after_pending)
    return {
        "attempts": len(public_ids),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "missing": sum(1 for key in acknowledged if key not in stored),
        "changed": sum(1 for key, chosen in acknowledged.items() if key in stored and stored[key] != chosen),
        "extra": sum(1 for key in stored if key not in known),
        "doubled": sum(len(ids) - 1 for ids in answer_ids.values()),
        "single_wrong": single_wrong,
        "finished": len(finished),
        "incomplete": sum(1 for a in finished if any((a, position) not in stored for position in positions)),
        "results_missing": len(finished - results),
        "results_pages": len(results_ok),
    }


def answer_problems(db: dict) -> list[str]:
    names = {
        "missing": "acknowledged answers missing",
        "changed": "stored with other choices than sent",
        "extra": "stored answers never sent",
        "doubled": "doubled answers",
        "single_wrong": "single-choice answers without exactly one choice",
        "incomplete": "finished attempts without every answer",
        "results_missing": "finished attempts without a result",
    }
    return [f"{db[key]} {label}" for key, label in names.items() if db[key]]


# --- The ramp ---------------------------------------------------------------------------------------


class CpuUse:
    """Where the machine's CPU went during a step (Linux /proc): the two servers, PostgreSQL, the
    simulated students (this process), and everything else on the machine."""

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, server_pids: list[int], database_port: int) -> None:
        self.server_pids = server_pids
        self.database_port = database_port

    @staticmethod
    def _stat(pid: int) -> tuple[int, float] | None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[1]), (int(fields[11]) + int(fields[12]))  # ppid, utime + stime in ticks

    def _processes(self) -> dict[int, tuple[int, float]]:
        found = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (stat := self._stat(int(entry.name))) is not None:
                found[int(entry.name)] = stat
        return found

    def _postmaster(self, processes: dict[int, tuple[int, float]]) -> int | None:
        for pid in processes:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if cmdline and cmdline[0].endswith(b"postgres") and str(self.database_port).encode() in cmdline:
                return pid
        return None

    def sample(self) -> dict | None:
        """CPU seconds so far: ``total`` (every core busy), ``students`` (this process), and per process
        of the ``servers`` and the ``database`` (a process may end between two samples)."""
        try:
            cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        except (OSError, ValueError):
            return None
        processes = self._processes()
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in processes.items():
            children.setdefault(ppid, []).append(pid)

        def tree(root: int | None) -> dict[int, float]:
            if root is None or root not in processes:
                return {}
            found = {root: processes[root][1] / self.TICK}
            for child in children.get(root, []):
                found.update(tree(child))
            return found

        servers: dict[int, float] = {}
        for pid in self.server_pids:
            servers.update(tree(pid))
        times = os.times()
        return {
            "total": (sum(cpu) - cpu[3] - cpu[4]) / self.TICK,  # all but idle and iowait
            "servers": servers,
            "database": tree(self._postmaster(processes)),
            "students": times.user + times.system,
        }

    @staticmethod
    def shares(before: dict | None, after: dict | None, seconds: float) -> dict[str, float]:
        """Cores used on average between two samples, by whom."""
        if not before or not after:
            return {}
        used = {key: (after[key] - before[key]) / seconds for key in ("total", "students")}
        for key in ("servers", "database"):
            used[key] = (
                sum(max(0.0, t - before[key].get(pid, 0.0)) for pid, t in after[key].items()) / seconds
            )
        used["others"] = max(0.0, used["total"] - used["servers"] - used["database"] - used["students"])
        return used


@dataclass
class Step:
    students: int
    requests: int
    rate: float
    p50_ms: float
    p95_ms: float
    answer_p95_ms: float
    max_ms: float
    failed: int
    db: dict
    problems: list[str]
    cores: dict[str, float] = field(default_factory=dict)
    note: str = ""

    def noisy(self, threshold: float) -> bool:
        """Missed on latency alone while other processes took more than ``threshold`` cores."""
        latency_only = len(self.problems) == 1 and self.problems[0].startswith("p95")
        return latency_only and self.cores.get("others", 0.0) > threshold

    @property
    def good(self) -> bool:
        return not self.problems


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_ramp(
    args, ports: list[int], question_count: int, positions: dict[int, int], cpu: CpuUse
) -> list[Step]:
    recorder, ledger = Recorder(), Ledger()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    threading.stack_size(512 * 1024)

    def class_student(index: int) -> None:
        rng = random.Random(args.seed * 100_003 + index)
        # Arrive at some moment of the first think time, as a class does, not all at once.
        if stop.wait(rng.uniform(0, args.think[1])):
            return
        turn = index
        while not stop.is_set():
            browser = Browser(ports=ports, recorder=recorder, turn=turn)
            try:
                play_quiz(
                    browser,
                    rng,
                    question_count=question_count,
                    double_rate=args.double_submit,
                    htmx=True,
                    ledger=ledger,
                    think=args.think,
                    stop=stop,
                )
            except StudentFailed as failure:
                recorder.failure(f"student {index}: {failure}")
            except (OSError, http.client.HTTPException) as failure:
                recorder.failure(f"student {index}: connection: {failure!r}")
            turn = browser.turn
            if stop.wait(rng.uniform(*args.think)):  # a new student sits down
                return

    steps: list[Step] = []
    settle = args.think[1] + args.settle

    def measure(students: int) -> Step:
        begin, cpu_before = time.monotonic(), cpu.sample()
        time.sleep(args.step_seconds)
        end, cpu_after = time.monotonic(), cpu.sample()
        rows = recorder.between(begin, end)
        failures = recorder.failures_between(begin - settle, end)
        latencies = [row[1] * 1000 for row in rows]
        answers = [row[1] * 1000 for row in rows if row[2] == "answer"]
        db = check_answers(ledger, positions)
        failed = sum(1 for row in rows if not row[3]) + len(failures)
        step = Step(
            students=students,
            requests=len(rows),
            rate=len(rows) / (end - begin),
            p50_ms=percentile(latencies, 0.50),
            p95_ms=percentile(latencies, 0.95),
            answer_p95_ms=percentile(answers, 0.95),
            max_ms=max(latencies, default=0.0),
            failed=failed,
            db=db,
            problems=answer_problems(db),
            cores=CpuUse.shares(cpu_before, cpu_after, end - begin),
        )
        if step.p95_ms > args.p95_ms:
            step.problems.insert(0, f"p95 {step.p95_ms:.0f} ms > {args.p95_ms:g} ms")
        kinds = sorted({row[2] for row in rows})
        by_kind = {k: percentile([r[1] * 1000 for r in rows if r[2] == k], 0.95) for k in kinds}
        print("    p95 by request: " + ", ".join(f"{k} {v:.0f} ms" for k, v in by_kind.items()), flush=True)
        if step.cores:
            print(f"    cores busy: {describe_cores(step.cores)}", flush=True)
        if failed:
            step.problems.append(f"{failed} failed requests or students")
            for message in failures[:5]:
                print(f"    {message}", flush=True)
        steps.append(step)
        print(
            f"  {students:>5} students: {step.requests:>6,} requests ({step.rate:,.0f}/s), "
            f"p50 {step.p50_ms:.0f} ms, p95 {step.p95_ms:.0f} ms (answers {step.answer_p95_ms:.0f} ms), "
            f"max {step.max_ms:.0f} ms; {db['acknowledged']:,} answers acknowledged, "
            f"{db['stored']:,} stored · " + ("; ".join(step.problems) if step.problems else "ok"),
            flush=True,
        )
        return step

    try:
        for students in range(args.start, args.max + 1, args.step):
            while len(threads) < students:
                thread = threading.Thread(target=class_student, args=(len(threads),), daemon=True)
                thread.start()
                threads.append(thread)
            if stop.wait(settle):
                break
            step = measure(students)
            if not step.good and step.noisy(args.noise_cores) and args.retries:
                # Other processes took the cores: measure the same class again, once.
                time.sleep(args.settle)
                again = measure(students)
                again.note = f"again: other processes took {step.cores['others']:.2f} cores"
                step = again
            if not step.good:
                break
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
    # Once every student has stopped, nothing is in flight: the whole run checked once more.
    final = check_answers(ledger, positions)
    problems = answer_problems(final)
    print(
        f"  after the run: {final['attempts']:,} attempts, {final['acknowledged']:,} answers acknowledged, "
        f"{final['stored']:,} stored, {final['finished']:,} quizzes finished, "
        f"{final['results_pages']:,} result pages served · " + ("; ".join(problems) if problems else "ok"),
        flush=True,
    )
    if problems and steps and steps[-1].good:
        steps[-1].problems.extend(problems)
    return steps


def describe_cores(cores: dict[str, float]) -> str:
    names = {
        "servers": "servers",
        "database": "PostgreSQL",
        "students": "simulated students",
        "others": "other",
    }
    return f"{cores['total']:.2f} of {os.cpu_count()}: " + ", ".join(
        f"{label} {cores[key]:.2f}" for key, label in names.items()
    )


def ramp_table(steps: list[Step]) -> str:
    head = [
        "students",
        "requests/s",
        "p50 ms",
        "p95 ms",
        "answers p95 ms",
        "max ms",
        "answers stored",
        "cores busy (servers, PostgreSQL, students, other)",
        "verdict",
    ]
    rows = [head, ["---"] * len(head)]
    for s in steps:
        rows.append(
            [
                f"{s.students:,}",
                f"{s.rate:,.0f}",
                f"{s.p50_ms:.0f}",
                f"{s.p95_ms:.0f}",
                f"{s.answer_p95_ms:.0f}",
                f"{s.max_ms:.0f}",
                f"{s.db['stored']:,} of {s.db['acknowledged']:,}",
                f"{s.cores['total']:.2f} ({s.cores['servers']:.2f}, {s.cores['database']:.2f}, "
                f"{s.cores['students']:.2f}, {s.cores['others']:.2f})"
                if s.cores
                else "",
                ("ok" if s.good else "MISS: " + "; ".join(s.problems)) + (f" ({s.note})" if s.note else ""),
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def held(steps: list[Step]) -> int:
    """The largest class of a good step before the first bad one (a step measured again counts
    by its second measure)."""
    final = {step.students: step.good for step in steps}
    good = 0
    for students in sorted(final):
        if not final[students]:
            break
        good = students
    return good


# --- The fixed check --------------------------------------------------------------------------------


@dataclass
class Outcome:
    student: int
    quiz: Quiz | None = None
    error: str = ""
    requests: Counter = field(default_factory=Counter)


def run_fixed(args, ports: list[int], question_count: int) -> tuple[list[Outcome], float, Ledger]:
    ledger = Ledger()
    started = time.monotonic()
    deadline = started + args.time_limit
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def one(index: int) -> Outcome:
        if time.monotonic() > deadline:
            return Outcome(student=index, error="not started: time limit reached")
        rng = random.Random(args.seed * 100_003 + index)
        browser = Browser(ports=ports, turn=index)
        outcome = Outcome(student=index, requests=browser.requests)
        try:
            outcome.quiz = play_quiz(
                browser,
                rng,
                question_count=question_count,
                double_rate=args.double_submit,
                htmx=False,
                ledger=ledger,
            )
        except StudentFailed as failure:
            outcome.error = str(failure)
        except (OSError, http.client.HTTPException) as failure:
            outcome.error = f"connection: {failure!r}"
        return outcome

    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = [pool.submit(one, i) for i in range(args.students)]
        for future in as_completed(futures):
            with lock:
                outcomes.append(future.result())
                if len(outcomes) % 50 == 0:
                    print(f"  {len(outcomes)} students done", flush=True)
    return outcomes, time.monotonic() - started, ledger


def report_fixed(outcomes, elapsed, ledger, positions, ports, logs, args) -> int:
    finished = [o for o in outcomes if o.quiz and o.quiz.finished]
    failed = [o for o in outcomes if o.error]
    requests = sum((o.requests for o in outcomes), Counter())
    db = check_answers(ledger, positions)
    log_errors = [line for log in logs for line in errors_in_log(log)]
    total = sum(requests.values())

    print()
    print(f"students: {len(outcomes)} of {args.students} ran, {len(finished)} finished, {len(failed)} failed")
    print(
        f"requests: {total:,} in {elapsed:.1f} s ({total / elapsed:,.0f}/s), "
        + ", ".join(f"{requests[p]:,} on port {p}" for p in ports)
    )
    sent = sum(o.quiz.answers_sent for o in outcomes if o.quiz)
    print(f"answers sent: {sent:,} (re-sent ones replace, never add)")
    print(
        f"answers stored: {db['stored']:,} for {db['attempts']} attempts, {db['acknowledged']:,} acknowledged: "
        f"{db['missing']} missing, {db['changed']} with other choices, {db['extra']} never sent, "
        f"{db['doubled']} doubled, {db['single_wrong']} single-choice answers without exactly one choice, "
        f"{db['incomplete']} finished attempts without every answer"
    )
    print(
        f"results: {db['finished'] - db['results_missing']} stored for {db['finished']} finished attempts, "
        f"{db['results_pages']} result pages answered 200"
    )
    for outcome in failed[:10]:
        print(f"  student {outcome.student}: {outcome.error}")
    if log_errors:
        print(f"{len(log_errors)} error lines in the servers' logs:", *log_errors[:5], sep="\n  ")
    problems = answer_problems(db) or failed or db["results_pages"] != len(finished) or log_errors
    print("FAILED" if problems else "OK: every answer stored exactly once, every result page served")
    return 1 if problems else 0


# --- Main -------------------------------------------------------------------------------------------


def think_range(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    try:
        pair = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a range of seconds such as 5-10, not {value!r}") from None
    if not 0 <= pair[0] <= pair[1]:
        raise argparse.ArgumentTypeError(f"a range of seconds such as 5-10, not {value!r}")
    return pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers per instance")
    parser.add_argument("--double-submit", type=float, default=0.1, help="share of answers sent twice")
    parser.add_argument("--seed", type=int, default=1)
    ramp = parser.add_argument_group("the ramp (default)")
    ramp.add_argument("--start", type=int, default=100, help="students in the first step")
    ramp.add_argument("--step", type=int, default=50, help="students added at each step")
    ramp.add_argument("--max", type=int, default=3000, help="stop adding students here")
    ramp.add_argument("--step-seconds", type=float, default=60, help="measured seconds of each step")
    ramp.add_argument(
        "--settle", type=float, default=5, help="seconds after the new students' arrival before measuring"
    )
    ramp.add_argument(
        "--think",
        type=think_range,
        default=CLASS_THINK,
        help="seconds between two answers, as MIN-MAX (5-10: a class; shorter for a quick run)",
    )
    ramp.add_argument("--p95-ms", type=float, default=150, help="the largest p95 latency a step may have")
    ramp.add_argument(
        "--noise-cores",
        type=float,
        default=0.5,
        help="a step that misses on latency alone while other processes took more cores is measured again",
    )
    ramp.add_argument("--retries", type=int, default=1, choices=[0, 1], help="measure a noisy step again (1)")
    ramp.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    fixed = parser.add_argument_group("the fixed check (when --students is given)")
    fixed.add_argument("--students", type=int, default=0, help="students in all")
    fixed.add_argument("--concurrency", type=int, default=30, help="students at a time")
    fixed.add_argument("--time-limit", type=int, default=300, help="seconds after which no student starts")
    classes = parser.add_argument_group("the class scenario (when --classes is given)")
    classes.add_argument("--classes", type=int, default=0, help="class sessions, each with its teacher")
    classes.add_argument("--class-size", type=int, default=35, help="students per class")
    classes.add_argument("--join-within", type=float, default=60, help="seconds in which a class joins")
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
        print(
            f"setting up (PostgreSQL, DEBUG=0, CACHE_BACKEND={env.get('CACHE_BACKEND', 'locmem')}) …",
            flush=True,
        )
        setup_site(env)
        os.environ.update(
            {k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "STATIC_ROOT")}
        )
        import django

        django.setup()
        from quiz.models import Questionnaire

        questionnaire = Questionnaire.objects.published().get()
        positions = question_positions(questionnaire.pk)
        question_count = len(positions)
        ports = [free_port(), free_port()]
        logs = [workdir / f"gunicorn-{port}.log" for port in ports]
        with (
            gunicorn(env, port=ports[0], workers=args.workers, threads=1, log=logs[0]) as first,
            gunicorn(env, port=ports[1], workers=args.workers, threads=1, log=logs[1]) as second,
        ):
            if args.classes:
                from bench.classload import run_classes

                return run_classes(args, ports, question_count, positions)
            if args.students:
                print(
                    f"{args.students} students, {args.concurrency} at a time, {question_count} questions "
                    f"each, on ports {ports[0]} and {ports[1]} …",
                    flush=True,
                )
                outcomes, elapsed, ledger = run_fixed(args, ports, question_count)
                return report_fixed(outcomes, elapsed, ledger, positions, ports, logs, args)
            print(
                f"ramp: from {args.start} students, {args.step} more at each step, {args.step_seconds:g} s "
                f"measured per step; {args.think[0]:g}–{args.think[1]:g} s between answers; "
                f"{question_count} questions; ports {ports[0]} and {ports[1]} …",
                flush=True,
            )
            database_port = int(re.search(r":(\d+)/", url).group(1)) if re.search(r":(\d+)/", url) else 5432
            cpu = CpuUse([first.pid, second.pid], database_port)
            steps = run_ramp(args, ports, question_count, positions, cpu)
        return report_ramp(steps, logs, args, env)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report_ramp(steps: list[Step], logs: list[Path], args, env: dict[str, str]) -> int:
    from bench.run import cpu_model, write_doc

    log_errors = [line for log in logs for line in errors_in_log(log)]
    if log_errors:
        print(f"{len(log_errors)} error lines in the servers' logs:", *log_errors[:5], sep="\n  ")
    figure = held(steps)
    class_like = tuple(args.think) == CLASS_THINK
    scale = statistics.mean(CLASS_THINK) / statistics.mean(args.think) if statistics.mean(args.think) else 0
    table = ramp_table(steps)
    print()
    print(table)
    if not steps:
        print("no step ran")
        return 1
    if figure:
        line = f"held: {figure:,} students answering at the same time ({args.think[0]:g}–{args.think[1]:g} s between answers)"
        if not class_like and scale:
            line += f", about {figure * scale:,.0f} students at {CLASS_THINK[0]:g}–{CLASS_THINK[1]:g} s (same request rate)"
    else:
        line = f"not even the first step ({args.start} students) held"
    if steps[-1].good:
        line += f"; the ramp stopped at --max {args.max} before any step broke"
    print(line)
    if class_like and figure and not args.no_write:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        settings_line = (
            f"{when} · {os.cpu_count()} cores ({cpu_model()}), shared by the servers, PostgreSQL 15 and the "
            f"simulated students · Python {platform.python_version()} · DEBUG=0, two gunicorn instances of "
            f"{args.workers} sync workers, CONN_MAX_AGE={env.get('CONN_MAX_AGE', '60')}, "
            f"CACHE_BACKEND={env.get('CACHE_BACKEND', 'locmem')} · {args.think[0]:g}–{args.think[1]:g} s between "
            f"answers, {args.step_seconds:g} s measured per step · limit: p95 ≤ {args.p95_ms:g} ms, no answer "
            "lost, changed or doubled, no failed request"
        )
        write_doc("capacity", f"{settings_line}\n\n{table}\n\n**{line}.**")
        print("written to docs/benchmarks.md")
    return 0 if figure and not log_errors else 1


if __name__ == "__main__":
    sys.exit(main())
