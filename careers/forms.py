"""The public inputs of the careers pages (the catalogue's filters, the comparison), as forms.

A value the form does not know is its error: the page shows a notice and goes on without it,
never a 500.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from careers.models import Dimension, EducationLevel, Role

COMPARE_MIN = 2
COMPARE_MAX = 3
MAX_PAGE = 10_000


class CatalogueFilterForm(forms.Form):
    """``?niveau=&dimension=&page=``: an unknown level or dimension is ignored, with a notice; a page
    that is not a number shows the first page (the paginator brings others within range)."""

    niveau = forms.ChoiceField(
        required=False,
        choices=[("", _("Any diploma")), *EducationLevel.choices],
        error_messages={"invalid_choice": _("We do not know this education level, so every level is shown.")},
    )
    dimension = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _("We do not know this skill or interest, so it is not used to filter.")
        },
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data, *, dimensions: Sequence[Dimension]) -> None:
        super().__init__(data)
        self.dimensions = {d.slug: d for d in dimensions}
        self.fields["dimension"].choices = [("", _("Any skill or interest"))] + [
            (d.slug, d.name) for d in dimensions
        ]

    def _value(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    @property
    def level(self) -> str:
        return self._value("niveau") or ""

    @property
    def chosen_dimension(self) -> Dimension | None:
        return self.dimensions.get(self._value("dimension") or "")

    @property
    def page_number(self) -> int:
        return min(self._value("page") or 1, MAX_PAGE)

    @property
    def active(self) -> bool:
        return bool(self.level or self.chosen_dimension)

    @property
    def notices(self) -> list[str]:
        self.is_valid()
        return [str(self.errors[name][0]) for name in ("niveau", "dimension") if name in self.errors]

    @property
    def base_query(self) -> str:
        """The query string of the selection without its page, ending in ``&`` when not empty."""
        params = {
            "niveau": self.level,
            "dimension": self.chosen_dimension.slug if self.chosen_dimension else "",
        }
        query = urlencode({key: value for key, value in params.items() if value})
        return f"{query}&" if query else ""


class CompareForm(forms.Form):
    """``?roles=a&roles=b``: two or three published roles, each once. Every problem with the
    choice is said at once (a duplicate, an unknown role, too many, too few)."""

    roles = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, data, *, roles: Sequence[Role]) -> None:
        super().__init__(data)
        self.published = {role.slug: role for role in roles}

    def clean_roles(self) -> list[Role]:
        asked = [value.strip() for value in self.cleaned_data["roles"] or [] if value.strip()]
        distinct = list(dict.fromkeys(asked))
        found = [self.published[slug] for slug in distinct if slug in self.published]
        problems = []
        if len(distinct) < len(asked):
            problems.append(_("You chose the same role more than once."))
        missing = len(distinct) - len(found)
        if missing:
            problems.append(
                ngettext(
                    "One of the roles you chose does not exist (or is no longer published).",
                    "%(count)d of the roles you chose do not exist (or are no longer published).",
                    missing,
                )
                % {"count": missing}
            )
        if len(distinct) > COMPARE_MAX:
            problems.append(
                _("You can compare at most %(max)d roles at a time; you chose %(count)d.")
                % {"max": COMPARE_MAX, "count": len(distinct)}
            )
        elif len(found) == 1 and not problems:
            problems.append(
                _("Choose one or two more roles to compare with “%(role)s”.") % {"role": found[0].title}
            )
        elif len(found) < COMPARE_MIN:
            problems.append(_("Choose two or three roles to compare."))
        if problems:
            raise forms.ValidationError(problems)
        return found

    @property
    def problems(self) -> list[str]:
        return list(self.errors.get("roles", []))

    @property
    def selected(self) -> list[Role]:
        """The roles to compare, or none while the choice has a problem."""
        return self.cleaned_data.get("roles", []) if self.is_valid() else []

    @property
    def ticked(self) -> set[str]:
        """The published roles asked for, to keep them ticked in the picker."""
        return set(self.data.getlist("roles")) & self.published.keys()


class PublishForm(forms.Form):
    """Publish a draft: a role, or a questionnaire in place of the published one.

    ``problems`` must be fixed first (no box lets them through); ``risks`` names, in plain words,
    each quality target publishing would break (measured by the quiz, which careers does not
    import): publishing then needs a ticked box that names them.
    """

    def __init__(
        self,
        *args,
        risks: list[str] | tuple[str, ...] = (),
        problems: list[str] | tuple[str, ...] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.risks = list(risks)
        self.problems = list(problems)
        if self.risks and not self.problems:
            self.fields["accept"] = forms.BooleanField(
                label=_("Publish anyway: I accept that %(risks)s.") % {"risks": "; ".join(self.risks)},
                error_messages={
                    "required": _("Publishing breaks a quality target: tick the box to publish anyway.")
                },
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.problems:
            raise forms.ValidationError(self.problems, code="incomplete")
        return cleaned
