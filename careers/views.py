"""Explore the AI jobs: the catalogue, one page per role, and a side-by-side comparison.

Views bind a form, call the selectors, render. Every page is a plain GET that works without
JavaScript; the catalogue's filter form is enhanced by htmx, which gets only the ``results``
partial back. The parts of a page that do not depend on the visitor are cached in the templates
(``{% cache %}`` keyed by the content version and the language): querysets and charts are handed
over lazily, so a warm page reads only what it must.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from careers import selectors
from careers.charts import BarChart, Series, bar_chart
from careers.forms import CatalogueFilterForm, CompareForm
from careers.models import MAX_WEIGHT, EducationLevel, Role
from core import content_version


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
    dimensions = {}
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


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(
        request.GET, dimensions=selectors.dimensions(content_version.for_request(request))
    )
    roles = selectors.catalogue_roles(level=form.level, dimension=form.chosen_dimension)
    context = {
        "filters": form,
        # Read only when the cached list must be rendered again.
        "page": SimpleLazyObject(lambda: selectors.catalogue_page(roles, form.page_number)),
        "levels": EducationLevel.choices,
        "dimensions": form.dimensions.values(),
    }
    # A history restore asks htmx for the whole page, not the fragment.
    fragment = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "careers/catalogue.html#results" if fragment else "careers/catalogue.html", context
    )
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@require_safe
def role_detail(request: HttpRequest, slug: str) -> HttpResponse:
    role = selectors.published_role(slug)
    full = SimpleLazyObject(lambda: selectors.role_with_everything(role))
    context = {"role": role, "full": full, "chart": SimpleLazyObject(lambda: role_chart(full))}
    return render(request, "careers/role_detail.html", context)


@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    all_roles = list(selectors.published_roles_for_picker())
    form = CompareForm(request.GET, roles=all_roles)
    roles = selectors.roles_to_compare(form.selected) if form.selected else []
    context = {
        "form": form,
        "roles": roles,
        "chart": comparison_chart(roles) if roles else None,
        "all_roles": all_roles,
    }
    return render(request, "careers/compare.html", context)
