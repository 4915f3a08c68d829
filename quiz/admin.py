from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from careers.models import Dimension
from quiz.models import MAX_EFFECT, Answer, Attempt, Choice, ChoiceEffect, Question, Questionnaire, Result
from quiz.quality import distinctness_warnings

EFFECT_PREFIX = "effect_"


class ChoiceForm(forms.ModelForm):
    """A choice with one small field per dimension: the effects, edited as a grid."""

    dimensions: list[Dimension] = []

    class Meta:
        model = Choice
        fields = ["order", "key", "text", "diploma", "situation", "dont_know"]

    @classmethod
    def for_dimensions(cls, dimensions: list[Dimension]) -> type[ChoiceForm]:
        """A subclass declaring one effect field per dimension, so the admin's form factory knows them."""
        fields = {
            EFFECT_PREFIX + dimension.slug: forms.IntegerField(
                label=dimension.name,
                required=False,
                min_value=-MAX_EFFECT,
                max_value=MAX_EFFECT,
                widget=forms.NumberInput(attrs={"class": "vIntegerField"}),
            )
            for dimension in dimensions
        }
        return type("ChoiceFormWithDimensions", (cls,), {"dimensions": dimensions, **fields})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for effect in self.instance.effects.all():
                name = EFFECT_PREFIX + effect.dimension.slug
                if name in self.fields:
                    self.fields[name].initial = effect.value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("dont_know") and any(cleaned.get(EFFECT_PREFIX + d.slug) for d in self.dimensions):
            raise forms.ValidationError(
                _("A “don't know” choice says nothing about the student: leave its effects empty.")
            )
        return cleaned

    def save_effects(self) -> None:
        for dimension in self.dimensions:
            value = self.cleaned_data.get(EFFECT_PREFIX + dimension.slug)
            if value:
                ChoiceEffect.objects.update_or_create(
                    choice=self.instance, dimension=dimension, defaults={"value": value}
                )
            else:
                ChoiceEffect.objects.filter(choice=self.instance, dimension=dimension).delete()


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceForm
    extra = 0
    verbose_name_plural = _("choices, and what each says about the student (-2 to +2 per dimension)")

    def get_formset(self, request, obj=None, **kwargs):
        dimensions = list(Dimension.objects.all())
        kwargs["form"] = ChoiceForm.for_dimensions(dimensions)
        kwargs["fields"] = ["order", "key", "text", "diploma", "situation", "dont_know"] + [
            EFFECT_PREFIX + d.slug for d in dimensions
        ]
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("effects__dimension")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "order", "kind", "asks"]
    list_filter = ["questionnaire", "kind", "asks"]
    list_editable = ["order"]
    search_fields = ["text", "key", "help_text", "choices__text"]
    prepopulated_fields = {"key": ["text"]}
    inlines = [ChoiceInline]
    list_select_related = ["questionnaire"]

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for choice_form in formset.forms:
            if (
                isinstance(choice_form, ChoiceForm)
                and choice_form.instance.pk
                and not (formset.can_delete and formset._should_delete_form(choice_form))
            ):
                choice_form.save_effects()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in distinctness_warnings(form.instance.questionnaire):
            messages.warning(request, warning)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "kind", "asks"]
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "created_at", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    inlines = [QuestionInline]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        questionnaire = self.get_object(request, object_id)
        if request.method == "GET" and questionnaire is not None:
            for warning in distinctness_warnings(questionnaire):
                messages.warning(request, warning)
        return super().change_view(request, object_id, form_url, extra_context)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "created_at", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = [
        "public_id",
        "questionnaire",
        "language",
        "diploma",
        "situation",
        "created_at",
        "finished_at",
    ]
    list_filter = ["language", "diploma", "situation", "questionnaire"]
    readonly_fields = [
        "public_id",
        "questionnaire",
        "language",
        "diploma",
        "situation",
        "created_at",
        "finished_at",
    ]
    inlines = [AnswerInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["attempt", "created_at"]
    readonly_fields = ["attempt", "created_at", "snapshot"]

    def has_add_permission(self, request) -> bool:
        return False
