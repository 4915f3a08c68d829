"""After the quiz: reading the results, exploring a role, comparing, sharing, printing, deleting."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from quiz.models import Questionnaire
from tests import advice
from tests.e2e import steps
from tests.factories import results_url, shared_url


def test_from_the_results_to_a_role_page_then_a_comparison(page: Page):
    attempt = steps.finished_attempt()
    page.goto(results_url(attempt))
    title = page.locator(".top-card h3").first.inner_text().split(" ", 1)[1]  # without the rank
    first = page.locator("details.role-result").first
    first.locator(":scope > summary").click()  # every role comes folded
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


def test_share_a_read_only_link_that_the_owner_link_can_take_down(new_context, browser_errors):
    attempt = steps.finished_attempt()
    owner = new_context(permissions=["clipboard-read", "clipboard-write"]).new_page()
    owner.goto(results_url(attempt))
    link = owner.locator("#share-url").input_value()
    assert link.endswith(shared_url(attempt))
    expect(owner.locator("[data-share]")).to_have_attribute("data-share", link)  # the share sheet
    owner.get_by_role("button", name="Copier le lien à partager").click()
    expect(owner.locator("[data-copy-status]")).to_have_text("Lien copié.")
    assert owner.evaluate("navigator.clipboard.readText()") == link
    owner.get_by_role("button", name="Copier mon lien").click()  # the owner's own, to keep
    expect(owner.locator("#own-copy-status")).to_contain_text("garde-le en lieu sûr")
    assert owner.evaluate("navigator.clipboard.readText()").endswith(results_url(attempt))
    owner.locator("details.qr > summary").click()
    qr = owner.locator("details.qr img")
    expect(qr).to_have_attribute("src", re.compile(rf"/resultats/partage/{attempt.share_id}/qr.svg$"))
    owner.wait_for_function("() => document.querySelector('details.qr img').naturalWidth > 0")

    # A friend opens the link: the same results, read only, and the quiz for themselves.
    friend = new_context().new_page()
    friend.goto(link)
    expect(friend.locator(".shared-note")).to_contain_text("Quelqu'un a partagé ses résultats")
    expect(friend.locator(".top-card h3")).to_have_text(owner.locator(".top-card h3").all_inner_texts())
    expect(friend.locator("a[href$='/supprimer/'], form[action$='/modifier/'], #own-url")).to_have_count(0)
    expect(friend.locator("[data-share], #class-share")).to_have_count(0)
    assert str(attempt.public_id) not in friend.content()
    friend.locator("details.qr > summary").click()
    friend.wait_for_function("() => document.querySelector('details.qr img').naturalWidth > 0")
    friend.locator(".shared-note a.button").click()
    expect(friend).to_have_url(re.compile(r"/$"))

    # The owner deletes the results: the shared link is gone too.
    owner.locator(".share a[href$='/supprimer/']").click()
    owner.locator("form button.danger").click()
    expect(owner.locator(".messages .message-success")).to_be_visible()
    browser_errors.expect(r"status of 404")
    assert friend.goto(link).status == 404


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
    roles = page.locator("details.role-result")
    expect(roles).to_have_count(3)
    # Folded on screen, unfolded on paper.
    expect(roles.locator(".role-why")).to_have_count(3)
    for index in range(3):
        expect(roles.nth(index).locator(".role-why")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


def test_bands_and_a_tie_are_shown_as_such(page: Page):
    questionnaire = Questionnaire.objects.published().get()
    attempt = advice.finished_attempt_with(advice.answers_where(questionnaire, advice.tied_at_top))
    page.goto(results_url(attempt))
    cards = page.locator(".top-card")
    expect(cards).to_have_count(3)
    for index, fit in enumerate(attempt.result.snapshot["fits"][:3]):
        expect(cards.nth(index).locator(f".band.band-{fit['band']}")).to_be_visible()
    expect(page.locator(".tie-note")).to_be_visible()
    expect(cards.nth(1).locator(".tag")).to_be_visible()  # "tied with the one above"
    expect(page.locator(".low-confidence")).to_have_count(0)


def test_a_profile_not_marked_yet_is_said_with_next_steps(page: Page):
    questionnaire = Questionnaire.objects.published().get()
    attempt = advice.finished_attempt_with(advice.answers_where(questionnaire, advice.not_marked))
    page.goto(results_url(attempt))
    notice = page.locator(".low-confidence")
    expect(notice).to_be_visible()
    notice.locator("a[href='#next-steps']").click()  # after the three cards
    next_steps = page.locator("#next-steps")
    expect(next_steps).to_be_in_viewport()
    expect(next_steps.locator(".next-steps li")).to_have_count(4)
    next_steps.locator("a[href='/metiers/']").click()
    expect(page).to_have_url(re.compile(r"/metiers/$"))


def test_the_details_of_a_role_open_from_its_card(page: Page):
    attempt = steps.finished_attempt()
    page.goto(results_url(attempt))
    second = page.locator("details.role-result").nth(1)
    expect(second).not_to_have_attribute("open", "")
    page.locator(".top-card .details-link").nth(1).click()
    expect(second).to_have_attribute("open", "")
    expect(second.locator(".path, p").first).to_be_visible()


def test_the_details_open_from_their_card_without_javascript(new_context):
    """The card's link points inside the folded details: the browser opens them on its own."""
    attempt = steps.finished_attempt()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(results_url(attempt))
    second = page.locator("details.role-result").nth(1)
    expect(second).not_to_have_attribute("open", "")
    page.locator(".top-card .details-link").nth(1).click()
    expect(second).to_have_attribute("open", "")
    expect(second.locator(".role-why")).to_be_visible()


def first_route(page: Page, slug: str):
    details = page.locator(f"#details-{slug}")
    if details.get_attribute("open") is None:
        details.locator(":scope > summary").click()
    return details.locator(".routes")


def test_the_first_route_fits_a_bac_pro_a_lycee_student_and_a_working_adult(page: Page):
    questionnaire = Questionnaire.objects.published().get()
    answers = advice.preferred_answers(questionnaire, "chercheur-ia")
    cases = [
        ("cap-bacpro", "studies", "Après un bac pro ou un bac techno"),
        ("none", "lycee", "Après un bac général"),
        ("bac5", "working", "Pour un adulte en reconversion"),
    ]
    for diploma, situation, audience in cases:
        attempt = advice.finished_attempt_with(answers, diploma=diploma, situation=situation)
        assert attempt.result.snapshot["fits"][0]["role"] == "chercheur-ia"
        page.goto(results_url(attempt))
        routes = first_route(page, "chercheur-ia")
        expect(routes.locator(".route-meta .tag").first).to_have_text(audience)
        steps = routes.locator(":scope > ol.path > li")
        expect(steps.first).to_be_visible()
        if diploma == "bac5":
            # Nothing below a bac+5: the thesis in a company, not a licence or a master.
            titles = " ".join(steps.all_inner_texts())
            assert "Doctorat" in titles and "Licence" not in titles and "Master" not in titles
        # Every other route is one tap away.
        expect(routes.locator("details.other-routes summary")).to_be_visible()
