"""The careers pages' reads, through the ORM. Query counts do not grow with the number of roles."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404

from careers.models import (
    CareerMove,
    Dimension,
    EducationLevel,
    Role,
    RoleWeight,
    RomeCode,
    Route,
    SalaryRange,
    Source,
    TrainingStep,
)
from core import content_version

FEATURED_WEIGHT = 4  # the catalogue's dimension filter keeps roles weighting it at least this much
CATALOGUE_PAGE_SIZE = 24  # a phone scrolls through this many cards; more go to the next page


def dimensions(version: int) -> list[Dimension]:
    """Every dimension, cached per content version."""
    return content_version.get_or_build(version, "dimensions", lambda: list(Dimension.objects.all()))


def weights_prefetch() -> Prefetch:
    """A role's profile, heaviest dimension first, with each dimension in the same query."""
    return Prefetch(
        "weights",
        queryset=RoleWeight.objects.select_related("dimension").order_by(
            "-weight", "dimension__order", "dimension__name"
        ),
    )


def salaries_prefetch() -> Prefetch:
    """A role's salary figures with their sources in the same query (each figure names its own)."""
    return Prefetch("salaries", queryset=SalaryRange.objects.select_related("source"))


def levels_reachable_from(level: str) -> list[str]:
    """The starting levels of the routes a student at ``level`` can take: every level up to
    theirs; someone with no diploma yet (at school) counts as holding a bac soon."""
    order = EducationLevel.values
    rank = order.index(level)
    if level == EducationLevel.NONE:
        rank = order.index(EducationLevel.BAC)
    return order[: rank + 1]


def catalogue_roles(*, level: str = "", dimension: Dimension | None = None) -> QuerySet[Role]:
    """Published roles for the catalogue, optionally reachable from one diploma by at least one
    route and/or relying on one dimension (weight ≥ 4, heaviest first). Lazy: nothing is read
    until the page is rendered."""
    roles = (
        Role.objects.published()
        .select_related("education_level_source")
        .prefetch_related(salaries_prefetch())
    )
    if level:
        reachable = Route.objects.filter(role=OuterRef("pk"), from_level__in=levels_reachable_from(level))
        roles = roles.filter(Exists(reachable))
    if dimension is not None:
        weight = RoleWeight.objects.filter(role=OuterRef("pk"), dimension=dimension).values("weight")[:1]
        roles = (
            roles.annotate(dimension_weight=Subquery(weight))
            .filter(dimension_weight__gte=FEATURED_WEIGHT)
            .order_by("-dimension_weight", "title")
        )
    return roles


def catalogue_page(roles: QuerySet[Role], number: int) -> Page:
    """One page of roles; a number out of range gives the nearest page."""
    return Paginator(roles, CATALOGUE_PAGE_SIZE).get_page(number)


def published_role(slug: str) -> Role:
    """One published role (its own fields and its facts' sources: the page's cached body reads
    the rest), or 404."""
    return get_object_or_404(
        Role.objects.published().select_related("education_level_source", "employability_source"), slug=slug
    )


def role_with_everything(role: Role) -> Role:
    """The role with its profile, salaries, career moves and training path, in a fixed number of
    queries (read only when the page's cached body must be rendered again)."""
    prefetch_related_objects(
        [role],
        weights_prefetch(),
        salaries_prefetch(),
        Prefetch("career_moves", queryset=CareerMove.objects.select_related("target")),
        Prefetch("rome_codes", queryset=RomeCode.objects.select_related("source")),
        "routes",
        Prefetch(
            "steps",
            queryset=TrainingStep.objects.select_related("source")
            .prefetch_related("dimensions")
            .order_by("order", "id"),
        ),
        Prefetch("sources", queryset=Source.objects.order_by("pk")),
    )
    # Each route's steps and the steps for every route, from the one read of the role's steps.
    by_route: dict[int | None, list[TrainingStep]] = {}
    for step in role.steps.all():
        by_route.setdefault(step.route_id, []).append(step)
    for route in role.routes.all():
        route.ordered_steps = by_route.get(route.pk, [])
    role.practice = by_route.get(None, [])
    return role


def published_roles_for_picker() -> QuerySet[Role]:
    return Role.objects.published().only("slug", "title")


def roles_to_compare(roles: list[Role]) -> list[Role]:
    """The chosen roles again, with what the comparison table shows, in the order chosen."""
    found = {
        role.slug: role
        for role in Role.objects.filter(pk__in=[r.pk for r in roles])
        .select_related("education_level_source")
        .prefetch_related(weights_prefetch(), salaries_prefetch(), "rome_codes")
    }
    return [found[role.slug] for role in roles]
