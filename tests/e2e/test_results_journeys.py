"""After the quiz: reading the results, exploring a role, comparing, printing, deleting."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e import steps
from tests.factories import results_url


def test_from_the_results_to_a_role_page_then_a_comparison(page: Page):
    attempt = steps.finished_attempt()
    page.goto(results_url(attempt))
    first = page.locator("article.role-result").first
    title = first.locator("h2").inner_text().split(" ", 1)[1]  # without the rank
    first.locator("a[href^='/metiers/']").last.click()
    expect(page.locator("h1")).to_have_text(title)

    page.locator(".role-actions a").click()  # "Compare … with…"
    expect(page).to_have_url(re.compile(r"/metiers/comparer/\?roles="))
    picker = page.locator(".compare-picker")
    expect(picker.locator("input:checked")).to_have_count(1)
    picker.locator("input:not(:checked)").first.check()
    picker.locator("button[type=submit]").click()
    table = page.locator("table.compare-table")
    expect(table.locator("thead th")).to_have_count(2)
    expect(table.locator("thead th", has_text=title)).to_have_count(1)


def test_delete_my_results(page: Page, browser_errors):
    attempt = steps.finished_attempt()
    url = results_url(attempt)
    page.goto(url)
    page.locator(f".share a[href='{url}supprimer/']").click()
    expect(page).to_have_url(re.compile(r"/supprimer/$"))
    page.locator("form button.danger").click()  # confirm
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages .message-success")).to_be_visible()

    browser_errors.expect(r"status of 404")
    response = page.goto(url)
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()


def test_the_printed_results_drop_navigation_and_buttons(page: Page):
    attempt = steps.finished_attempt()
    page.goto(results_url(attempt))
    page.emulate_media(media="print")
    displays = page.evaluate(
        """() => [...document.querySelectorAll(".site-header, .site-footer, .skip-link, button")]
              .map(el => getComputedStyle(el).display)"""
    )
    assert set(displays) == {"none"}
    still_shown = page.evaluate(
        """() => [...document.querySelectorAll("nav, a.button, form, input, .share")]
              .filter(el => el.checkVisibility()).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert still_shown == []
    roles = page.locator("article.role-result")
    expect(roles).to_have_count(3)
    assert roles.evaluate_all("els => els.map(el => getComputedStyle(el).breakInside)") == ["avoid"] * 3
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
