from __future__ import annotations

import pytest
from django.urls import reverse

from careers.models import Role

pytestmark = pytest.mark.django_db


def test_a_role_page_shows_profile_steps_salaries_and_moves_inline(admin_client, content):
    role = Role.objects.get(slug="controleur-performances-ia")
    response = admin_client.get(reverse("admin:careers_role_change", args=[role.pk]))
    assert response.status_code == 200
    for prefix in ("weights-", "steps-", "salaries-", "career_moves-"):
        assert f'name="{prefix}0-' in response.text, prefix


def test_a_new_role_starts_with_one_profile_row_per_dimension(admin_client, content):
    response = admin_client.get(reverse("admin:careers_role_add"))
    assert response.status_code == 200
    assert 'name="weights-TOTAL_FORMS" value="12"' in response.text


def test_the_role_list_searches_and_filters(admin_client, content):
    response = admin_client.get(reverse("admin:careers_role_changelist"), {"q": "M1802"})
    assert response.status_code == 200
    assert "Contrôleur ou contrôleuse des performances IA" in response.text
    assert "Data scientist" not in response.text
    filtered = admin_client.get(reverse("admin:careers_role_changelist"), {"education_level__exact": "bac8"})
    assert "Chercheur" in filtered.text


def test_an_unlikely_salary_is_saved_with_a_warning(admin_client, small_quiz):
    """4 500 000 € a year is more likely an extra zero than a salary: the editor hears it."""
    from careers.models import Role, SalaryRange
    from tests.factories import SourceFactory
    from tests.quiz.test_admin_access import change_form_data

    role = Role.objects.get(slug="dev")
    SalaryRange.objects.create(
        role=role, label="Junior", min_amount=45000, max_amount=60000, period="year", source=SourceFactory()
    )
    url = reverse("admin:careers_role_change", args=[role.pk])
    data = change_form_data(admin_client.get(url))
    data["salaries-0-max_amount"] = "9000000"
    response = admin_client.post(url, data, follow=True)
    assert SalaryRange.objects.get(role=role).max_amount == 9000000  # saved: some are real
    messages = [str(m) for m in response.context["messages"]]
    assert any("Junior" in m and "9\u00a0000\u00a0000" in m for m in messages), messages
