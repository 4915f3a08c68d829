"""Template helpers for the careers pages: the profile chart and salary figures."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext

from careers.charts import BarChart, ChartLabels
from careers.models import audience_label

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


class SalaryLike(Protocol):
    min_amount: int | None
    max_amount: int | None
    period: str
    currency: str
    gross: bool
    label: str
    year: int | None
    source_id: int | None


def chart_labels() -> ChartLabels:
    """The chart's words in the active language."""
    return ChartLabels(
        percent=gettext("{value}%"),
        scaled=gettext("{value}/{scale}"),
        missing=gettext("not measured"),
        missing_short="–",
        value=gettext("{series} {value}"),
        row=gettext("{label}: {values}"),
        separator=gettext(", "),
    )


@register.inclusion_tag("includes/profile_chart.html")
def profile_chart(chart: BarChart | None) -> dict:
    """``{% profile_chart chart %}``: the SVG, its legend and its text alternative."""
    if chart is None:
        return {"chart": None}
    return {"chart": chart.with_labels(chart_labels())}


def _amount(value: int) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def format_salary(salary: SalaryLike) -> str:
    """A salary figure in the active language's style, e.g. "3 750 – 5 840 € gross / month".

    Every part is optional; without any amount the result is empty (we never invent a figure).
    "gross" is said only when the source says so (``gross`` is true).
    """
    return re.sub(" {2,}", " ", _format_salary(salary)).strip()


def _format_salary(salary: SalaryLike) -> str:
    low, high = salary.min_amount, salary.max_amount
    if low is None and high is None:
        return ""
    currency = CURRENCY_SYMBOLS.get(salary.currency, salary.currency)
    unit = gettext("%(currency)s gross") % {"currency": currency} if salary.gross else currency
    if salary.period == "year":
        unit = gettext("%(unit)s / year") % {"unit": unit}
    elif salary.period == "month":
        unit = gettext("%(unit)s / month") % {"unit": unit}
    if low is not None and high is not None and low != high:
        return gettext("%(min)s – %(max)s %(unit)s") % {
            "min": _amount(low),
            "max": _amount(high),
            "unit": unit,
        }
    if low is not None and high is None:
        return gettext("%(min)s %(unit)s and more") % {"min": _amount(low), "unit": unit}
    if low is None:
        return gettext("up to %(max)s %(unit)s") % {"max": _amount(high), "unit": unit}
    return pgettext("one salary figure", "%(amount)s %(unit)s") % {"amount": _amount(low), "unit": unit}


@register.filter
def salary_text(salary: SalaryLike) -> str:
    """``{{ salary|salary_text }}``."""
    return format_salary(salary)


def is_shown(salary: SalaryLike) -> bool:
    """A salary is shown when it has an amount and names its source: a figure without a source
    is never shown."""
    return (salary.min_amount is not None or salary.max_amount is not None) and salary.source_id is not None


@register.filter
def first_salary(salaries: Iterable[SalaryLike]) -> SalaryLike | None:
    """The first salary figure that can be shown (``{{ role.salaries.all|first_salary }}``)."""
    return next((s for s in salaries if is_shown(s)), None)


@register.filter
def shown_salaries(salaries: Iterable[SalaryLike]) -> list[SalaryLike]:
    """The salary figures that can be shown, in order (``{{ role.salaries.all|shown_salaries }}``)."""
    return [s for s in salaries if is_shown(s)]


@register.filter
def salary_year(salary: SalaryLike) -> str:
    """The figure's year, unless its label says it already ("… from 1 January 2026")."""
    if not salary.year or str(salary.year) in (salary.label or ""):
        return ""
    return str(salary.year)


@register.filter
def route_audience(route) -> str:
    """``{{ route|route_audience }}``: whom a route (a Route or a result's copy of one) is for,
    said from where it starts for higher education ("after a bac+5 or more")."""
    return audience_label(route.audience, route.from_level)
