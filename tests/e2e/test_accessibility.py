"""axe-core finds no violation on any page a student can reach (every rule on, nothing disabled)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import RateLimitCounter
from tests.e2e import steps
from tests.e2e.conftest import DESKTOP
from tests.factories import results_url, shared_url

axe = Axe()


def assert_accessible(page: Page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.mark.parametrize(
    "path",
    [
        reverse("quiz:landing"),
        reverse("quiz:privacy"),
        reverse("careers:catalogue"),
        reverse("careers:catalogue") + "?niveau=zzz",  # with a notice
        reverse("careers:role_detail", kwargs={"slug": "data-scientist"}),
        reverse("careers:compare")
        + "?roles=data-scientist&roles=chercheur-ia&roles=ingenieur-machine-learning",
        reverse("careers:compare") + "?roles=data-scientist",  # the picker, with a problem
    ],
)
def test_pages_have_no_violations(page: Page, path: str):
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)


def test_the_pages_on_a_desktop_in_english_have_no_violations(new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/")
    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.goto(reverse("careers:role_detail", kwargs={"slug": "chief-ai-officer"}))
    assert_accessible(page)


def test_the_questions_have_no_violations(page: Page, browser_errors):
    steps.start_quiz(page)
    assert_accessible(page)  # a single-choice question
    browser_errors.expect(r"status of 422")  # the status of a refused answer, on purpose
    steps.submit_button(page).click()  # nothing ticked: the error message
    expect(page.locator("#question-error")).to_be_visible()
    assert_accessible(page)
    while not page.locator("#quiz-card input[type=checkbox]").count():
        steps.answer(page)
    assert_accessible(page)  # a multiple-choice question
    page.goto("/")  # the landing page offering to continue
    expect(page.locator(".resume")).to_be_visible()
    assert_accessible(page)


def test_the_results_and_the_delete_page_have_no_violations(page: Page):
    attempt = steps.finished_attempt()
    page.goto(results_url(attempt))
    assert_accessible(page)
    page.locator("details.profile > summary").click()
    page.locator(".profile .chart-text summary").click()  # the chart as text, opened
    assert_accessible(page)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)  # every role's details unfolded
    page.goto(reverse("quiz:delete", kwargs={"public_id": attempt.public_id}))
    assert_accessible(page)


def test_the_shared_results_have_no_violations(page: Page):
    attempt = steps.finished_attempt()
    page.goto(shared_url(attempt))
    expect(page.locator(".shared-note")).to_be_visible()
    assert_accessible(page)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)  # every role's details and the QR code unfolded


def test_the_error_pages_have_no_violations(page: Page, context, browser_errors, settings):
    browser_errors.expect(r"status of (403|404|429)")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert_accessible(page)

    # A form posted after its CSRF cookie is gone: the "session expired" page.
    page.goto("/")
    context.clear_cookies()
    with page.expect_response(reverse("quiz:start")) as posted:
        steps.start_button(page).click()
    assert posted.value.status == 403
    assert_accessible(page)

    # Too many quizzes started from one connection: the "short break" page.
    RateLimitCounter.objects.all().delete()
    settings.QUIZ_START_RATE_LIMIT = 1
    steps.start_quiz(page)
    page.goto("/")
    with page.expect_response(reverse("quiz:start")) as posted:
        steps.start_button(page).click()
    assert posted.value.status == 429
    assert_accessible(page)
