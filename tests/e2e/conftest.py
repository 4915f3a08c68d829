"""Real-browser journeys: Playwright drives Debian's chromium against pytest-django's live server.

Every test here gets the real seeded content (``load_content``), a phone-sized French browser
context whose ``base_url`` is the live server, and a watcher that fails the test on any console
error, uncaught script error or Content-Security-Policy violation in any page it opened.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# Playwright's sync API keeps an event loop in the test thread for the whole session; Django's ORM
# calls (fixtures that prepare data, the flush after each test) would otherwise refuse to run.
# This folder is collected only when asked for by path (tests/conftest.py ignores it otherwise), so
# the switch is on in the browser tests' own pytest process and nowhere else.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# A busy 2-core CI machine can be slow to swap a card: wait up to 10 s, not Playwright's 5 s.
expect.set_options(timeout=10_000)

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
DESKTOP = {"width": 1280, "height": 800}

# Turns every CSP violation into a console error, which the watcher below collects.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def pytest_collection_modifyitems(items: Iterable[pytest.Item]) -> None:
    """Every test in this folder is a browser test: mark it ``e2e`` (``-m "not e2e"`` skips them)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)
            # live_server needs a transactional database, which is flushed after each test; the
            # serialized rollback puts back what migrations created (the editors' group…) for the
            # tests that run after these in the same session.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, live_server) -> dict:
    return {**browser_context_args, "base_url": live_server.url, "locale": "fr-FR"}


class BrowserErrors:
    """Console errors, uncaught exceptions and CSP violations seen in the watched contexts."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.expected: list[re.Pattern[str]] = []

    def watch(self, context) -> None:
        context.add_init_script(CSP_REPORTER)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.messages.append(f"uncaught: {error.error}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.messages.append(f"console: {message.text} ({message.location.get('url', '')})")

    def expect(self, pattern: str) -> None:
        """Allow one kind of error the test provokes on purpose (a 404 page logs its status)."""
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(p.search(m) for p in self.expected)]


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


@pytest.fixture
def new_context(new_context, browser_errors: BrowserErrors):
    """Every context a test opens is watched; the test fails if any page logged an error.

    Contexts are a French phone unless the test asks otherwise (``new_context(viewport=DESKTOP)``).
    """

    def make(**kwargs):
        context = new_context(**{"viewport": PHONE, **kwargs})
        browser_errors.watch(context)
        return context

    yield make
    problems = browser_errors.unexpected()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def _e2e_site(transactional_db, live_server, settings) -> None:
    """The real content in the live server's database, and no start rate limit between journeys."""
    settings.QUIZ_START_RATE_LIMIT = 0
    call_command("load_content", stdout=io.StringIO())
