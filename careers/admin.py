from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from careers import links
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
)


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["content_key"]


class RoleWeightInline(admin.TabularInline):
    model = RoleWeight
    verbose_name_plural = _("profile: how much the job relies on each dimension (0 to 5)")

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # A new role starts with one row per dimension; an existing one with the missing ones.
        total = Dimension.objects.count()
        return max(total - (obj.weights.count() if obj else 0), 0)


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


class RouteInline(admin.TabularInline):
    model = Route
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


class RouteStepInline(admin.StackedInline):
    model = TrainingStep
    fk_name = "route"
    extra = 0
    fields = STEP_FIELDS
    filter_horizontal = ["dimensions"]
    verbose_name_plural = _("steps of this route, in order")


def warn_unknown_hosts(request, urls) -> None:
    """A link may point anywhere on https, but an editor hears when its host is not a public body
    the project knows (settings.KNOWN_PUBLIC_HOSTS): check it is the right page."""
    hosts = links.unknown_hosts(urls)
    if hosts:
        messages.warning(
            request,
            _("Check these links: their sites are not among the public sites Cap IA knows: %(hosts)s.")
            % {"hosts": ", ".join(hosts)},
        )


def step_urls(steps) -> list[str]:
    return [url for step in steps for url in (step.onisep_url, step.url) if url]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year", "url", "seed_file"]
    search_fields = ["title", "publisher", "url", "key"]
    prepopulated_fields = {"key": ["title"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_unknown_hosts(request, [obj.url])


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
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


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "education_level",
        "is_published",
        "step_count",
        "updated_at",
    ]
    list_filter = ["is_published", "education_level"]
    list_editable = ["is_published"]
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
        (None, {"fields": ["title", "slug", "other_titles", "summary", "description", "is_published"]}),
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
    readonly_fields = ["content_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_step_count=Count("steps"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_unknown_hosts(request, step_urls(form.instance.steps.all()))

    @admin.display(description=_("training steps"), ordering="_step_count")
    def step_count(self, obj: Role) -> int:
        return obj._step_count
