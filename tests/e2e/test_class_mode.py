"""Class mode in a real browser: a teacher opens a session on a desktop, a student joins by code on a
phone, finishes and shares; the teacher's page (refreshed by htmx) shows the count, the distribution
and the shared result. axe-core finds nothing on the teacher's pages."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from classes import services as class_services
from classes.models import ClassSession
from tests.e2e import steps
from tests.e2e.conftest import DESKTOP
from tests.factories import TeacherFactory

PASSWORD = "un-mot-de-passe-solide"
axe = Axe()


def assert_accessible(page: Page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page: Page, username: str) -> None:
    page.goto(reverse("classes:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("classes:dashboard")) + "$"))


def test_a_class_joins_finishes_shares_and_the_teacher_sees_it(new_context, settings):
    settings.CLASS_PICTURE_MIN_FINISHED = 1  # one student plays the class; the threshold has its own test
    TeacherFactory(username="mme-martin")
    teacher = new_context(viewport=DESKTOP).new_page()
    sign_in(teacher, "mme-martin")
    teacher.locator("input[name=name]").fill("2nde B — 12 mars")
    teacher.locator("form[action$='/enseignants/'] button[type=submit]").click()
    expect(teacher.locator("h1")).to_have_text("2nde B — 12 mars")
    code = teacher.locator(".join-code").inner_text()
    # The QR image loads after the page: wait for it (fails if it never decodes), do not sample it.
    qr = teacher.locator("img.join-qr").element_handle()
    teacher.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr, timeout=10_000)
    expect(teacher.locator("[data-count=joined]")).to_have_text("0")

    student = new_context().new_page()  # a phone
    student.goto("/")
    student.locator(f"main a[href='{reverse('classes:join')}']").click()
    student.locator("input[name=code]").fill(code.lower())
    student.locator("main form button[type=submit]").click()
    expect(student).to_have_url(steps.question_url(1))
    # The teacher's page follows without a reload (htmx, every 5 s).
    expect(teacher.locator("[data-count=joined]")).to_have_text("1")
    expect(teacher.locator("[data-count=answering]")).to_have_text("1")
    steps.answer_all(student)
    student.locator("#class-share button[type=submit]").click()
    expect(student.locator("#class-share")).to_contain_text("Ne plus partager")

    expect(teacher.locator("[data-count=finished]")).to_have_text("1")
    first_role = teacher.locator("table.first-roles tbody tr")
    expect(first_role).to_have_count(1)
    expect(teacher.locator(".shared-list li")).to_have_count(1)
    top_title = student.locator(".top-card h3").first.inner_text().split(" ", 1)[1]
    expect(first_role.locator("th")).to_have_text(top_title)
    expect(teacher.locator(".class-picture .chart-figure svg").first).to_be_visible()
    assert_accessible(teacher)
    teacher.locator(".shared-list a").click()
    expect(teacher.locator("h1")).to_contain_text("Élève 1")
    expect(teacher.locator(".shared-top li").first).to_contain_text(top_title)
    assert_accessible(teacher)


def test_the_teacher_pages_have_no_violations(new_context):
    user = TeacherFactory(username="m-durand")
    session = class_services.session_create(
        owner=user, name="1re G — orientation", days=14, allow_pseudonyms=True
    )
    attempt = steps.finished_attempt()
    from classes.models import ClassMembership

    ClassMembership.objects.create(session=session, attempt=attempt, number=1, shared=True, pseudonym="Zoé")
    for viewport in (DESKTOP, None):
        page = new_context(**({"viewport": viewport} if viewport else {})).new_page()
        page.goto(reverse("classes:login"))
        assert_accessible(page)
        sign_in(page, "m-durand")
        for url in (
            reverse("classes:dashboard"),
            reverse("classes:session", kwargs={"pk": session.pk}),
            reverse("classes:summary", kwargs={"pk": session.pk}),
            reverse("classes:shared_result", kwargs={"pk": session.pk, "number": 1}),
            reverse("classes:delete", kwargs={"pk": session.pk}),
            reverse("classes:password_change"),
        ):
            response = page.goto(url)
            assert response.status == 200, url
            assert_accessible(page)
    assert ClassSession.objects.count() == 1


def test_the_student_pages_of_class_mode_have_no_violations(page: Page, browser_errors):
    browser_errors.expect(r"status of 404")  # the wrong code's page, on purpose
    page.goto(reverse("classes:join"))
    assert_accessible(page)
    page.locator("input[name=code]").fill("ZZZZ-2222")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".form-error")).to_be_visible()
    assert_accessible(page)


def test_the_class_summary_prints_on_one_a4_page(new_context):
    """Every role first for someone (the longest table) and the full chart: still one sheet."""
    import copy

    from careers.models import Role
    from classes.models import ClassMembership
    from quiz.models import Attempt, Result

    user = TeacherFactory(username="m-petit")
    session = class_services.session_create(owner=user, name="Terminale 3 — 2 avril", days=14)
    model = steps.finished_attempt()
    base = model.result.snapshot
    for number, role in enumerate(Role.objects.all(), start=1):
        attempt = Attempt.objects.create(questionnaire=model.questionnaire, finished_at=model.finished_at)
        snapshot = copy.deepcopy(base)
        snapshot["fits"][0].update(role=role.slug, title=role.title)
        Result.objects.create(attempt=attempt, snapshot=snapshot)
        ClassMembership.objects.create(session=session, attempt=attempt, number=number)
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, "m-petit")
    page.goto(reverse("classes:summary", kwargs={"pk": session.pk}))
    expect(page.locator("table.first-roles tbody tr")).to_have_count(Role.objects.count())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
