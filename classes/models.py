"""Class sessions and the students' anonymous memberships.

A membership links a student's quiz (an ``Attempt``) to a session, never a person: the teacher
sees counts and aggregates of every member, and a member's result only when the student shared it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from classes import codes
from quiz.models import Attempt

TEACHERS_GROUP = "Enseignants"


class ClassSession(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="class_sessions",
        verbose_name=_("teacher"),
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("For example “2nde B — 12 March”."))
    code = models.CharField(_("join code"), max_length=codes.LENGTH, unique=True, editable=False)
    allow_pseudonyms = models.BooleanField(
        _("students may give a first name or a pseudonym"),
        default=False,
        help_text=_("Only with the result a student chooses to share with the class."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("class mode", "class session")
        verbose_name_plural = pgettext_lazy("class mode", "class sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="class_session_expires_after_creation"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.expires_at and self.created_at and self.expires_at <= self.created_at:
            raise ValidationError({"expires_at": _("A session must end after it starts.")})

    @property
    def is_open(self) -> bool:
        """Students can still join: neither closed by the teacher nor expired."""
        return self.closed_at is None and self.expires_at > timezone.now()

    @property
    def display_code(self) -> str:
        return codes.display(self.code)


class ClassMembership(models.Model):
    """One student's quiz in one session. Deleting the quiz (the student, or the purge) deletes
    this link; deleting the session deletes the links and leaves the students' results theirs."""

    session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("session")
    )
    attempt = models.OneToOneField(
        Attempt, on_delete=models.CASCADE, related_name="class_membership", verbose_name=_("quiz")
    )
    # The anonymous name the teacher sees ("Student 7"): the order of arrival in the session.
    number = models.PositiveIntegerField(_("number"))
    shared = models.BooleanField(_("shared with the class"), default=False)
    pseudonym = models.CharField(_("first name or pseudonym"), max_length=30, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("class membership")
        verbose_name_plural = _("class memberships")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="one_number_per_member"),
        ]
        indexes = [models.Index(fields=["session", "shared"], name="membership_shared_idx")]

    def __str__(self) -> str:
        return gettext("Student %(number)s in %(session)s") % {
            "number": self.number,
            "session": self.session_id,
        }

    @property
    def label(self) -> str:
        """What the teacher reads: the pseudonym the student gave, or their anonymous number."""
        return self.pseudonym or gettext("Student %(number)s") % {"number": self.number}


class Teacher(User):
    """Teachers' accounts in the admin: users of the "Enseignants" group (a proxy, no table)."""

    class Meta:
        proxy = True
        ordering = ["username"]
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
