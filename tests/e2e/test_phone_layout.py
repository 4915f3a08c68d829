"""On a 360 px phone nothing scrolls sideways and every target is big enough for a thumb (44 px)."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page

from careers.models import Role
from tests.e2e import steps
from tests.e2e.conftest import PHONE

MIN_TARGET = 44

# Targets too small for a thumb. Exempt, as WCAG 2.5.8 allows: a link inside running text (its
# paragraph or list item holds other words too), and a radio or checkbox inside its label (the label
# row is the target and is measured instead). Hidden elements (no box) are skipped.
SMALL_TARGETS = """(minimum) => {
  const targets = document.querySelectorAll(
    "a[href], button, summary, select, input:not([type=hidden]), label.choice, label.compare-toggle");
  const small = [];
  for (const el of targets) {
    if (!el.checkVisibility()) continue;
    if (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label")) continue;
    const style = getComputedStyle(el);
    if (el.matches("a") && style.display === "inline") {
      const block = el.parentElement.closest("p, li, dd, td, th");
      if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
    }
    const box = el.getBoundingClientRect();
    if (box.height < minimum - 0.5) {
      small.push(`${el.outerHTML.slice(0, 90)} is ${box.height.toFixed(1)} px tall`);
    }
  }
  return small;
}"""


def assert_fits_a_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    small = page.evaluate(SMALL_TARGETS, MIN_TARGET)
    assert not small, f"{page.url}:\n" + "\n".join(small)


def test_the_explore_pages_fit_a_phone(page: Page, browser_errors):
    browser_errors.expect(r"status of 404")
    slugs = list(Role.objects.published().values_list("slug", flat=True))
    paths = [
        reverse("quiz:landing"),
        reverse("quiz:privacy"),
        reverse("careers:catalogue"),
        reverse("careers:compare") + "?" + "&".join(f"roles={slug}" for slug in slugs[:3]),
        reverse("careers:compare") + "?roles=" + slugs[0],
        *(reverse("careers:role_detail", kwargs={"slug": slug}) for slug in slugs),
        "/no-such-page/",
    ]
    for path in paths:
        page.goto(path)
        assert_fits_a_phone(page)
    page.goto(reverse("careers:catalogue"))
    page.locator("#filter-level").select_option(index=2)  # htmx swaps the filtered cards in
    page.wait_for_url("**niveau=*")
    assert_fits_a_phone(page)


def test_the_quiz_fits_a_phone(page: Page):
    steps.start_quiz(page)
    while True:
        assert_fits_a_phone(page)
        if steps.position(page) == steps.total(page):
            break
        steps.answer(page)
    steps.answer(page)
    page.locator("details.profile > summary").click()
    page.locator(".profile .chart-text summary").click()
    assert_fits_a_phone(page)
    page.locator("details.qr > summary").click()
    assert_fits_a_phone(page)
    shared = page.locator("#share-url").input_value()
    page.locator(".share a[href$='/supprimer/']").click()  # the delete confirmation
    assert_fits_a_phone(page)
    page.goto(shared)  # the read-only page a friend opens
    assert_fits_a_phone(page)


def test_the_skip_link_is_a_big_target_when_focused(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["height"] >= MIN_TARGET


def test_every_questions_next_button_shows_without_scrolling(page: Page):
    """At 360 × 740 a student sees every answer and "Next" of a question without scrolling: the
    action bar sticks to the bottom of the screen when the card is taller, and never covers a
    choice once scrolled to."""
    steps.start_quiz(page)
    count = steps.total(page)
    for at in range(1, count + 1):
        assert steps.position(page) == at
        # Each new question starts at the top of the screen (htmx scrolls after the swap).
        page.wait_for_function("() => window.scrollY === 0", timeout=3000)
        button = steps.submit_button(page).bounding_box()
        assert button["y"] + button["height"] <= PHONE["height"], f"question {at}: Next is below the fold"
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        choice = steps.choices(page).last.bounding_box()
        bar = page.locator("#quiz-card .quiz-nav").bounding_box()
        assert choice["y"] + choice["height"] <= bar["y"] + 0.5, f"question {at}: the bar covers a choice"
        page.evaluate("window.scrollTo(0, 0)")
        steps.answer(page)
