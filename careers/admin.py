from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from careers.models import CareerMove, Dimension, Role, RoleWeight, SalaryRange, TrainingStep


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


class TrainingStepInline(admin.StackedInline):
    model = TrainingStep
    extra = 0
    fields = [
        ("order", "kind"),
        "title",
        ("from_level", "to_level", "rncp_level", "duration"),
        "description",
        "dimensions",
        "url",
    ]
    filter_horizontal = ["dimensions"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "slug",
        "education_level",
        "rome_code",
        "is_published",
        "step_count",
        "updated_at",
    ]
    list_filter = ["is_published", "education_level"]
    list_editable = ["is_published"]
    search_fields = ["title", "slug", "other_titles", "summary", "rome_code"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoleWeightInline, TrainingStepInline, SalaryRangeInline, CareerMoveInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "other_titles", "summary", "description", "is_published"]}),
        (_("The job"), {"fields": ["missions", "skills", "soft_skills", "pros", "cons"]}),
        (
            _("Studies and market"),
            {
                "fields": [
                    "education_level",
                    "education",
                    "recommended_bac",
                    "employability",
                    "mobility",
                    "sectors",
                    "employers",
                ]
            },
        ),
        (_("Codes"), {"fields": [("rome_code", "rome_label"), ("fap_code", "fap_label")]}),
        (_("Source"), {"fields": ["source_file", "source_title", "source_year", "content_key"]}),
    ]
    readonly_fields = ["content_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_step_count=Count("steps"))

    @admin.display(description=_("training steps"), ordering="_step_count")
    def step_count(self, obj: Role) -> int:
        return obj._step_count
