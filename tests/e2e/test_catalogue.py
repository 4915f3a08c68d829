"""Browsing a catalogue longer than one page, in a real browser, with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from careers.selectors import CATALOGUE_PAGE_SIZE
from tests.e2e.test_accessibility import assert_accessible
from tests.factories import RoleFactory

CARDS = ".role-cards > li"


@pytest.fixture
def long_catalogue(_e2e_site):
    """The 10 seeded roles and 30 more: two pages."""
    RoleFactory.create_batch(30)
    return 40


def test_the_next_page_comes_in_place_and_the_back_button_returns(page: Page, long_catalogue):
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.goto("/metiers/")
    expect(page.locator(CARDS)).to_have_count(CATALOGUE_PAGE_SIZE)
    expect(page.locator(".results-count")).to_contain_text("40 métiers trouvés · page 1 sur 2")
    assert_accessible(page)
    loads.clear()
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("link", name="Plus de métiers").click()
    expect(page).to_have_url("/metiers/?page=2")
    expect(page.locator(CARDS)).to_have_count(long_catalogue - CATALOGUE_PAGE_SIZE)
    expect(page.locator(".results-count")).to_contain_text("page 2 sur 2")
    expect(page.locator(".results-count")).to_be_in_viewport()  # the new page is shown from its top
    assert page.evaluate("window.__sameDocument") is True
    assert loads == []
    assert_accessible(page)

    page.go_back()
    expect(page).to_have_url("/metiers/")
    expect(page.locator(CARDS)).to_have_count(CATALOGUE_PAGE_SIZE)


def test_pages_and_filters_work_without_javascript(new_context, long_catalogue):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/metiers/?niveau=&dimension=")
    page.get_by_role("link", name="Plus de métiers").click()
    expect(page).to_have_url("/metiers/?page=2")
    expect(page.locator(CARDS)).to_have_count(long_catalogue - CATALOGUE_PAGE_SIZE)
    page.get_by_role("link", name="Métiers précédents").click()
    expect(page.locator(CARDS)).to_have_count(CATALOGUE_PAGE_SIZE)
