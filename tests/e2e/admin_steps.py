"""Helpers for the browser journeys through the admin: an editor signed in at 1280 × 800."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from playwright.sync_api import Page

from tests.e2e.conftest import DESKTOP

PASSWORD = "un-mot-de-passe-solide"

# How far the page scrolls sideways: 0 when everything fits the window.
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

# Boxes inside the page that scroll or hide what overflows them (Django's tabular inlines scroll
# inside their own box: the page does not, but the columns on the right are out of sight).
HIDDEN_OVERFLOW = """() => {
  const out = [];
  for (const el of document.querySelectorAll("#content *")) {
    // Form fields scroll their own text; the selector widgets hide their buttons' words on purpose.
    if (el.matches("input, textarea, select, option, button, a")) continue;
    const style = getComputedStyle(el);
    if (!["auto", "scroll", "hidden"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const where = el.closest("[id]")?.id || "";
      out.push(`${where} ${el.tagName.toLowerCase()}.${el.className} by ${el.scrollWidth - el.clientWidth} px`);
    }
  }
  return out;
}"""


def editor(group: Group, username: str = "editrice") -> User:
    """A staff user in the editors' group (tests/conftest.py's ``editors_group``: the migration's)."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


def signed_in_page(new_context, user: User) -> Page:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page
