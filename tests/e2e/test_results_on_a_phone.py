"""The results on a 360 × 740 phone: the answer on the first screen and a page that stays short,
then on paper: the top three with their routes on at most two A4 pages. Measured for a student
whose answers are not clearly marked and for a clear profile of every role, from several diplomas."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from careers.models import Role
from quiz.models import Attempt, Questionnaire
from tests import advice
from tests.e2e import steps
from tests.e2e.conftest import PHONE
from tests.factories import results_url

SCREEN = PHONE["height"]
MAX_FOLDED_HEIGHT = 4000
A4_PAGES_AT_MOST = 2
EDUCATIONS = [
    ("none", "lycee"),
    ("bac", "studies"),
    ("bac3", "studies"),
    ("bac5", "working"),
    ("bac2", "changing"),
]


def students() -> list[Attempt]:
    """A profile not marked yet, then each published role's own profile, from varied diplomas."""
    questionnaire = Questionnaire.objects.published().get()
    attempts = [steps.finished_attempt()]
    slugs = Role.objects.published().values_list("slug", flat=True)
    for slug, (diploma, situation) in zip(slugs, itertools.cycle(EDUCATIONS), strict=False):
        answers = advice.preferred_answers(questionnaire, slug)
        attempts.append(advice.finished_attempt_with(answers, diploma=diploma, situation=situation))
    return attempts


@pytest.fixture
def results_pages() -> list[str]:
    return [results_url(attempt) for attempt in students()]


def test_the_top_three_and_share_are_in_the_first_screen_and_a_half(page: Page, results_pages):
    limit = 1.5 * SCREEN
    for url in results_pages:
        page.goto(url)
        cards = page.locator(".top-card")
        expect(cards).to_have_count(3)
        share = page.locator(".share-quick .actions")
        expect(share).to_be_visible()
        for element in (cards.nth(2), share):
            box = element.bounding_box()
            assert box is not None
            bottom = box["y"] + box["height"]
            assert bottom <= limit, f"{url}: ends at {bottom:.0f} px, past {limit:.0f}"


def test_with_every_role_folded_the_page_is_a_few_screens_tall(page: Page, results_pages):
    for url in results_pages:
        page.goto(url)
        # As it comes: every role folded.
        expect(page.locator("details.role-result[open]")).to_have_count(0)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = false; })")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= MAX_FOLDED_HEIGHT, f"{url} is {height} px tall"
    # Unfolded, the details are all there: the fold hides nothing for good.
    page.evaluate("() => document.querySelectorAll('details.role-result').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollHeight") > height


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_printed_results_fit_on_two_a4_pages_with_the_three_routes(page: Page, results_pages):
    too_long = {}
    for url in results_pages:
        page.goto(url)
        page.emulate_media(media="print")
        # On paper each of the three roles shows its reasons and its first route, folded on
        # screen or not, and the student's profile chart is there at a readable width.
        roles = page.locator("details.role-result")
        expect(roles).to_have_count(3)
        for index in range(3):
            for part in (".role-why", ".routes .route-title"):
                expect(roles.nth(index).locator(part).first).to_be_visible()
        chart = page.locator(".profile svg.chart")
        expect(chart).to_be_visible()
        assert chart.bounding_box()["width"] >= 200  # px at 96 dpi: over 5 cm
        pages = pdf_pages(page.pdf(format="A4"))
        assert pages >= 1
        if pages > A4_PAGES_AT_MOST:
            too_long[url] = pages
    assert not too_long, f"printed on more than {A4_PAGES_AT_MOST} A4 pages: {too_long}"
