"""The careers content's writes that are more than a form's save: publishing a role."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from careers.models import Role


def role_publish(*, role: Role) -> None:
    """Show the role to students. Refused, with every reason, while it lacks a complete profile or a
    training path (:meth:`Role.publication_problems`)."""
    problems = role.publication_problems()
    if problems:
        raise ValidationError(problems, code="incomplete")
    role.is_published = True
    # A model save, not update(): the content version moves, so every cached page shows it at once.
    role.save(update_fields=["is_published", "updated_at"])


def role_unpublish(*, role: Role) -> None:
    """Back to a draft: students no longer see it (their finished results keep their snapshot)."""
    role.is_published = False
    role.save(update_fields=["is_published", "updated_at"])
