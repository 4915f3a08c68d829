"""Taking the quiz in a real browser: phone, desktop, without JavaScript, by keyboard, and back again."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import steps
from tests.e2e.conftest import DESKTOP, PHONE


def test_the_page_is_styled_and_its_scripts_load(page: Page):
    statics: dict[str, int] = {}

    def seen(response) -> None:
        if "/static/" in response.url:
            statics[response.url.rsplit("/", 1)[-1]] = response.status

    page.on("response", seen)
    page.goto("/")
    assert {"site.css", "app.js", "htmx-2.min.js"} <= statics.keys()
    assert set(statics.values()) == {200}
    header_colour = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(29, 63, 184)"  # --brand from site.css
    assert page.evaluate("typeof window.htmx") == "object"
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_whole_quiz_with_javascript(new_context, viewport):
    page = new_context(viewport=viewport).new_page()
    steps.start_quiz(page)
    assert steps.total(page) > 10
    steps.answer_all(page)
    ranks = page.locator(".top-card .rank")
    expect(ranks).to_have_text(["1", "2", "3"])
    expect(page.locator(".top-card .band")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_whole_quiz_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    steps.start_quiz(page)
    steps.answer_all(page)
    expect(page.locator(".top-card .rank")).to_have_text(["1", "2", "3"])
    # Without JavaScript the copy and print buttons stay hidden; the rest of the page is there.
    copy_buttons = page.locator("[data-copy]")
    expect(copy_buttons).to_have_count(2)  # the link to share, and the student's own
    for button in copy_buttons.all():
        expect(button).to_be_hidden()
    expect(page.locator(".share a[href$='/supprimer/']")).to_be_visible()


def _focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const ring = el.closest("label.choice") || el;
          return {
            tag: el.tagName, type: el.type || "", cls: el.className || "", text: el.textContent.trim(),
            outline: getComputedStyle(ring).outlineStyle, focusVisible: el.matches(":focus-visible"),
          };
        }"""
    )


def _tab_to(page: Page, predicate, limit: int = 30) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if predicate(focused):
            assert focused["focusVisible"], focused
            assert focused["outline"] != "none", f"no visible focus on {focused}"
            return focused
    raise AssertionError("Tab never reached the element")


def test_the_whole_quiz_by_keyboard_only(page: Page):
    page.goto("/")
    start = _tab_to(page, lambda f: f["tag"] == "BUTTON" and "button" in f["cls"])
    assert start["text"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(steps.question_url(1))
    count = steps.total(page)
    for at in range(1, count + 1):
        heading = page.locator("#quiz-card .question-text")
        # Focus starts on the new question, so a screen reader reads it first.
        expect(heading).to_be_focused()
        assert steps.position(page) == at
        _tab_to(page, lambda f: f["tag"] == "INPUT" and f["type"] in {"radio", "checkbox"})
        page.keyboard.press("Space")
        expect(page.locator("#quiz-card .choices input:checked")).to_have_count(1)
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit")
        page.keyboard.press("Enter")
        if at < count:
            expect(page).to_have_url(steps.question_url(at + 1))
            expect(page.locator("#quiz-card progress")).to_have_attribute("value", str(at + 1))
    expect(page).to_have_url(steps.RESULTS_URL)
    expect(page.locator(".top-card")).to_have_count(3)


def test_previous_keeps_the_answer_and_a_refresh_or_a_new_tab_resumes(context, page: Page):
    steps.start_quiz(page)
    steps.answer(page, pick=1)
    steps.answer(page, pick=2)
    assert steps.position(page) == 3

    page.locator("#quiz-card .quiz-nav a").click()  # "Previous"
    expect(page).to_have_url(steps.question_url(2))
    expect(page.locator("#quiz-card .choices input").nth(2)).to_be_checked()

    page.reload()
    expect(page).to_have_url(steps.question_url(2))
    expect(page.locator("#quiz-card .choices input").nth(2)).to_be_checked()
    page.locator("#quiz-card .quiz-nav a").click()
    expect(page.locator("#quiz-card .choices input").nth(1)).to_be_checked()

    # Close the page; later, the landing page offers to continue where the student stopped.
    page.close()
    later = context.new_page()
    later.goto("/")
    continue_link = later.locator(".resume a.button")
    expect(continue_link).to_be_visible()
    continue_link.click()
    expect(later).to_have_url(steps.question_url(3))
    steps.answer_all(later)


def test_htmx_swaps_questions_without_a_full_load_and_the_back_button_works(page: Page):
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    steps.start_quiz(page)
    first_question = page.locator("#quiz-card .question-text").inner_text()
    loads.clear()
    page.evaluate("window.__sameDocument = true")

    steps.answer(page)
    steps.answer(page)
    expect(page).to_have_url(steps.question_url(3))
    assert page.evaluate("window.__sameDocument") is True
    assert loads == []

    page.go_back()
    expect(page).to_have_url(steps.question_url(2))
    page.go_back()
    expect(page).to_have_url(steps.question_url(1))
    expect(page.locator("#quiz-card .question-text")).to_have_text(first_question)
    # The whole page came back, not only the card: the navigation is still there, once.
    expect(page.locator(".site-header")).to_have_count(1)
    expect(page.locator("#quiz-card")).to_have_count(1)
    page.go_forward()
    expect(page).to_have_url(steps.question_url(2))
    expect(page.locator("#quiz-card progress")).to_have_attribute("value", "2")


def test_the_english_interface(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Which AI job is made for you?")
    expect(page.locator(".lang-switch button[value=fr]")).to_be_visible()

    steps.start_quiz(page)
    expect(page.locator("#progress-label")).to_have_text(f"Question 1 of {steps.total(page)}")
    expect(page.locator(".content-language-note")).to_be_visible()
    page.goto("/metiers/")
    expect(page.locator("h1")).to_have_text("AI jobs")

    page.locator(".lang-switch button[value=fr]").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_next_without_a_choice_explains_what_to_do_with_javascript(page: Page, browser_errors):
    browser_errors.expect(r"status of 422")  # the status of a refused answer, on purpose
    steps.start_quiz(page)
    steps.submit_button(page).click()
    error = page.locator("#quiz-card #question-error[role=alert]")
    expect(error).to_be_visible()
    expect(page).to_have_url(steps.question_url(1))
    steps.answer(page)
    expect(page.locator("#quiz-card #question-error")).to_have_count(0)
