"""`make bench`, the phone side: what a student on a slow phone and a slow network waits for.

    python -m bench.phone [--runs 5]

Production settings and gunicorn as in bench/run.py, then Debian's chromium (Playwright, headless)
on a 360×740 touch screen with the network throttled to about 1.6 Mbit/s down, 750 kbit/s up and a
150 ms round trip, and the CPU slowed down 4× (both through the Chrome DevTools Protocol). Each run
is a new browser (nothing cached): it opens the landing page, taps "start" (the first question
loads as a page), answers a few questions with htmx as a student does, then opens a results page.
It reads the Largest Contentful Paint of the three pages, and the time from tapping "Next" to the
next question's heading on screen. The median of the runs goes to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, errors_in_log, free_port, gunicorn, production_env, run, setup_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
# A slow mobile connection (Lighthouse's "slow 4G": 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT).
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
CPU_SLOWDOWN = 4
LCP_TARGET_MS = 2500  # Core Web Vitals: "good"
NEXT_TARGET_MS = 1000

# Runs before the page's own scripts, which the Content-Security-Policy does not apply to: keeps the
# latest Largest Contentful Paint candidate, and times a tap on a question's submit button until a
# new question heading has been painted.
PROBE = """
window.__lcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
window.__tap = null;
window.__shown = null;
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("#quiz-card button[type=submit]")) {
    window.__tap = performance.now();
    window.__shown = null;
    const before = document.querySelector("#quiz-card h1");
    const observer = new MutationObserver(() => {
      const heading = document.querySelector("#quiz-card h1");
      if (heading && heading !== before && heading.getBoundingClientRect().height > 0) {
        observer.disconnect();
        // The frame after the swap: the new heading is on screen.
        requestAnimationFrame(() => setTimeout(() => { window.__shown = performance.now(); }, 0));
      }
    });
    observer.observe(document.body, {childList: true, subtree: true});
  }
}, true);
"""

ROWS = [
    ("landing", "landing page: Largest Contentful Paint", LCP_TARGET_MS),
    ("question", "a question (after tapping start): Largest Contentful Paint", LCP_TARGET_MS),
    ("next", "tap on Next → next question shown (htmx)", NEXT_TARGET_MS),
    ("results", "results page: Largest Contentful Paint", LCP_TARGET_MS),
]


def throttle(context, page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def lcp(page) -> float:
    """The page's Largest Contentful Paint in ms, once it has loaded and the network is quiet."""
    page.wait_for_load_state("networkidle")
    value = page.evaluate("window.__lcp")
    if value is None:
        raise SystemExit(f"no largest-contentful-paint entry on {page.url}")
    return float(value)


def wait_shown(page, timeout: float = 30.0) -> float:
    """Milliseconds from the tap to the new question on screen, as the page measured them (polled:
    ``wait_for_function`` evaluates a string, which the site's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = page.evaluate("window.__shown === null ? null : window.__shown - window.__tap")
        if shown is not None:
            return float(shown)
        page.wait_for_timeout(20)
    raise SystemExit(f"the next question did not show within {timeout:g} s on {page.url}")


def one_run(browser, base_url: str, results_path: str, taps: int) -> dict[str, list[float]]:
    context = browser.new_context(
        base_url=base_url, viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    context.add_init_script(PROBE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    throttle(context, page)
    found: dict[str, list[float]] = {"landing": [], "question": [], "next": [], "results": []}
    try:
        page.goto("/", wait_until="load")
        found["landing"].append(lcp(page))

        page.locator("main form[action='/quiz/commencer/'] button[type=submit]").first.tap()
        page.wait_for_url("**/quiz/question/1/")
        found["question"].append(lcp(page))

        for position in range(1, taps + 1):
            page.locator("#quiz-card input[name=choice]").first.check()
            page.locator("#quiz-card button[type=submit]").tap()
            found["next"].append(wait_shown(page))
            heading = page.locator("#quiz-card .progress-label").inner_text()
            if str(position + 1) not in heading:
                raise SystemExit(f"after tap {position} the card says {heading!r}")

        page.goto(results_path, wait_until="load")
        page.locator(".ranking-list").wait_for()
        found["results"].append(lcp(page))
    finally:
        context.close()
    if errors:
        raise SystemExit("the browser reported errors:\n  " + "\n  ".join(errors))
    return found


def measure(base_url: str, results_path: str, *, runs: int, taps: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[float]] = {key: [] for key, _, _ in ROWS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for index in range(runs):
                this_run = one_run(browser, base_url, results_path, taps)
                for key, values in this_run.items():
                    found[key].extend(values)
                summary = ", ".join(
                    f"{key} {statistics.median(values):,.0f} ms" for key, values in this_run.items()
                )
                print(f"  run {index + 1}: {summary}", flush=True)
        finally:
            browser.close()
    return found


def table(found: dict[str, list[float]]) -> str:
    rows = [
        ["what the student waits for", "median ms", "range ms", "target", "verdict"],
        ["---"] * 5,
    ]
    for key, label, target in ROWS:
        values = found[key]
        median = statistics.median(values)
        rows.append(
            [
                label,
                f"{median:,.0f}",
                f"{min(values):,.0f}–{max(values):,.0f}",
                f"≤ {target:,} ms",
                "ok" if median <= target else "MISS",
            ]
        )
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="new browsers, each through the whole journey")
    parser.add_argument("--taps", type=int, default=4, help="questions answered with htmx in each run")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)

    if not Path(CHROMIUM).exists():
        print(
            f"{CHROMIUM} is missing (Debian: apt-get install chromium); the phone table needs it.",
            file=sys.stderr,
        )
        return 2

    from bench.run import cpu_model, database_label, write_doc

    workdir = Path(tempfile.mkdtemp(prefix="capia-phone-"))
    try:
        env = production_env(workdir, DJANGO_SETTINGS_MODULE="bench.settings")
        print(f"phone: setting up ({database_label(env)}, DEBUG=0) in {workdir} …", flush=True)
        setup_site(env)
        fixtures = workdir / "fixtures.json"
        run(
            [PYTHON, "-m", "bench.fixtures", "prepare", str(fixtures), "--started", "0", "--finished", "1"],
            env,
        )
        data = json.loads(fixtures.read_text())
        port = free_port()
        log = workdir / "gunicorn.log"
        with gunicorn(env, port=port, workers=args.workers, threads=1, log=log, ready_path="/bench/ping/"):
            found = measure(f"http://127.0.0.1:{port}", data["results"][0], runs=args.runs, taps=args.taps)
        problems = errors_in_log(log)
        result = table(found)
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        settings_line = (
            f"{when} · {os.cpu_count()} cores ({cpu_model()}) · Python {platform.python_version()} · DEBUG=0, "
            f"{database_label(env)}, gunicorn {args.workers} sync workers on loopback, HTML as gunicorn sends it "
            f"(not gzipped), static files gzipped by WhiteNoise · chromium headless, 360×740 touch screen, "
            f"network {NETWORK['downloadThroughput'] * 8 / 1e6:g} Mbit/s down, "
            f"{NETWORK['uploadThroughput'] * 8 / 1e3:g} kbit/s up, {NETWORK['latency']} ms round trip, CPU "
            f"{CPU_SLOWDOWN}× slower · {args.runs} runs, each a new browser with nothing cached; "
            f"{args.taps} taps on Next per run · {data['question_count']} questions, {data['role_count']} roles"
        )
        print()
        print(settings_line)
        print(result)
        if problems:
            print(f"\n{len(problems)} error lines in the server log:", *problems[:5], sep="\n  ")
            return 1
        if not args.no_write:
            engine = "-postgresql" if database_label(env).startswith("PostgreSQL") else ""
            write_doc(f"phone{engine}", f"{settings_line}\n\n{result}")
            print(f"\nwritten to {(ROOT / 'docs' / 'benchmarks.md').relative_to(ROOT)}")
        return 0
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
