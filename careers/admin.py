from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from careers import links, selectors, services
from careers.forms import PublishForm
from careers.models import (
    CareerMove,
    Dimension,
    Role,
    RoleWeight,
    RomeCode,
    Route,
    SalaryRange,
    Source,
    TrainingStep,
    path_problem,
    profile_problems,
    route_problems,
)
from careers.views import role_chart
from core.history import KeepsHistory, remember_before

# Lists typed one item per line: a tall, narrow box, so each item reads as a line of its own.
LIST_FIELDS = ["other_titles", "missions", "skills", "soft_skills", "sectors", "employers", "pros", "cons"]


@admin.register(Dimension)
class DimensionAdmin(KeepsHistory, admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["content_key"]


class RoleWeightForm(forms.ModelForm):
    class Meta:
        model = RoleWeight
        fields = ["dimension", "weight"]
        widgets = {"weight": forms.NumberInput(attrs={"class": "weight-input", "min": 0, "max": 5})}

    def has_changed(self) -> bool:
        # A new row offered at 0 is saved as it is: 0 is a weight ("not part of the job"), and a
        # profile is complete only with a weight on every dimension.
        return super().has_changed() or (self.instance.pk is None and bool(self.initial))


class ProfileFormSet(BaseInlineFormSet):
    """The profile as submitted: a published role keeps a complete one (``self.instance`` holds
    the role's fields from its own form, validated first by the admin)."""

    def clean(self) -> None:
        super().clean()
        if not self.instance.is_published or any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form) and form.cleaned_data.get("dimension")
        ]
        weights = {data["dimension"].name: data.get("weight") for data in kept}
        names = list(Dimension.objects.values_list("name", flat=True))
        problems = profile_problems(weights, names)
        # Only what this change breaks: an older role saved before the rule still takes other edits.
        saved = (
            dict(self.instance.weights.values_list("dimension__name", "weight")) if self.instance.pk else {}
        )
        if problems and set(problems) - set(profile_problems(saved, names)):
            raise ValidationError(
                [_("Students see this role, so its profile must stay complete.")] + problems,
                code="incomplete",
            )
        # A change to a published profile reaches students on save: one that breaks a quality
        # target is saved only once the editor ticks the box that accepts it (named in the error).
        by_slug = {data["dimension"].slug: data.get("weight") for data in kept}
        saved_by_slug = (
            dict(self.instance.weights.values_list("dimension__slug", "weight")) if self.instance.pk else {}
        )
        if self.instance.pk and by_slug != saved_by_slug:
            risks = self.quality_risks(by_slug)
            if risks and not getattr(self.instance, "_accept_quality_risk", False):
                raise ValidationError(
                    _(
                        "Saving this profile breaks a quality target: %(risks)s. Tick “Save anyway” "
                        "above to accept it, or change the profile."
                    )
                    % {"risks": "; ".join(risks)},
                    code="quality",
                )

    def quality_risks(self, weights: dict[str, int | None]) -> list[str]:
        """The quality targets this profile would break (none here: quiz.admin measures them)."""
        return []


class RoleWeightInline(admin.TabularInline):
    model = RoleWeight
    form = RoleWeightForm
    formset = ProfileFormSet
    verbose_name_plural = _("profile: how much the job relies on each dimension (0 to 5)")
    classes = ["profile-grid"]

    def _missing_dimensions(self, obj) -> list[Dimension]:
        present = set(obj.weights.values_list("dimension_id", flat=True)) if obj and obj.pk else set()
        return [d for d in Dimension.objects.all() if d.pk not in present]

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # A new role starts with one row per dimension, each at 0; an existing one with the missing ones.
        return len(self._missing_dimensions(obj))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        initial = [{"dimension": d.pk, "weight": 0} for d in self._missing_dimensions(obj)]
        role_admin = self.admin_site.get_model_admin(Role)  # quiz.admin's, which measures quality

        class EveryDimensionAtZero(formset):
            def __init__(self, *args, **kw):
                kw.setdefault("initial", initial)
                super().__init__(*args, **kw)

            def quality_risks(self, weights):
                return role_admin.profile_change_risks(request, self.instance, weights)

        return EveryDimensionAtZero


class SalaryRangeInline(admin.TabularInline):
    model = SalaryRange
    extra = 0
    fields = ["order", "label", "min_amount", "max_amount", "period", "currency", "gross", "source", "year"]


class CareerMoveInline(admin.TabularInline):
    model = CareerMove
    fk_name = "role"
    extra = 0
    fields = ["order", "target", "label"]


class RomeCodeInline(admin.TabularInline):
    model = RomeCode
    extra = 0
    fields = ["order", "code", "label", "source"]
    verbose_name_plural = _(
        "ROME codes: the first is the main one (job and apprenticeship offers are found by them)"
    )


def new_route_problems(problems: list[str], saved: list[str]) -> list[str]:
    """The problems a change brings: an older route saved before the rule still takes other edits."""
    return [problem for problem in problems if problem not in saved]


def warn_route_problems(request, routes) -> None:
    """After a save, what still makes a route disagree with its steps (route_problems): a draft
    role is not published until they agree."""
    problems = [
        _("Route “%(route)s”: %(problem)s") % {"route": route.title, "problem": problem}
        for route in routes
        for problem in route.problems()
    ]
    if problems:
        messages.warning(
            request,
            _(
                "Check the training path: %(problems)s A role is published only once its routes and steps agree."
            )
            % {"problems": " ".join(str(problem) for problem in problems)},
        )


# Beyond these, a figure is more likely a slip (an extra zero, a month typed as a year) than a salary.
LIKELY_SALARY_MAX = {SalaryRange.Period.YEAR: 300_000, SalaryRange.Period.MONTH: 25_000}


def warn_unlikely_salaries(request, salaries) -> None:
    """Say which saved salary looks like a typing slip; the editor decides (some are real)."""
    for salary in salaries:
        ceiling = LIKELY_SALARY_MAX.get(salary.period)
        amounts = [a for a in (salary.min_amount, salary.max_amount) if a is not None]
        if ceiling and any(a > ceiling for a in amounts):
            messages.warning(
                request,
                _(
                    "Check the salary “%(label)s”: %(amount)s € %(period)s is unusually high (a zero too many?)."
                )
                % {
                    "label": salary.label or salary.role.title,
                    "amount": number_format(max(amounts), force_grouping=True),
                    "period": salary.get_period_display(),
                },
            )


class PathFormSet(BaseInlineFormSet):
    """A published role does not lose its last route to the job, and a change to a route's levels
    or audience does not make it disagree with its steps."""

    def clean(self) -> None:
        super().clean()
        if not self.instance.is_published or any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not kept and self.initial_forms:
            raise ValidationError(
                [_("Students see this role, so it keeps a training path."), path_problem()], code="no_path"
            )
        broken = []
        for form in kept:
            route = form.instance
            if route.pk is None or not form.has_changed():
                continue
            saved_route = Route.objects.get(pk=route.pk)
            steps = [(s.title, s.from_level, s.to_level) for s in saved_route.steps.all()]
            problems = route_problems(
                audience=form.cleaned_data["audience"],
                from_level=form.cleaned_data["from_level"],
                to_level=form.cleaned_data.get("to_level") or "",
                steps=steps,
            )
            broken += [
                _("Route “%(route)s”: %(problem)s") % {"route": route.title, "problem": problem}
                for problem in new_route_problems(problems, saved_route.problems())
            ]
        if broken:
            raise ValidationError(
                [_("Students see this role, so its routes must agree with their steps.")] + broken,
                code="route_steps",
            )


class RouteInline(admin.TabularInline):
    model = Route
    formset = PathFormSet
    extra = 0
    fields = ["order", "title", "audience", "from_level", "to_level", "duration", "apprenticeship"]
    show_change_link = True
    verbose_name_plural = _("routes to the job (open one to edit its steps)")


STEP_FIELDS = [
    ("order", "kind", "apprenticeship"),
    "title",
    ("from_level", "to_level", "rncp_level", "duration"),
    "description",
    ("rncp_number", "parcoursup_query"),
    ("onisep_url", "url"),
    "source",
    "dimensions",
]


class PracticeStepInline(admin.StackedInline):
    """Courses, projects and experience that help on any route (no route of their own)."""

    model = TrainingStep
    extra = 0
    fields = STEP_FIELDS
    filter_horizontal = ["dimensions"]
    verbose_name_plural = _("for every route: courses, projects and experience")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(route__isnull=True)


class RouteStepsFormSet(BaseInlineFormSet):
    """A route's steps as submitted. For a published role, a change may not make them disagree
    with the route (careers.models.route_problems: a skipped level, a first step that starts
    elsewhere, a last one that leads elsewhere); a draft is saved with a warning, and is not
    published until they agree. ``self.instance`` holds the route's fields from its own form."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A route's step belongs to the route's role as well, and its clean() checks that they
        # agree: a new step takes the role before validation, not after (save_formset is too late).
        if form.instance.role_id is None and self.instance.role_id is not None:
            form.instance.role_id = self.instance.role_id
        return form

    def submitted_steps(self) -> list[tuple[str, str, str]]:
        """(title, starts from, leads to) of the steps kept, in the order students will see them."""
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        # The steps' own order (TrainingStep.Meta.ordering): their order, then saved ones first.
        kept.sort(
            key=lambda item: (
                item[1].cleaned_data.get("order") or 0,
                item[1].instance.pk is None,
                item[1].instance.pk or 0,
                item[0],
            )
        )
        return [
            (
                form.cleaned_data.get("title", ""),
                form.cleaned_data.get("from_level", ""),
                form.cleaned_data.get("to_level", ""),
            )
            for _index, form in kept
        ]

    def clean(self) -> None:
        super().clean()
        route = self.instance
        if any(self.errors) or route.role_id is None or not route.role.is_published:
            return
        problems = route_problems(
            audience=route.audience,
            from_level=route.from_level,
            to_level=route.to_level,
            steps=self.submitted_steps(),
        )
        saved = Route.objects.get(pk=route.pk).problems() if route.pk else []
        broken = new_route_problems(problems, saved)
        if broken:
            raise ValidationError(
                [_("Students see this role, so the steps of its routes must follow each other.")] + broken,
                code="route_steps",
            )


class RouteStepInline(admin.StackedInline):
    model = TrainingStep
    formset = RouteStepsFormSet
    fk_name = "route"
    extra = 0
    fields = STEP_FIELDS
    filter_horizontal = ["dimensions"]
    verbose_name_plural = _("steps of this route, in order")


def warn_unknown_hosts(request, urls) -> None:
    """A link may point anywhere on https, but an editor hears when its host is not a public body
    the project knows (settings.KNOWN_PUBLIC_HOSTS): check it is the right page."""
    urls = list(urls)
    hosts = links.unknown_hosts(urls)
    if hosts:
        messages.warning(
            request,
            _("Check these links: their sites are not among the public sites Cap IA knows: %(hosts)s.")
            % {"hosts": ", ".join(hosts)},
        )
    wrong = links.malformed(urls)
    if wrong:
        messages.warning(
            request,
            _(
                "Check these addresses: their site does not take this form (on Légifrance, an article's "
                "identifier LEGIARTI… goes under /loda/id/ or /codes/article_lc/, a text's JORFTEXT… under "
                "/jorf/id/): %(urls)s."
            )
            % {"urls": ", ".join(wrong)},
        )


def step_urls(steps) -> list[str]:
    return [url for step in steps for url in (step.onisep_url, step.url) if url]


@admin.register(Source)
class SourceAdmin(KeepsHistory, admin.ModelAdmin):
    list_display = ["title", "publisher", "year", "url", "seed_file"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_unknown_hosts(request, [obj.url])


@admin.register(Route)
class RouteAdmin(KeepsHistory, admin.ModelAdmin):
    list_display = ["title", "role", "audience", "from_level", "to_level", "apprenticeship"]
    list_filter = ["audience", "from_level", "role"]
    list_select_related = ["role"]
    search_fields = ["title", "role__title", "steps__title"]
    inlines = [RouteStepInline]

    def save_formset(self, request, form, formset, change):
        # A route's steps belong to its role too (the role page lists them by role).
        for step_form in formset.forms:
            if hasattr(step_form, "instance") and step_form.instance.route_id is None:
                step_form.instance.route = form.instance
            step_form.instance.role = form.instance.role
        super().save_formset(request, form, formset, change)
        warn_unknown_hosts(request, step_urls(form.instance.steps.all()))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_route_problems(request, [form.instance])


class RoleForm(forms.ModelForm):
    accept_quality_risk = forms.BooleanField(
        label=_("Save anyway: I accept that this change breaks the quality target named below."),
        required=False,
    )

    class Meta:
        model = Role
        fields: list[str] = []  # the admin passes the fields of its fieldsets

    def clean(self) -> dict:
        cleaned = super().clean()
        # Read by the profile's formset, validated after this form (ProfileFormSet.clean).
        self.instance._accept_quality_risk = cleaned.get("accept_quality_risk", False)
        return cleaned


@admin.register(Role)
class RoleAdmin(KeepsHistory, admin.ModelAdmin):
    # A role is published from its "Preview and publish" page only, which checks it is complete
    # (and, in quiz.admin, what it does to the quiz's quality): never a checkbox in a list.
    list_display = [
        "title",
        "slug",
        "education_level",
        "is_published",
        "step_count",
        "updated_at",
    ]
    list_filter = ["is_published", "education_level"]
    history_kept_fields = ("is_published",)
    form = RoleForm
    search_fields = ["title", "slug", "other_titles", "summary", "rome_codes__code"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        RoleWeightInline,
        RomeCodeInline,
        RouteInline,
        PracticeStepInline,
        SalaryRangeInline,
        CareerMoveInline,
    ]
    filter_horizontal = ["sources"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "other_titles", "summary", "description"]}),
        (_("The job"), {"fields": ["missions", "skills", "soft_skills", "pros", "cons"]}),
        (
            _("Studies and market"),
            {
                "fields": [
                    ("education_level", "education_level_source"),
                    "education",
                    "recommended_bac",
                    ("employability", "mobility", "employability_source"),
                    "sectors",
                    "employers",
                ]
            },
        ),
        (_("Codes"), {"fields": [("fap_code", "fap_label"), "pictogram"]}),
        (_("Sources"), {"fields": ["sources", "content_key"]}),
    ]
    readonly_fields = ["content_key", "status"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in LIST_FIELDS:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 6, "class": "one-per-line"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_step_count=Count("steps"))

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="careers_role_preview",
            ),
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="careers_role_publish",
            ),
        ]
        return own + super().get_urls()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_published:
            return fieldsets
        first, *rest = fieldsets
        return [(first[0], {**first[1], "fields": [*first[1]["fields"], "accept_quality_risk"]}), *rest]

    def profile_change_risks(self, request, role: Role, weights: dict[str, int | None]) -> list[str]:
        """The quality targets a new profile of this published role would break (quiz.admin)."""
        return []

    def get_view_on_site_url(self, obj=None):
        # A draft has no public page yet: "view on site" opens its preview instead of a 404.
        if obj is not None and obj.pk and not obj.is_published:
            return reverse("admin:careers_role_preview", args=[obj.pk])
        return super().get_view_on_site_url(obj)

    @admin.display(description=_("status"))
    def status(self, obj: Role) -> str:
        if obj is None or obj.pk is None:
            return _("Draft: students will see it once it is published.")
        state = _("Published: students see it.") if obj.is_published else _("Draft: students do not see it.")
        return format_html(
            '{} <a href="{}">{}</a> · <a href="{}">{}</a>',
            state,
            reverse("admin:careers_role_preview", args=[obj.pk]),
            _("Preview its page"),
            reverse("admin:careers_role_publish", args=[obj.pk]),
            _("Preview and publish") if not obj.is_published else _("Quality and unpublish"),
        )

    def preview_view(self, request, object_id: int):
        """The role's public page as students would see it, draft or not: staff only (admin_view),
        with a banner saying it is a preview."""
        role = get_object_or_404(Role, pk=object_id)
        if not self.has_view_or_change_permission(request, role):
            raise PermissionDenied
        full = SimpleLazyObject(lambda: selectors.role_with_everything(role))
        context = {
            "role": role,
            "full": full,
            "chart": SimpleLazyObject(lambda: role_chart(full)),
            "preview": True,
        }
        return render(request, "careers/role_detail.html", context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_unknown_hosts(request, step_urls(form.instance.steps.all()))
        warn_route_problems(request, form.instance.routes.prefetch_related("steps"))
        warn_unlikely_salaries(request, form.instance.salaries.all())

    @admin.display(description=_("training steps"), ordering="_step_count")
    def step_count(self, obj: Role) -> int:
        return obj._step_count

    def publication_impact(self, request, role: Role):
        """What publishing (or unpublishing) the role does to the quiz's advice; None here, where
        careers knows nothing of the quiz: quiz.admin's RoleAdmin measures it."""
        return None

    def publish_view(self, request, object_id: int):
        """Preview and publish: what the role still lacks, its page, its effect on the quiz's
        advice, then one button. A change that breaks a quality target needs a ticked box that
        names the target."""
        role = get_object_or_404(Role, pk=object_id)
        if not self.has_change_permission(request, role):
            raise PermissionDenied
        impact = self.publication_impact(request, role)
        # Unpublishing needs nothing: no problem to fix, no target to accept.
        risks = impact.broken if impact is not None and not role.is_published else []
        problems = [] if role.is_published else role.publication_problems()
        form = PublishForm(request.POST if request.method == "POST" else None, risks=risks, problems=problems)
        if request.method == "POST" and form.is_valid():
            remember_before(request, role)  # the history keeps the status before and after
            if role.is_published:
                services.role_unpublish(role=role)
                self.log_change(request, role, [{"changed": {"fields": ["is_published"]}}])
                self.message_user(
                    request, _("“%(role)s” is a draft again: students no longer see it.") % {"role": role}
                )
            else:
                services.role_publish(role=role)
                self.log_change(request, role, [{"changed": {"fields": ["is_published"]}}])
                self.message_user(
                    request,
                    _("“%(role)s” is published: students see it now.") % {"role": role},
                    messages.SUCCESS,
                )
            return redirect("admin:careers_role_change", role.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": role,
            "role": role,
            "title": _("Preview and publish “%(role)s”") % {"role": role},
            "problems": problems,
            "impact": impact,
            "form": form,
        }
        return TemplateResponse(request, "admin/careers/role/publish.html", context)
