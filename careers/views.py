"""Explore the AI jobs: the catalogue, one page per role, and a side-by-side comparison.

Views parse the query string, call one small query function below and render. Every page is a
plain GET that works without JavaScript; the catalogue's filter form is enhanced by htmx, which
gets only the ``results`` partial back. Query counts do not grow with the number of roles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from careers import content_cache
from careers.charts import BarChart, Series, bar_chart
from careers.content_cache import content_version
from careers.models import (
    MAX_WEIGHT,
    CareerMove,
    Dimension,
    EducationLevel,
    Role,
    RoleWeight,
    TrainingStep,
)

FEATURED_WEIGHT = 4  # the catalogue's dimension filter keeps roles weighting it at least this much
CATALOGUE_PAGE_SIZE = 24  # a phone scrolls through this many cards; more go to the next page
COMPARE_MIN = 2
COMPARE_MAX = 3
COMPARE_READ_AT_MOST = 10  # more values than this in the query string are not even looked up
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


# --- Queries ---------------------------------------------------------------------------------


def weights_prefetch() -> Prefetch:
    """A role's profile, heaviest dimension first, with each dimension in the same query."""
    return Prefetch(
        "weights",
        queryset=RoleWeight.objects.select_related("dimension").order_by(
            "-weight", "dimension__order", "dimension__name"
        ),
    )


def catalogue_roles(*, level: str = "", dimension: Dimension | None = None) -> QuerySet[Role]:
    """Published roles for the catalogue, optionally at one education level and/or relying on one
    dimension (weight ≥ 4, heaviest first). Two queries however many roles."""
    roles = Role.objects.published().prefetch_related("salaries")
    if level:
        roles = roles.filter(education_level=level)
    if dimension is not None:
        weight = RoleWeight.objects.filter(role=OuterRef("pk"), dimension=dimension).values("weight")[:1]
        roles = (
            roles.annotate(dimension_weight=Subquery(weight))
            .filter(dimension_weight__gte=FEATURED_WEIGHT)
            .order_by("-dimension_weight", "title")
        )
    return roles


def role_for_page(slug: str) -> Role:
    """One published role with everything its page shows, or 404."""
    roles = Role.objects.published().prefetch_related(
        weights_prefetch(),
        "salaries",
        Prefetch("career_moves", queryset=CareerMove.objects.select_related("target")),
        Prefetch("steps", queryset=TrainingStep.objects.prefetch_related("dimensions")),
    )
    return get_object_or_404(roles, slug=slug)


def roles_to_compare(slugs: Sequence[str]) -> list[Role]:
    """The published roles among ``slugs``, in the order asked, ready for the comparison table."""
    wanted = [slug for slug in dict.fromkeys(slugs) if SLUG.match(slug)]
    if not wanted:
        return []
    found = {
        role.slug: role
        for role in Role.objects.published()
        .filter(slug__in=wanted)
        .prefetch_related(weights_prefetch(), "salaries")
    }
    return [found[slug] for slug in wanted if slug in found]


# --- Charts ----------------------------------------------------------------------------------


def role_chart(role: Role) -> BarChart | None:
    """The role's expected level on each dimension (0–5), heaviest first."""
    weights = list(role.weights.all())
    if not weights:
        return None
    return bar_chart(
        [(w.dimension.slug, w.dimension.name) for w in weights],
        [Series(role.title, "series-role", {w.dimension.slug: w.weight / MAX_WEIGHT for w in weights})],
        title=_("What the job “%(role)s” asks for, dimension by dimension") % {"role": role.title},
        scale=MAX_WEIGHT,
    )


def comparison_chart(roles: Sequence[Role]) -> BarChart | None:
    """One series per role; the dimensions that matter most to the roles together come first."""
    dimensions: dict[str, Dimension] = {}
    totals: dict[str, int] = {}
    for role in roles:
        for w in role.weights.all():
            dimensions[w.dimension.slug] = w.dimension
            totals[w.dimension.slug] = totals.get(w.dimension.slug, 0) + w.weight
    if not dimensions:
        return None
    order = sorted(dimensions.values(), key=lambda d: (-totals[d.slug], d.order, d.name))
    return bar_chart(
        [(d.slug, d.name) for d in order],
        [
            Series(
                role.title,
                f"series-{index}",
                {w.dimension.slug: w.weight / MAX_WEIGHT for w in role.weights.all()},
            )
            for index, role in enumerate(roles, start=1)
        ],
        title=_("What each job asks for, dimension by dimension"),
        scale=MAX_WEIGHT,
    )


# --- Parsing ---------------------------------------------------------------------------------


@dataclass
class CatalogueFilters:
    level: str = ""
    dimension: Dimension | None = None
    notices: list[str] = field(default_factory=list)
    page: int = 1  # as asked; the paginator brings it back within the pages there are

    @property
    def active(self) -> bool:
        return bool(self.level or self.dimension)

    def query_for_page(self, number: int) -> str:
        """The query string of another page of the same selection."""
        params = {"niveau": self.level, "dimension": self.dimension.slug if self.dimension else ""}
        return urlencode({**{k: v for k, v in params.items() if v}, "page": number})


def catalogue_filters(params: QueryDict, dimensions: Sequence[Dimension]) -> CatalogueFilters:
    """Read ``?niveau=`` and ``?dimension=``; an unknown value is ignored, with a notice."""
    filters = CatalogueFilters()
    level = params.get("niveau", "").strip()
    if level in EducationLevel.values:
        filters.level = level
    elif level:
        filters.notices.append(_("We do not know this education level, so every level is shown."))
    slug = params.get("dimension", "").strip()
    by_slug = {d.slug: d for d in dimensions}
    if slug in by_slug:
        filters.dimension = by_slug[slug]
    elif slug:
        filters.notices.append(_("We do not know this skill or interest, so it is not used to filter."))
    page = params.get("page", "").strip()
    # Out of range or not a number: the paginator shows the nearest page (get_page), no error.
    # isdecimal(), not isdigit(): "²" is a digit that int() refuses.
    filters.page = min(int(page), 10_000) if page.isdecimal() and int(page) > 0 else 1
    return filters


@dataclass
class CompareSelection:
    roles: list[Role]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and COMPARE_MIN <= len(self.roles) <= COMPARE_MAX

    @property
    def slugs(self) -> set[str]:
        return {role.slug for role in self.roles}


def compare_selection(params: QueryDict) -> CompareSelection:
    """The roles asked for with ``?roles=a&roles=b``, and what is wrong with the choice if anything."""
    asked = [value.strip() for value in params.getlist("roles") if value.strip()]
    roles = roles_to_compare(asked[:COMPARE_READ_AT_MOST])
    problems: list[str] = []
    if len(set(asked)) < len(asked):
        problems.append(_("You chose the same role more than once."))
    missing = len(set(asked[:COMPARE_READ_AT_MOST])) - len(roles)
    if missing:
        problems.append(
            ngettext(
                "One of the roles you chose does not exist (or is no longer published).",
                "%(count)d of the roles you chose do not exist (or are no longer published).",
                missing,
            )
            % {"count": missing}
        )
    distinct = len(set(asked))
    if distinct > COMPARE_MAX:
        problems.append(
            _("You can compare at most %(max)d roles at a time; you chose %(count)d.")
            % {"max": COMPARE_MAX, "count": distinct}
        )
    elif len(roles) == 1 and not problems:
        problems.append(
            _("Choose one or two more roles to compare with “%(role)s”.") % {"role": roles[0].title}
        )
    elif len(roles) < COMPARE_MIN:
        problems.append(_("Choose two or three roles to compare."))
    return CompareSelection(roles=roles, problems=problems)


# --- Views -----------------------------------------------------------------------------------


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    version = content_version()
    dimensions = content_cache.get_or_build(("dimensions", version), lambda: list(Dimension.objects.all()))
    filters = catalogue_filters(request.GET, dimensions)
    # A history restore asks htmx for the whole page, not the fragment.
    fragment = bool(request.htmx and not request.htmx.history_restore_request)

    def build() -> tuple[str, dict]:
        roles = catalogue_roles(level=filters.level, dimension=filters.dimension)
        page = Paginator(roles, CATALOGUE_PAGE_SIZE).get_page(filters.page)
        context = {
            "page": page,
            "roles": page.object_list,
            "previous_query": filters.query_for_page(page.number - 1) if page.has_previous() else "",
            "next_query": filters.query_for_page(page.number + 1) if page.has_next() else "",
            "filters": filters,
            "levels": EducationLevel.choices,
            "dimensions": dimensions,
        }
        return ("careers/catalogue.html#results" if fragment else "careers/catalogue.html"), context

    # Kept per process, content version, language and filters (careers.content_cache).
    dimension = filters.dimension.slug if filters.dimension else ""
    key = (
        "catalogue",
        version,
        get_language(),
        filters.level,
        dimension,
        filters.page,
        tuple(filters.notices),
        fragment,
    )
    response = content_cache.kept_page(request, key, build)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[str, dict]:
        role = role_for_page(slug)  # 404 when unknown or unpublished: nothing is kept then
        return "careers/role_detail.html", {"role": role, "chart": role_chart(role)}

    # Kept per process, content version and language (careers.content_cache).
    return content_cache.kept_page(request, ("role", content_version(), slug, get_language()), build)


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    selection = compare_selection(request.GET)
    context = {
        "selection": selection,
        "roles": selection.roles if selection.ok else [],
        "chart": comparison_chart(selection.roles) if selection.ok else None,
        "all_roles": Role.objects.published().only("slug", "title"),
    }
    return render(request, "careers/compare.html", context)
