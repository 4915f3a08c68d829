"""Regenerate the README's screenshots from a real run: ``make screenshots``.

A French student on a 360 x 740 phone takes the whole quiz against the live server with the real
content; the pictures land in ``docs/screenshots/``. Not a test (the file name keeps it out of the
suite); pytest runs it only to get the live server, the database and the browser set up like the
e2e tests.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.e2e import steps

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"
MAX_HEIGHT = 2400  # px of a full-page picture; longer pages are cut there to keep the PNGs small


def shoot(page: Page, name: str) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": min(height, MAX_HEIGHT)}
    page.screenshot(path=OUT / f"{name}.png", full_page=True, clip=clip, animations="disabled", caret="hide")


def test_screenshots(page: Page) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.emulate_media(reduced_motion="reduce")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    shoot(page, "landing")

    steps.start_quiz(page)
    steps.answer(page, pick=0)  # a lycée student, the people the product is for
    steps.choices(page).nth(2).click()
    shoot(page, "question")

    steps.submit_button(page).click()
    expect(page).to_have_url(steps.question_url(3))
    steps.answer_all(page)
    shoot(page, "results")

    page.locator("article.role-result").first.locator("a[href^='/metiers/']").last.click()
    expect(page.locator("h1")).to_be_visible()
    shoot(page, "role")
