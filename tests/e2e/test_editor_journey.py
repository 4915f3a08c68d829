"""An editor adds a role: a draft first, its profile and path filled, previewed, published, then seen by
students in the catalogue and in their results."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from careers.models import Role
from tests.e2e import steps
from tests.e2e.admin_steps import editor, signed_in_page
from tests.factories import results_url

TITLE = "Médiateur ou médiatrice de l'IA"


def test_an_editor_creates_previews_and_publishes_a_role(new_context, editors_group, browser_errors):
    browser_errors.expect(r"status of 404")  # the draft's public address, on purpose
    page = signed_in_page(new_context, editor(editors_group))
    page.goto("/admin/careers/role/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Explique ce que font les systèmes d'IA à celles et ceux qui les utilisent.")
    # Every dimension starts at 0; the job's core at 5 and 4.
    expect(page.locator("#id_weights-11-weight")).to_have_value("0")
    page.fill("#id_weights-5-weight", "5")
    page.fill("#id_weights-7-weight", "4")
    page.fill("#id_weights-3-weight", "3")
    page.locator("#routes-group .add-row a").click()
    page.fill("#id_routes-0-title", "Licence puis master en sciences humaines et numérique")
    page.select_option("#id_routes-0-audience", "bac-general")
    page.select_option("#id_routes-0-from_level", "bac")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    role = Role.objects.get(title=TITLE)
    assert role.publication_problems()  # a route that leads nowhere yet: not publishable

    # The route's steps, on the route's own page.
    role_page = page.url
    page.goto(f"/admin/careers/route/{role.routes.get().pk}/change/")
    page.locator("#steps-group .add-row a").click()
    page.select_option("#id_steps-0-kind", "diploma")
    page.fill("#id_steps-0-title", "Licence puis master en sciences humaines et numérique")
    page.select_option("#id_steps-0-from_level", "bac")
    page.select_option("#id_steps-0-to_level", "bac5")
    page.fill("#id_steps-0-onisep_url", "https://www.onisep.fr/")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(role_page)

    assert role.is_published is False
    assert role.publication_problems() == []

    # Students do not see the draft; the editor previews its page.
    student = new_context().new_page()
    assert student.goto(role.get_absolute_url()).status == 404
    page.locator(".field-status a").first.click()
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.locator("h1")).to_have_text(TITLE)
    page.go_back()

    # Preview and publish: the quality figures side by side, then publish (confirming if asked).
    page.locator(".field-status a").nth(1).click()
    expect(page.locator("table.impact-table")).to_be_visible(timeout=30_000)
    accept = page.locator("#id_accept")
    if accept.count():
        accept.check()
    page.locator("input[type=submit].default").click()
    expect(page).to_have_url(re.compile(rf"/admin/careers/role/{role.pk}/change/$"))
    role.refresh_from_db()
    assert role.is_published is True

    # Students see it: in the catalogue, on its page, and in their results.
    student.goto("/metiers/")
    expect(student.get_by_text(TITLE).first).to_be_visible()
    assert student.goto(role.get_absolute_url()).status == 200
    attempt = steps.finished_attempt()
    student.goto(results_url(attempt))
    expect(student.locator("#ranking")).to_contain_text(TITLE)
