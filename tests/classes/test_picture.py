"""The class picture: its figures, and a query count that does not grow with the class."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from classes import selectors
from classes.models import ClassMembership
from quiz.models import Attempt, Result
from quiz.presenters import BAND_LABELS
from tests.factories import QuestionnaireFactory, RoleFactory

pytestmark = pytest.mark.django_db

BANDS = {k: str(v) for k, v in BAND_LABELS.items()}


def snapshot(role: str, title: str, band: str, *, low: bool = False, code: float = 0.5) -> dict:
    return {
        "fits": [{"role": role, "title": title, "band": band, "score": 70}],
        "low_confidence": low,
        "profile": {"code": code, "ethique": 0.25},
        "dimensions": [],
    }


def fill(session, students: int, *, finished: int, shared: int = 0) -> None:
    """``students`` members, the first ``finished`` of them finished, the first ``shared`` shared."""
    questionnaire = QuestionnaireFactory(is_published=False)
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(questionnaire=questionnaire, finished_at=now if i < finished else None)
        for i in range(students)
    )
    Result.objects.bulk_create(
        Result(
            attempt=a,
            snapshot=snapshot("dev", "Développeur IA", "close", low=i % 4 == 0, code=0.8)
            if i % 2 == 0
            else snapshot("ethicien", "Éthicien", "explore", code=0.4),
        )
        for i, a in enumerate(attempts[:finished])
    )
    ClassMembership.objects.bulk_create(
        ClassMembership(session=session, attempt=a, number=i + 1, shared=i < shared)
        for i, a in enumerate(attempts)
    )


def test_the_figures_of_a_class(class_session):
    RoleFactory(slug="dev", title="Développeur IA", profile={"code": 5, "ethique": 0})
    fill(class_session, 10, finished=8, shared=2)
    picture = selectors.class_picture(class_session, band_labels=BANDS)
    assert (picture.joined, picture.answering, picture.finished) == (10, 2, 8)
    assert [(s.key, s.count, s.percent) for s in picture.first_roles] == [("dev", 4, 50), ("ethicien", 4, 50)]
    assert [(s.key, s.count) for s in picture.bands] == [("close", 4), ("explore", 4)]
    assert picture.low_confidence == 2 and picture.low_confidence_percent == 25
    assert picture.average_profile == {"code": pytest.approx(0.6), "ethique": pytest.approx(0.25)}
    assert picture.top_role is None  # 4 and 4: in a tie, no job is "the most frequent"
    assert [(s.number, s.first_role) for s in picture.shared] == [(1, "Développeur IA"), (2, "Éthicien")]


def test_the_most_frequent_first_job_is_drawn_next_to_the_class(class_session):
    RoleFactory(slug="dev", title="Développeur IA", profile={"code": 5, "ethique": 0})
    fill(class_session, 10, finished=9)
    picture = selectors.class_picture(class_session, band_labels=BANDS)
    assert [(s.key, s.count) for s in picture.first_roles] == [("dev", 5), ("ethicien", 4)]
    assert picture.top_role.key == "dev" and picture.top_role_profile == {"code": 1.0, "ethique": 0.0}


def test_below_five_finished_the_class_figures_stay_hidden(class_session, teacher_client, settings):
    """With one or two finished quizzes the distribution and the average would be those students'
    results: the teacher sees the counts and the shared results only."""
    settings.CLASS_PICTURE_MIN_FINISHED = 5
    fill(class_session, 6, finished=4, shared=1)
    picture = selectors.class_picture(class_session, band_labels=BANDS)
    assert not picture.shown and picture.finished == 4
    assert picture.first_roles == [] and picture.average_profile == {} and picture.top_role is None
    assert [s.number for s in picture.shared] == [1]
    page = teacher_client.get(reverse("classes:session", args=[class_session.pk])).content.decode()
    assert "apparaissent une fois que 5 élèves ont terminé" in page
    assert "Premier métier de chaque élève" not in page
    settings.CLASS_PICTURE_MIN_FINISHED = 4
    assert selectors.class_picture(class_session, band_labels=BANDS).shown


def test_an_empty_class_has_no_figures(class_session):
    picture = selectors.class_picture(class_session, band_labels=BANDS)
    assert picture.joined == picture.finished == 0 and not picture.first_roles and picture.top_role is None


# Teacher's session and user, the group check, the session, the counts, the summaries, the
# dimensions, the top role's profile.
SESSION_PAGE_QUERIES = 8


@pytest.mark.parametrize("students", [35, 500])
def test_the_session_page_keeps_its_query_count(
    teacher_client, class_session, students, django_assert_max_num_queries
):
    RoleFactory(slug="dev", title="Développeur IA", profile={"code": 5, "ethique": 0})
    fill(class_session, students, finished=students - 3, shared=students // 2)
    url = reverse("classes:session", kwargs={"pk": class_session.pk})
    with django_assert_max_num_queries(SESSION_PAGE_QUERIES):
        response = teacher_client.get(url)
    assert response.status_code == 200
    assert f'data-count="joined">{students}<' in response.text
    assert response.text.count("/resultats/") == students // 2  # one link per shared result
    with django_assert_max_num_queries(SESSION_PAGE_QUERIES):
        assert teacher_client.get(url, headers={"HX-Request": "true"}).status_code == 200
