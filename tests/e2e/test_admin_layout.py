"""The editors' admin fits a 1280 × 800 screen: no sideways scroll on the role and question pages."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from careers.models import Role
from quiz.models import Question, Questionnaire
from tests.e2e.admin_steps import HIDDEN_OVERFLOW, SIDEWAYS, editor, signed_in_page
from tests.e2e.conftest import DESKTOP


def test_the_role_and_question_pages_fit_1280_px(new_context, editors_group):
    page = signed_in_page(new_context, editor(editors_group))
    role = Role.objects.get(slug="data-scientist")
    question = Question.objects.filter(questionnaire=Questionnaire.objects.published().get(), asks="").first()
    for name, url in (
        ("role-add", reverse("admin:careers_role_add")),
        ("role", reverse("admin:careers_role_change", args=[role.pk])),
        ("question", reverse("admin:quiz_question_change", args=[question.pk])),
    ):
        page.goto(url)
        page.screenshot(path=f"/tmp/shots/{name}.png", full_page=True)
        assert page.evaluate(SIDEWAYS) <= 0, f"{url} scrolls sideways by {page.evaluate(SIDEWAYS)} px"
        hidden = page.evaluate(HIDDEN_OVERFLOW)
        assert not hidden, f"{url}: " + "; ".join(hidden)


def test_an_effect_error_is_in_sight_next_to_its_box(new_context, editors_group):
    page = signed_in_page(new_context, editor(editors_group))
    question = Question.objects.filter(questionnaire=Questionnaire.objects.published().get(), asks="").first()
    page.goto(reverse("admin:quiz_question_change", args=[question.pk]))
    last = page.locator("#choices-0 .effect-grid input[type=number]").last
    last.fill("7")
    page.locator("input[name=_continue]").click()
    error = page.locator("#choices-0 .effect-grid .errorlist").first
    expect(error).to_be_visible()
    box = error.bounding_box()
    assert box is not None and box["x"] + box["width"] <= DESKTOP["width"], box
    assert page.evaluate(SIDEWAYS) <= 0
