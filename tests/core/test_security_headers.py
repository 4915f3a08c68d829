"""Every page is served under a strict Content-Security-Policy and needs nothing looser.

The policy (settings.SECURE_CSP) allows scripts from our origin and with the
response's nonce only, styles from our stylesheet only. Each page below is
fetched for real; its header must be strict and its HTML must not depend on
what the policy forbids (inline scripts without the nonce, inline styles,
event-handler attributes, javascript: URLs, htmx code evaluation).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from careers.models import Role
from quiz import selectors
from quiz.models import Attempt
from tests.factories import results_url, shared_url

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]

UNSAFE = (
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "*",
    "data:",
    "http:",
    "https:",
)
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
HTMX = {"HX-Request": "true"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class Markup(HTMLParser):
    """What the policy would block (or what only works with a looser one)."""

    def __init__(self, nonce: str) -> None:  # "" when the response has no nonce
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        where = f"<{tag} {' '.join(name for name, _ in attrs)}>"
        if tag == "script":
            self.scripts += 1
            data_block = (attributes.get("type") or "").lower() in DATA_BLOCK_TYPES
            nonced = bool(self.nonce) and attributes.get("nonce") == self.nonce
            if "src" not in attributes and not data_block and not nonced:
                self.problems.append(f"inline script without the response's nonce: {where}")
            if "src" in attributes and attributes.get("nonce") not in (None, self.nonce):
                self.problems.append(f"script with a stale nonce: {where}")
        if tag == "style":
            self.problems.append("a <style> element (style-src allows our stylesheet only)")
        if tag == "meta" and attributes.get("name") == "htmx-config":
            config = json.loads(attributes.get("content") or "{}")
            if config.get("allowEval") is not False or config.get("includeIndicatorStyles") is not False:
                self.problems.append(f"htmx may evaluate code or inject styles: {config}")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name == "style":
                self.problems.append(f"a style attribute: {where}")
            elif name.startswith("on"):
                self.problems.append(f"an event-handler attribute {name}: {where}")
            elif name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"an htmx inline handler {name}: {where}")
            elif name in {"hx-vals", "hx-vars", "data-hx-vals"} and value.startswith(("js:", "javascript:")):
                self.problems.append(f"htmx evaluated values {name}: {where}")
            elif name in {"href", "src", "action", "formaction"} and value.startswith("javascript:"):
                self.problems.append(f"a javascript: URL: {where}")


def assert_strict(response, *, full_page: bool = True) -> None:
    directives = policy(response)
    for name, sources in directives.items():
        if name in {"script-src", "style-src", "default-src", "connect-src", "font-src", "form-action"}:
            loose = [source for source in sources if source in UNSAFE]
            assert not loose, f"{name} allows {loose}"
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    # 'self', plus the nonce when the response used it (Django adds it only then).
    script_sources = directives["script-src"]
    assert script_sources[0] == "'self'" and len(script_sources) <= 2, script_sources
    nonce = ""
    if len(script_sources) == 2:
        nonce = script_sources[1].removeprefix("'nonce-").removesuffix("'")
        assert script_sources[1] == f"'nonce-{nonce}'" and len(nonce) >= 16, script_sources
    for name in ("object-src", "base-uri", "frame-ancestors"):
        assert directives[name] == ["'none'"], name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert_denies_unused_features(response)
    markup = Markup(nonce)
    markup.feed(response.content.decode())
    assert not markup.problems, markup.problems
    if full_page:
        assert nonce, "a full page uses the nonce (htmx's script tag)"
        assert markup.scripts >= 2, "the page lost its scripts: is this the page we meant to check?"
        assert response["X-Frame-Options"] == "DENY"


def assert_denies_unused_features(response) -> None:
    policy = {item.strip() for item in response["Permissions-Policy"].split(",")}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial"):
        assert f"{feature}=()" in policy, feature


def test_every_response_denies_the_browser_features_we_never_use(client, content):
    """Health checks, static files and the admin too: the header is added outside everything else."""
    responses = [
        client.get("/healthz"),
        client.get(settings.STATIC_URL + "css/site.css"),
        client.get(reverse("admin:login")),
        client.get(reverse("admin:login"), {"q": "\x00"}),  # a 400 page
    ]
    for response in responses:
        assert_denies_unused_features(response)


def answer_everything(client: Client) -> Attempt:
    assert client.post(reverse("quiz:start")).status_code == 302
    attempt = Attempt.objects.get()
    for position, question in enumerate(selectors.questions_with_effects(attempt.questionnaire_id), start=1):
        choice = question.choices.all()[0]
        response = client.post(reverse("quiz:question", kwargs={"position": position}), {"choice": choice.pk})
        assert response.status_code == 302, response.content
    attempt.refresh_from_db()
    assert attempt.is_finished
    return attempt


def two_roles() -> list[str]:
    return list(Role.objects.published().order_by("slug").values_list("slug", flat=True)[:2])


PAGES: dict[str, tuple[Callable, int]] = {
    "landing": (lambda c: c.get("/"), 200),
    "question": (
        lambda c: (c.post(reverse("quiz:start")), c.get(reverse("quiz:question", args=[1])))[1],
        200,
    ),
    "results": (lambda c: c.get(results_url(answer_everything(c))), 200),
    "shared-results": (lambda c: c.get(shared_url(answer_everything(c))), 200),
    "delete": (
        lambda c: c.get(reverse("quiz:delete", kwargs={"public_id": answer_everything(c).public_id})),
        200,
    ),
    "privacy": (lambda c: c.get(reverse("quiz:privacy")), 200),
    "catalogue": (lambda c: c.get(reverse("careers:catalogue")), 200),
    "role": (lambda c: c.get(reverse("careers:role_detail", kwargs={"slug": two_roles()[0]})), 200),
    "compare": (lambda c: c.get(reverse("careers:compare"), {"roles": two_roles()}), 200),
    "compare-empty": (lambda c: c.get(reverse("careers:compare")), 200),
    "admin-login": (lambda c: c.get(reverse("admin:login")), 200),
    "400": (lambda c: c.get("/test-only/suspicious/"), 400),
    "403": (lambda c: c.get("/test-only/forbidden/"), 403),
    "404": (lambda c: c.get("/no-such-page/"), 404),
    "500": (lambda c: c.get("/test-only/boom/"), 500),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_strict(content, page):
    fetch, status = PAGES[page]
    response = fetch(Client(raise_request_exception=False))
    assert response.status_code == status, response.content[:500]
    assert_strict(response)


def test_the_csrf_failure_page_is_strict(content):
    response = Client(enforce_csrf_checks=True).post(reverse("quiz:start"))
    assert response.status_code == 403
    assert_strict(response)


def test_the_too_many_starts_page_is_strict(content, settings):
    settings.QUIZ_START_RATE_LIMIT = 1
    client = Client()
    client.post(reverse("quiz:start"))
    response = client.post(reverse("quiz:start"))
    assert response.status_code == 429
    assert_strict(response)


def test_the_admin_lockout_page_is_strict(content):
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "nobody", "password": "wrong"})
    response = client.post(url, {"username": "nobody", "password": "wrong"})
    assert response.status_code == 429
    assert_strict(response)


def test_htmx_fragments_are_strict(content):
    client = Client()
    client.post(reverse("quiz:start"))
    response = client.get(reverse("quiz:question", args=[1]), headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert_strict(response, full_page=False)


def test_the_nonce_changes_with_every_response(client, content):
    first, second = (policy(client.get("/"))["script-src"][1] for _ in range(2))
    assert first != second


def test_the_htmx_indicator_is_styled_by_our_stylesheet():
    """includeIndicatorStyles is off (base.html), so site.css must carry the rules htmx would inject."""
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert ".htmx-indicator" in css
    assert ".htmx-request .htmx-indicator" in css


def test_the_checker_catches_what_the_policy_forbids():
    markup = Markup("n0nce")
    markup.feed(
        '<script>alert(1)</script><script nonce="n0nce">ok()</script><script nonce="old">x()</script>'
        '<style>p{}</style><p style="color:red" onclick="x()">'
        '<button hx-on:click="x()" hx-vals="js:{a: 1}">b</button><a href="javascript:x()">a</a>'
        '<meta name="htmx-config" content=\'{"allowEval": true}\'>'
        '<script type="application/json">{"data": 1}</script>'
    )
    assert len(markup.problems) == 9, markup.problems
