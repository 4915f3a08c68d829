"""The class scenario of `make loadcheck`: classes joining by code while their teachers watch.

    scripts/with-postgres.sh python -m bench.loadcheck --classes 10 [--class-size 35 --join-within 60]

``--classes`` sessions of ``--class-size`` students each. Every student arrives at a random moment of
the first ``--join-within`` seconds, opens the class code's address (the QR code), joins, answers
every question with ``--think`` seconds between answers (one answer in ten sent twice, as a double tap
does), loads their results and shares them with the class one time in two. Meanwhile each teacher,
signed in through the teacher login, fetches the session page's htmx fragment every 5 seconds, as the
open page does. Reported as the ramp is: p95 of every request (and of each kind), failed requests,
and whether every answer a student got a reply for is stored exactly once; plus, per session, whether
the class picture counts every student who joined and finished.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from bench.loadcheck import (
    Browser,
    Ledger,
    Recorder,
    StudentFailed,
    answer_problems,
    check_answers,
    csrf_token,
    forms_of,
    percentile,
    play_quiz,
)

TEACHER_REFRESH = 5.0  # seconds, as hx-trigger="every 5s" on the session page
TEACHER_PASSWORD = "loadcheck-teacher-password"
LOGIN_PATH = "/enseignants/connexion/"


def make_sessions(count: int) -> list[tuple[str, int, str]]:
    """``count`` teachers, each with one open session: (username, session id, code)."""
    from django.contrib.auth.models import Group, User

    from classes.models import TEACHERS_GROUP
    from classes.services import session_create

    group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    sessions = []
    for index in range(count):
        user = User.objects.create_user(f"loadcheck-teacher-{index}", password=TEACHER_PASSWORD)
        user.groups.add(group)
        session = session_create(owner=user, name=f"Classe {index + 1}", days=1)
        sessions.append((user.username, session.pk, session.code))
    return sessions


def teacher_watch(browser: Browser, username: str, session_id: int, stop: threading.Event) -> list[str]:
    """Sign in, then fetch the picture every few seconds until ``stop``. Returns what went wrong."""
    status, _, html = browser.request("GET", LOGIN_PATH, kind="teacher-login")
    form = next((f for f in forms_of(html) if f["action"] == LOGIN_PATH), None)
    if status != 200 or form is None:
        return [f"login page: {status}"]
    data = {"csrfmiddlewaretoken": csrf_token(form), "username": username, "password": TEACHER_PASSWORD}
    status, _, _ = browser.request("POST", LOGIN_PATH, data, kind="teacher-login")
    if status != 302:
        return [f"login: {status}"]
    problems = []
    url = f"/enseignants/sessions/{session_id}/"
    while not stop.is_set():
        status, _, html = browser.request("GET", url, htmx=True, kind="teacher")
        if status != 200 or 'id="class-picture"' not in html:
            problems.append(f"session page: {status}")
        stop.wait(TEACHER_REFRESH)
    return problems


def run_classes(args, ports: list[int], question_count: int, positions: dict[int, int]) -> int:
    from classes.selectors import class_picture

    sessions = make_sessions(args.classes)
    recorder, ledger = Recorder(), Ledger()
    stop = threading.Event()
    failures: list[str] = []
    joined: Counter[int] = Counter()
    finished: Counter[int] = Counter()
    lock = threading.Lock()
    started = time.monotonic()

    def student(index: int, session_id: int, code: str) -> None:
        rng = random.Random(args.seed * 100_003 + index)
        browser = Browser(ports=ports, turn=index, recorder=recorder)
        time.sleep(rng.uniform(0, args.join_within))
        try:
            quiz = play_quiz(
                browser,
                rng,
                question_count=question_count,
                double_rate=args.double_submit,
                htmx=True,
                ledger=ledger,
                think=args.think,
                stop=threading.Event(),  # never set: every student finishes
                join_code=code,
                share=rng.random() < 0.5,
            )
        except StudentFailed as failure:
            with lock:
                failures.append(f"student {index}: {failure}")
            return
        except (OSError, http.client.HTTPException) as failure:
            with lock:
                failures.append(f"student {index}: connection: {failure!r}")
            return
        with lock:
            joined[session_id] += 1
            finished[session_id] += quiz.finished

    students = [
        (index, sid, code)
        for sid_index, (_, sid, code) in enumerate(sessions)
        for index in range(sid_index * args.class_size, (sid_index + 1) * args.class_size)
    ]
    print(
        f"class scenario: {args.classes} sessions × {args.class_size} students joining within "
        f"{args.join_within:g} s, {args.think[0]:g}–{args.think[1]:g} s between answers, {question_count} "
        f"questions; each teacher's page refreshed every {TEACHER_REFRESH:g} s …",
        flush=True,
    )
    teacher_problems: dict[int, list[str]] = {}
    with ThreadPoolExecutor(max_workers=len(sessions)) as teachers:
        watching = {
            sid: teachers.submit(
                teacher_watch, Browser(ports=ports, turn=i, recorder=recorder), user, sid, stop
            )
            for i, (user, sid, _) in enumerate(sessions)
        }
        with ThreadPoolExecutor(max_workers=len(students)) as pool:
            for future in [pool.submit(student, *one) for one in students]:
                future.result()
        stop.set()
        teacher_problems = {sid: future.result() for sid, future in watching.items()}
    elapsed = time.monotonic() - started

    rows = recorder.between(0, float("inf"))
    by_kind: dict[str, list[float]] = defaultdict(list)
    for _, seconds, kind, _ in rows:
        by_kind[kind].append(seconds * 1000)
    failed_requests = sum(1 for *_, ok in rows if not ok)
    every = [ms for values in by_kind.values() for ms in values]
    db = check_answers(ledger, positions)
    pictures = {}
    from classes.models import ClassSession

    for session in ClassSession.objects.filter(pk__in=[sid for _, sid, _ in sessions]):
        picture = class_picture(session, band_labels={})
        pictures[session.pk] = (picture.joined, picture.finished)

    print()
    print(
        f"{len(students)} students in {elapsed:.0f} s, {len(rows):,} requests, {failed_requests} failed (5xx)"
    )
    print(f"p95 of every request: {percentile(every, 0.95):.0f} ms (p50 {percentile(every, 0.5):.0f} ms)")
    for kind in sorted(by_kind):
        values = by_kind[kind]
        print(f"  {kind:<14} {len(values):>6,} requests, p95 {percentile(values, 0.95):>5.0f} ms")
    print(
        f"answers stored: {db['stored']:,} for {db['attempts']} attempts, {db['acknowledged']:,} acknowledged: "
        f"{db['missing']} missing, {db['changed']} with other choices, {db['extra']} never sent, "
        f"{db['doubled']} doubled"
    )
    wrong_pictures = [
        f"session {sid}: picture says {pictures.get(sid)} joined/finished, students {joined[sid]}/{finished[sid]}"
        for _, sid, _ in sessions
        if pictures.get(sid) != (joined[sid], finished[sid])
    ]
    problems = (
        answer_problems(db)
        + failures
        + wrong_pictures
        + [f"teacher of session {sid}: {p}" for sid, ps in teacher_problems.items() for p in ps]
    )
    if failed_requests:
        problems.append(f"{failed_requests} failed requests")
    p95_ok = percentile(every, 0.95) <= args.p95_ms
    for problem in problems[:10]:
        print(f"  {problem}")
    verdict = "OK" if not problems and p95_ok else "FAILED"
    print(
        f"{verdict}: p95 {percentile(every, 0.95):.0f} ms (limit {args.p95_ms:g}), "
        f"{'no answer lost or doubled' if not answer_problems(db) else 'answers lost or doubled'}, "
        f"every class picture {'right' if not wrong_pictures else 'WRONG'}"
    )
    return 0 if verdict == "OK" else 1
