"""The reads of class mode: a teacher's sessions, a live session by its code, the class picture.

The class picture reads only what a result says about the first role (its slug, title and band),
the low-confidence flag and the profile, picked out of the result snapshot by the database, so a
refresh costs the same handful of queries and little data with 35 students or 500. Answers are
never read here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils import timezone

from careers.models import Dimension, RoleWeight
from classes.models import TEACHERS_GROUP, ClassMembership, ClassSession


def is_teacher(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=TEACHERS_GROUP).exists())


def teacher_sessions(user: AbstractBaseUser) -> QuerySet[ClassSession]:
    """Only the teacher's own sessions: every teacher page starts from here, so another teacher's
    session is a 404."""
    return ClassSession.objects.filter(owner=user)


def teacher_sessions_with_counts(user: AbstractBaseUser) -> QuerySet[ClassSession]:
    return teacher_sessions(user).annotate(joined=Count("memberships"))


def open_session_by_code(code: str) -> ClassSession | None:
    """The session students may still join with this code; None when wrong, closed or expired."""
    return ClassSession.objects.filter(
        code=code, closed_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def membership_of_attempt(attempt_id: int) -> ClassMembership | None:
    return ClassMembership.objects.filter(attempt_id=attempt_id).select_related("session").first()


@dataclass(frozen=True)
class Share:
    """One item of a distribution: a role or a band, how many students, their share in percent."""

    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class SharedResult:
    number: int
    label: str
    first_role: str
    band: str


@dataclass
class ClassPicture:
    joined: int = 0
    answering: int = 0
    finished: int = 0
    low_confidence: int = 0
    first_roles: list[Share] = field(default_factory=list)
    bands: list[Share] = field(default_factory=list)
    # The class's mean level per dimension slug (over the students whose answers measured it).
    average_profile: dict[str, float] = field(default_factory=dict)
    dimensions: list[tuple[str, str]] = field(default_factory=list)
    # The most frequent first role and its profile (weight / 5), to draw next to the class's.
    top_role: Share | None = None
    top_role_profile: dict[str, float] = field(default_factory=dict)
    shared: list[SharedResult] = field(default_factory=list)
    # Below this many finished quizzes, the distributions and the average are not shown.
    minimum: int = 0

    @property
    def shown(self) -> bool:
        """Whether the class-wide figures can be shown: with a handful of students (one, two…), the
        distribution and the average would tell the teacher each one's result, shared or not."""
        return self.finished >= max(1, self.minimum)

    @property
    def low_confidence_percent(self) -> int:
        return _percent(self.low_confidence, self.finished)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# KT("a__b__snapshot__fits__0__role") would take "a" for the JSON field: spell the path out.
_SNAPSHOT = "attempt__result__snapshot"
_FIRST_FIT = KeyTransform("0", KeyTransform("fits", _SNAPSHOT))


def _summaries(session: ClassSession) -> QuerySet:
    """Per finished member: number, shared flag, pseudonym, and the few snapshot keys we show."""
    return (
        ClassMembership.objects.filter(session=session, attempt__result__isnull=False)
        .order_by("number")
        .values("number", "shared", "pseudonym")
        .annotate(
            first_role=KeyTextTransform("role", _FIRST_FIT),
            first_title=KeyTextTransform("title", _FIRST_FIT),
            band=KeyTextTransform("band", _FIRST_FIT),
            low_confidence=KeyTransform("low_confidence", _SNAPSHOT),
            profile=KeyTransform("profile", _SNAPSHOT),
        )
    )


def class_picture(session: ClassSession, *, band_labels: dict[str, str]) -> ClassPicture:
    """Counts, distributions, the average profile and the shared results of a session.

    A constant number of queries whatever the class size: one for the counts, one for the finished
    members' summaries, one for the dimensions, one for the most frequent first role's profile.
    """
    counts = ClassMembership.objects.filter(session=session).aggregate(
        joined=Count("pk"),
        finished=Count("pk", filter=Q(attempt__finished_at__isnull=False)),
    )
    picture = ClassPicture(
        joined=counts["joined"],
        finished=counts["finished"],
        answering=counts["joined"] - counts["finished"],
        minimum=settings.CLASS_PICTURE_MIN_FINISHED,
    )
    roles: Counter[str] = Counter()
    titles: dict[str, str] = {}
    bands: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    measured: Counter[str] = Counter()
    summaries = list(_summaries(session))
    for row in summaries:
        if row["first_role"]:
            roles[row["first_role"]] += 1
            titles.setdefault(row["first_role"], row["first_title"] or row["first_role"])
        if row["band"]:
            bands[row["band"]] += 1
        if row["low_confidence"] is True:
            picture.low_confidence += 1
        for slug, level in (row["profile"] or {}).items():
            if isinstance(level, int | float):
                totals[slug] += level
                measured[slug] += 1
        if row["shared"]:
            picture.shared.append(
                SharedResult(
                    number=row["number"],
                    label=row["pseudonym"] or "",
                    first_role=row["first_title"] or "",
                    band=band_labels.get(row["band"] or "", ""),
                )
            )
    if not picture.shown:
        return picture
    done = len(summaries)
    picture.first_roles = [
        Share(slug, titles[slug], count, _percent(count, done))
        for slug, count in sorted(roles.items(), key=lambda item: (-item[1], titles[item[0]]))
    ]
    picture.bands = [
        Share(key, str(label), bands[key], _percent(bands[key], done))
        for key, label in band_labels.items()
        if bands[key]
    ]
    picture.average_profile = {slug: totals[slug] / measured[slug] for slug in totals}
    if picture.average_profile:
        picture.dimensions = list(Dimension.objects.order_by("order", "name").values_list("slug", "name"))
    leaders = [share for share in picture.first_roles if share.count == picture.first_roles[0].count]
    if len(leaders) == 1:  # in a tie no job is "the most frequent": the chart shows the class alone
        picture.top_role = leaders[0]
        picture.top_role_profile = {
            slug: weight / 5
            for slug, weight in RoleWeight.objects.filter(role__slug=picture.top_role.key).values_list(
                "dimension__slug", "weight"
            )
        }
    return picture


def shared_membership(session: ClassSession, number: int) -> ClassMembership | None:
    """A member's finished result, only if the student shared it (otherwise None: a 404)."""
    return (
        ClassMembership.objects.filter(
            session=session, number=number, shared=True, attempt__result__isnull=False
        )
        .select_related("attempt__result")
        .first()
    )
