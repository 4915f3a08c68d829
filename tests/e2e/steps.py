"""What a student does, as small reusable steps for the browser tests.

Locators use structure (roles, form actions, classes), not French wording, so the journeys pass
in either language.
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from quiz import selectors, services
from quiz.models import Attempt, Questionnaire

RESULTS_URL = re.compile(r"/resultats/[0-9a-f-]{36}/$")


def question_url(position: int) -> re.Pattern[str]:
    return re.compile(rf"/quiz/question/{position}/$")


def start_button(page: Page):
    return page.locator(f"main form[action='{reverse('quiz:start')}'] button[type=submit]").first


def start_quiz(page: Page) -> None:
    """From the landing page, press "Start the quiz" and land on question 1."""
    page.goto("/")
    start_button(page).click()
    expect(page).to_have_url(question_url(1))


def position(page: Page) -> int:
    return int(page.locator("#quiz-card progress").get_attribute("value"))


def total(page: Page) -> int:
    return int(page.locator("#quiz-card progress").get_attribute("max"))


def choices(page: Page):
    return page.locator("#quiz-card .choices .choice")


def submit_button(page: Page):
    return page.locator("#quiz-card .quiz-nav button[type=submit]")


def pick_for(at: int, count: int) -> int:
    """A varied but repeatable answer: not always the first choice."""
    return (at * 3) % count


def answer(page: Page, pick: int | None = None) -> None:
    """Tick one choice of the current question (a varied one by default) and press Next."""
    at, count = position(page), total(page)
    options = choices(page)
    options.nth(pick_for(at, options.count()) if pick is None else pick).click()
    submit_button(page).click()
    if at < count:
        expect(page).to_have_url(question_url(at + 1))
        expect(page.locator("#quiz-card progress")).to_have_attribute("value", str(at + 1))
    else:
        expect(page).to_have_url(RESULTS_URL)


def answer_until(page: Page, stop_at: int) -> None:
    """Answer questions until the card shows question ``stop_at``."""
    while position(page) < stop_at:
        answer(page)


def answer_all(page: Page) -> None:
    """Answer every remaining question and land on the results."""
    count = total(page)
    while True:
        last = position(page) == count
        answer(page)
        if last:
            break
    expect(page.locator(".top-card")).to_have_count(3)


def finished_attempt() -> Attempt:
    """A finished attempt made through the services (fast), for tests that start at the results."""
    questionnaire = Questionnaire.objects.published().get()
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for at, question in enumerate(selectors.questions_with_effects(attempt.questionnaire_id), start=1):
        options = list(question.choices.all())
        services.answer_record(
            attempt=attempt, question=question, choices=[options[pick_for(at, len(options))]]
        )
    services.attempt_finish(attempt=attempt)
    return attempt
