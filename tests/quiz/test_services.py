from __future__ import annotations

import pytest

from careers.models import RoleWeight
from core import content_version
from quiz import selectors, services
from quiz.content import questionnaire_copy
from quiz.models import Answer, ChoiceEffect, Question, Questionnaire
from tests.factories import AttemptFactory, ChoiceFactory, RoleFactory

pytestmark = pytest.mark.django_db


def choice(questionnaire, question_key: str, choice_key: str):
    return Question.objects.get(questionnaire=questionnaire, key=question_key).choices.get(key=choice_key)


def answer_all(attempt, picks: dict[str, list[str]]) -> None:
    for question in attempt.questionnaire.questions.all():
        keys = picks[question.key]
        services.answer_record(
            attempt=attempt, question=question, choices=list(question.choices.filter(key__in=keys))
        )


def test_recording_an_answer_twice_replaces_it_without_doubling(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    question = small_quiz.questions.get(key="apres-midi")
    services.answer_record(
        attempt=attempt, question=question, choices=[choice(small_quiz, "apres-midi", "coder")]
    )
    services.answer_record(
        attempt=attempt, question=question, choices=[choice(small_quiz, "apres-midi", "robot")]
    )
    answer = Answer.objects.get(attempt=attempt)
    assert [c.key for c in answer.choices.all()] == ["robot"]


def test_the_diploma_question_sets_the_attempt_diploma(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    services.answer_record(
        attempt=attempt,
        question=small_quiz.questions.get(key="niveau"),
        choices=[choice(small_quiz, "niveau", "bac3")],
    )
    attempt.refresh_from_db()
    assert attempt.diploma == "bac3"
    assert attempt.situation == ""


@pytest.mark.parametrize(
    ("question_key", "choices", "code"),
    [
        ("apres-midi", [], "exactly one choice"),
        ("apres-midi", [("maths", "oui")], "does not belong"),
        ("apres-midi", [("apres-midi", "coder"), ("apres-midi", "robot")], "exactly one choice"),
    ],
)
def test_it_rejects_bad_answers(small_quiz, question_key, choices, code):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    with pytest.raises(services.AnswerRejected, match=code):
        services.answer_record(
            attempt=attempt,
            question=small_quiz.questions.get(key=question_key),
            choices=[choice(small_quiz, q, c) for q, c in choices],
        )
    assert not Answer.objects.exists()


def test_it_rejects_a_question_of_another_questionnaire(small_quiz):
    attempt = AttemptFactory()
    question = small_quiz.questions.get(key="maths")
    with pytest.raises(services.AnswerRejected, match="not part of this attempt"):
        services.answer_record(
            attempt=attempt, question=question, choices=[choice(small_quiz, "maths", "oui")]
        )


def test_a_finished_attempt_takes_no_more_answers(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["coder"], "maths": ["oui"], "sujets": ["python"]})
    services.attempt_finish(attempt=attempt)
    with pytest.raises(services.AttemptFinished):
        services.answer_record(
            attempt=attempt,
            question=small_quiz.questions.get(key="maths"),
            choices=[choice(small_quiz, "maths", "non")],
        )


def test_finishing_ranks_the_roles_explains_and_plans(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["coder"], "maths": ["oui"], "sujets": ["python"]})
    result = services.attempt_finish(attempt=attempt)
    snapshot = result.snapshot
    assert [f["role"] for f in snapshot["fits"]][0] == "dev"
    top = snapshot["fits"][0]
    assert [reason["dimension"] for reason in top["why"]] == ["code"]
    # The answer that raised "code" most comes first, with its question's words.
    coder = choice(small_quiz, "apres-midi", "coder")
    assert top["why"][0]["drivers"][0] == {"question": coder.question.text, "answer": coder.text}
    assert top["band"] in {"very_close", "close", "explore"}
    assert isinstance(snapshot["low_confidence"], bool)
    # A bac holder at school: the bac général route first, with its whole path still ahead.
    assert [r["title"] for r in top["routes"]] == ["Du bac général", "En reconversion"]
    assert [s["title"] for s in top["routes"][0]["steps"]] == ["Licence informatique", "Master informatique"]
    licence = top["routes"][0]["steps"][0]
    assert licence["links"] == [
        {
            "kind": "parcoursup",
            "url": "https://dossier.parcoursup.fr/Candidat/carte?search=Licence%20informatique",
        }
    ]
    assert top["practice"] == []  # "code" is a strength here, not something to develop
    assert attempt.is_finished


def test_the_path_skips_diplomas_already_reached(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac5"], "apres-midi": ["coder"], "maths": ["oui"], "sujets": ["python"]})
    top = services.attempt_finish(attempt=attempt).snapshot["fits"][0]
    for route in top["routes"]:
        assert route["steps"] == [], route  # a licence, a master, a titre at bac+3: all behind a bac+5


def test_a_working_adult_sees_the_adults_route_first(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["coder"], "maths": ["oui"], "sujets": ["python"]})
    attempt.situation = "working"
    attempt.save()
    top = services.attempt_finish(attempt=attempt).snapshot["fits"][0]
    assert [r["title"] for r in top["routes"]] == ["En reconversion", "Du bac général"]


def test_a_course_that_develops_a_gap_is_offered_on_every_route(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["robot"], "maths": ["non"], "sujets": []})
    fits = {fit["role"]: fit for fit in services.attempt_finish(attempt=attempt).snapshot["fits"]}
    dev = fits["dev"]
    assert "code" in [gap["dimension"] for gap in dev["gaps"]]
    assert [step["title"] for step in dev["practice"]] == ["Projet Python"]
    assert dev["practice"][0]["closes_gaps"] == ["code"]


def test_a_dont_know_answer_leaves_its_dimension_unknown(small_quiz):
    question = small_quiz.questions.get(key="maths")
    ChoiceFactory(question=question, key="nsp", text="Je ne sais pas", dont_know=True)
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["robot"], "maths": ["nsp"], "sujets": []})
    profile = services.attempt_finish(attempt=attempt).snapshot["profile"]
    # "code" is touched by "apres-midi" and "sujets" too, so it stays known, but "maths" counts
    # for nothing: "robot" then ticking nothing reads code 0, as if "maths" had not been asked.
    assert profile["code"] == 0
    data = selectors.questions_data(selectors.questions_with_effects(small_quiz.pk))
    assert [c.dont_know for q in data for c in q.choices].count(True) == 1


def test_finishing_twice_returns_the_same_result(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(
        attempt, {"niveau": ["bac"], "apres-midi": ["robot"], "maths": ["non"], "sujets": ["capteurs"]}
    )
    first = services.attempt_finish(attempt=attempt)
    second = services.attempt_finish(attempt=attempt)
    assert first.pk == second.pk
    assert first.snapshot["fits"][0]["role"] == "roboticien"


def test_a_finished_result_does_not_change_when_profiles_are_edited(small_quiz):
    attempt = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(attempt, {"niveau": ["bac"], "apres-midi": ["coder"], "maths": ["oui"], "sujets": ["python"]})
    before = services.attempt_finish(attempt=attempt).snapshot
    RoleWeight.objects.filter(role__slug="dev").update(weight=0)
    RoleWeight.objects.filter(role__slug="ethicien", dimension__slug="code").update(weight=5)
    attempt.result.refresh_from_db()
    assert attempt.result.snapshot == before


def test_an_editors_change_shows_in_the_next_attempt(small_quiz):
    picks = {"niveau": ["bac"], "apres-midi": ["debattre"], "maths": ["non"], "sujets": ["loi"]}
    first = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(first, picks)
    assert services.attempt_finish(attempt=first).snapshot["fits"][0]["role"] == "ethicien"
    # Saved one by one, as the admin does: each save gives the content a new version, so
    # what was cached for scoring under the old version is never read again.
    for slug, weight in (("ethique", 0), ("code", 5)):
        row = RoleWeight.objects.get(role__slug="ethicien", dimension__slug=slug)
        row.weight = weight
        row.save()
    second = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(second, picks)
    assert services.attempt_finish(attempt=second).snapshot["fits"][0]["role"] != "ethicien"


@pytest.mark.parametrize("extra_roles", [0, 190])
def test_building_the_scoring_input_takes_constant_queries(
    small_quiz, extra_roles, django_assert_max_num_queries
):
    for i in range(extra_roles):
        RoleFactory(profile={"code": i % 6, "robots": (i * 7) % 6})
    for question in small_quiz.questions.all():
        ChoiceFactory(question=question, effects={"ethique": 1})
    with django_assert_max_num_queries(4):
        roles = selectors.roles_data()
    with django_assert_max_num_queries(3):
        questions = selectors.questions_data(selectors.questions_with_effects(small_quiz.pk))
    assert len(roles) == 3 + extra_roles
    assert len(questions) == 3


def test_a_quiz_is_scored_on_the_questionnaire_it_was_answered_on(small_quiz):
    """A new version published while a student answers does not change how their quiz is scored."""
    picks = {"niveau": ["bac"], "apres-midi": ["debattre"], "maths": ["non"], "sujets": ["loi"]}
    before = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(before, picks)
    expected = services.attempt_finish(attempt=before).snapshot
    during = services.attempt_start(questionnaire=small_quiz, language="fr")
    answer_all(during, picks)
    # An editor publishes a new version in which the same answers say the opposite.
    new = questionnaire_copy(questionnaire=small_quiz)
    ChoiceEffect.objects.filter(choice__question__questionnaire=new, dimension__slug="ethique").update(
        value=-2
    )
    ChoiceEffect.objects.filter(choice__question__questionnaire=new, dimension__slug="code").update(value=2)
    new.questions.filter(key="maths").delete()
    Questionnaire.objects.filter(pk=small_quiz.pk).update(is_published=False)
    Questionnaire.objects.filter(pk=new.pk).update(is_published=True)
    content_version.bump()
    assert services.attempt_finish(attempt=during).snapshot == expected
    assert expected["fits"][0]["role"] == "ethicien"
    after = services.attempt_start(questionnaire=new, language="fr")
    answer_all(after, {key: keys for key, keys in picks.items() if key != "maths"})
    assert services.attempt_finish(attempt=after).snapshot["fits"][0]["role"] != "ethicien"
