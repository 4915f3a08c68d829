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

from quiz import selectors, simulation
from quiz.models import Questionnaire
from tests.e2e import steps

# The pictures follow a student whose answers are those a data scientist's profile suggests
# (quiz.simulation.preferred_answer), so the results shown in the README make sense.
SHOWN_ROLE = "data-scientist"

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
    steps.choices(page).nth(0).click()  # "at school (collège or lycée)"
    shoot(page, "question")

    steps.submit_button(page).click()
    expect(page).to_have_url(steps.question_url(3))
    expect(page.locator("#quiz-card progress")).to_have_attribute("value", "3")
    preferred = preferred_answers(SHOWN_ROLE)
    count = steps.total(page)
    for at in range(3, count + 1):
        shown = page.locator("#quiz-card input[name=choice]").evaluate_all("els => els.map(e => +e.value)")
        for choice_id in preferred[frozenset(shown)]:
            page.locator(f"#quiz-card input[value='{choice_id}']").check()
        steps.submit_button(page).click()
        if at < count:
            expect(page.locator("#quiz-card progress")).to_have_attribute("value", str(at + 1))
    expect(page).to_have_url(steps.RESULTS_URL)
    expect(page.locator(".top-card")).to_have_count(3)
    shoot(page, "results")

    # The first role's details, unfolded from its card: why, what to develop, the route that starts
    # from the student's diploma.
    page.locator(".top-card .details-link").first.click()
    details = page.locator("details.role-result").first
    expect(details).to_have_attribute("open", "")
    details.screenshot(path=OUT / "results-details.png", animations="disabled", caret="hide")

    details.locator("a[href^='/metiers/']").last.click()
    expect(page.locator("h1")).to_be_visible()
    shoot(page, "role")


def preferred_answers(role_slug: str) -> dict[frozenset[int], list[int]]:
    """For each question of the published questionnaire (known by its choice ids), the choice ids
    a student with exactly ``role_slug``'s profile would tick."""
    questions = selectors.questions_with_effects(Questionnaire.objects.published().get().pk)
    role = next(r for r in selectors.roles_data() if r.slug == role_slug)
    return {
        frozenset(c.id for c in q.choices): simulation.preferred_answer(q, role)
        for q in selectors.questions_data(questions)
    }


def test_teacher_screenshots(new_context) -> None:
    """A teacher's session page and the printed class summary, for a class of 28 who finished and
    a few still answering (desktop, French)."""
    from classes import services as class_services
    from classes.models import ClassMembership
    from tests import advice
    from tests.e2e.conftest import DESKTOP
    from tests.factories import TeacherFactory

    OUT.mkdir(parents=True, exist_ok=True)
    user = TeacherFactory(username="mme-martin")
    session = class_services.session_create(
        owner=user, name="2nde B — 12 mars", days=14, allow_pseudonyms=True
    )
    questionnaire = Questionnaire.objects.published().get()
    # A class leans somewhere: more students near the data and product jobs than elsewhere.
    leanings = ["data-scientist"] * 7 + ["product-owner-ia"] * 6 + ["ingenieur-machine-learning"] * 5
    leanings += ["specialiste-ethique-ia"] * 4 + ["ingenieur-robotique-vision"] * 3 + ["chercheur-ia"] * 3
    answers = {slug: advice.preferred_answers(questionnaire, slug) for slug in set(leanings)}
    pseudonyms = {2: "Inès", 5: "Tom", 9: ""}
    for number, slug in enumerate(leanings, start=1):
        attempt = advice.finished_attempt_with(answers[slug])
        ClassMembership.objects.create(
            session=session,
            attempt=attempt,
            number=number,
            shared=number in pseudonyms or number % 6 == 0,
            pseudonym=pseudonyms.get(number, ""),
        )
    for number in range(len(leanings) + 1, len(leanings) + 5):
        attempt = class_services.quiz_services.attempt_start(questionnaire=questionnaire, language="fr")
        ClassMembership.objects.create(session=session, attempt=attempt, number=number)

    page = new_context(viewport=DESKTOP).new_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto("/enseignants/connexion/")
    page.locator("input[name=username]").fill("mme-martin")
    page.locator("input[name=password]").fill("un-mot-de-passe-solide")
    page.locator("main form button[type=submit]").click()
    page.goto(f"/enseignants/sessions/{session.pk}/")
    expect(page.locator("[data-count=finished]")).to_have_text(str(len(leanings)))
    shoot(page, "teacher-session")
    page.goto(f"/enseignants/sessions/{session.pk}/synthese/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})  # the printable width of an A4 sheet
    shoot(page, "class-summary")


def test_editor_screenshots(new_context, editors_group) -> None:
    """An editor at 1280 × 800: a draft role's page in the admin, its Preview and publish page, and
    How the quiz is used after a few dozen quizzes."""
    from careers.models import Dimension, Role, RoleWeight, Route
    from tests.e2e.admin_steps import editor, signed_in_page

    role = Role.objects.create(
        slug="mediateur-ia",
        title="Médiateur ou médiatrice de l'IA",
        summary="Explique ce que font les systèmes d'IA à celles et ceux qui les utilisent.",
        missions="Animer des ateliers\nRédiger des guides\nRecueillir les questions des usagers",
        sectors="Collectivités\nMédiathèques\nÉducation",
    )
    core = {"communication": 5, "ethique-droit": 4, "produit-business": 3}
    for dimension in Dimension.objects.all():
        RoleWeight.objects.create(role=role, dimension=dimension, weight=core.get(dimension.slug, 1))
    Route.objects.create(
        role=role,
        title="Licence puis master en médiation numérique",
        audience="bac-general",
        from_level="bac",
    )
    sample_quizzes(60)

    page = signed_in_page(new_context, editor(editors_group))
    page.goto(f"/admin/careers/role/{role.pk}/change/")
    shoot(page, "admin-role")
    page.goto(f"/admin/careers/role/{role.pk}/publish/")
    expect(page.locator("table.impact-table")).to_be_visible(timeout=30_000)
    shoot(page, "admin-publish")
    page.goto("/admin/quiz/attempt/usage/")
    shoot(page, "admin-usage")


def sample_quizzes(count: int) -> None:
    """``count`` quizzes answered at random (seeded), one in five left before its end."""
    import random

    from quiz import services

    rng = random.Random(17)
    questionnaire = Questionnaire.objects.published().get()
    questions = selectors.questions_with_effects(questionnaire.pk)
    for at in range(count):
        attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
        stop = rng.randrange(2, len(questions)) if at % 5 == 0 else len(questions)
        for question in questions[:stop]:
            services.answer_record(
                attempt=attempt, question=question, choices=[rng.choice(list(question.choices.all()))]
            )
        if stop == len(questions):
            services.attempt_finish(attempt=attempt)
